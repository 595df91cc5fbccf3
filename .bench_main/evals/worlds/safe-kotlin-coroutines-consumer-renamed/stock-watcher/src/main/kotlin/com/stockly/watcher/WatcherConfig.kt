package com.stockly.watcher

data class WatcherConfig(
    val bootstrapServers: String = System.getenv("KAFKA_BOOTSTRAP_SERVERS") ?: "localhost:9092",
    val topic: String = System.getenv("STOCK_LEVELS_TOPIC") ?: "inventory.levels",
    val groupId: String = "stock-watcher",
    val lowStockThreshold: Int = (System.getenv("LOW_STOCK_THRESHOLD") ?: "5").toInt(),
)
