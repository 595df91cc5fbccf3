package com.stockly.watcher

import kotlinx.coroutines.runBlocking

fun main() = runBlocking {
    val consumer = StockLevelConsumer(WatcherConfig(), AlertSink())
    Runtime.getRuntime().addShutdownHook(Thread { consumer.stop() })
    consumer.start(this).join()
}
