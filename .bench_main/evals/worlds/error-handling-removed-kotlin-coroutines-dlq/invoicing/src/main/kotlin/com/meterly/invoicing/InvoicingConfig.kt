package com.meterly.invoicing

data class InvoicingConfig(
    val bootstrapServers: String,
    val usageTopic: String,
    val dlqTopic: String,
    val groupId: String,
    val pollTimeoutMs: Long,
    val jdbcUrl: String,
) {
    companion object {
        fun load(env: Map<String, String> = System.getenv()) = InvoicingConfig(
            bootstrapServers = env["KAFKA_BOOTSTRAP_SERVERS"] ?: "localhost:9092",
            usageTopic = env["USAGE_TOPIC"] ?: "metering.usage-recorded",
            dlqTopic = env["USAGE_DLQ_TOPIC"] ?: "metering.usage-recorded.dlq",
            groupId = env["INVOICING_GROUP_ID"] ?: "invoicing",
            pollTimeoutMs = (env["POLL_TIMEOUT_MS"] ?: "500").toLong(),
            jdbcUrl = env["INVOICING_JDBC_URL"] ?: "jdbc:postgresql://localhost/invoicing",
        )
    }
}
