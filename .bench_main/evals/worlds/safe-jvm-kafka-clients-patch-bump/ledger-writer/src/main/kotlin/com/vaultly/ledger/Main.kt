package com.vaultly.ledger

import kotlinx.coroutines.runBlocking

fun main() = runBlocking {
    LedgerWriter(
        bootstrapServers = System.getenv("KAFKA_BOOTSTRAP_SERVERS") ?: "localhost:9092",
        topic = "ledger.entries",
    ).use { writer ->
        writer.write(LedgerEntry("acc-1", "credit", 1_000))
    }
}
