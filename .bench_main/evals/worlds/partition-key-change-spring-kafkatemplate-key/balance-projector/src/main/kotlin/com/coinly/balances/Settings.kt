package com.coinly.balances

data class Settings(
    val bootstrapServers: String,
    val topic: String,
    val groupId: String,
    val jdbcUrl: String,
) {
    companion object {
        fun fromEnv() = Settings(
            bootstrapServers = System.getenv("KAFKA_BOOTSTRAP_SERVERS") ?: "localhost:9092",
            topic = System.getenv("WALLET_TRANSACTIONS_TOPIC") ?: "wallet.transactions",
            groupId = "balance-projector",
            jdbcUrl = System.getenv("BALANCES_JDBC_URL") ?: "jdbc:postgresql://localhost/balances",
        )
    }
}
