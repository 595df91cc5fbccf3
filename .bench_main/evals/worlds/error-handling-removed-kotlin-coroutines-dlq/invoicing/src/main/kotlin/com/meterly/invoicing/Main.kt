package com.meterly.invoicing

import kotlinx.coroutines.runBlocking
import org.apache.kafka.clients.consumer.ConsumerConfig
import org.apache.kafka.clients.consumer.KafkaConsumer
import org.apache.kafka.clients.producer.KafkaProducer
import org.apache.kafka.clients.producer.ProducerConfig
import org.apache.kafka.common.serialization.StringDeserializer
import org.apache.kafka.common.serialization.StringSerializer

fun main() = runBlocking {
    val config = InvoicingConfig.load()
    val consumer = KafkaConsumer(
        mapOf<String, Any>(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG to config.bootstrapServers,
            ConsumerConfig.GROUP_ID_CONFIG to config.groupId,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG to false,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG to "earliest",
        ),
        StringDeserializer(),
        StringDeserializer(),
    )
    val dlqProducer = KafkaProducer(
        mapOf<String, Any>(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG to config.bootstrapServers,
            ProducerConfig.ACKS_CONFIG to "all",
        ),
        StringSerializer(),
        StringSerializer(),
    )
    UsageConsumer(config, consumer, dlqProducer, InvoiceService(config.jdbcUrl)).run()
}
