package com.meterly.invoicing

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.isActive
import kotlinx.coroutines.withContext
import org.apache.kafka.clients.consumer.ConsumerRecord
import org.apache.kafka.clients.consumer.KafkaConsumer
import org.apache.kafka.clients.producer.KafkaProducer
import org.apache.kafka.clients.producer.ProducerRecord
import org.slf4j.LoggerFactory
import java.time.Duration

class UsageConsumer(
    private val config: InvoicingConfig,
    private val consumer: KafkaConsumer<String, String>,
    private val dlqProducer: KafkaProducer<String, String>,
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
            log.warn("usage record {}-{}@{} failed, parking on {}", record.topic(), record.partition(), record.offset(), config.dlqTopic, e)
            val parked = ProducerRecord(config.dlqTopic, record.key(), record.value())
            parked.headers().add("x-error", (e.message ?: e.javaClass.name).toByteArray())
            parked.headers().add("x-source-offset", "${record.partition()}:${record.offset()}".toByteArray())
            dlqProducer.send(parked).get()
        }
    }
}
