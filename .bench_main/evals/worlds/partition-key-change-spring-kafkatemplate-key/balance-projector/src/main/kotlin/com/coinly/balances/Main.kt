package com.coinly.balances

import kotlinx.coroutines.runBlocking

fun main() = runBlocking {
    val settings = Settings.fromEnv()
    BalanceProjector(settings, BalanceStore(settings.jdbcUrl)).run()
}
