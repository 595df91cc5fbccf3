package com.stockly.watcher

import org.slf4j.LoggerFactory

class AlertSink {
    private val log = LoggerFactory.getLogger(javaClass)

    fun lowStock(sku: String, warehouse: String, onHand: Int) {
        log.warn("LOW STOCK {} @ {}: {} left", sku, warehouse, onHand)
    }
}
