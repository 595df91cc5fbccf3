package com.acme.iot.archiver

import com.fasterxml.jackson.module.kotlin.jacksonObjectMapper
import com.fasterxml.jackson.module.kotlin.readValue
import org.apache.kafka.clients.consumer.ConsumerConfig
import org.apache.kafka.clients.consumer.KafkaConsumer
import org.apache.kafka.common.serialization.StringDeserializer
import java.time.Duration

data class Reading(
    val device_id: String,
    val sensor: String,
    val value: Double,
    val unit: String,
    val recorded_at: Long,
)

private const val READINGS_TOPIC = "device.readings"

fun main() {
    val props = mapOf(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG to (System.getenv("KAFKA_BOOTSTRAP_SERVERS") ?: "kafka:9092"),
        ConsumerConfig.GROUP_ID_CONFIG to "readings-archiver",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG to StringDeserializer::class.java,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG to StringDeserializer::class.java,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG to false,
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG to 2000,
    )
    val mapper = jacksonObjectMapper()
    val sink = ParquetBatchSink(bucket = System.getenv("ARCHIVE_BUCKET") ?: "acme-iot-archive")

    KafkaConsumer<String, String>(props).use { consumer ->
        consumer.subscribe(listOf(READINGS_TOPIC))
        while (true) {
            val records = consumer.poll(Duration.ofSeconds(1))
            if (records.isEmpty) continue
            val batch = records.map { mapper.readValue<Reading>(it.value()) }
            sink.write(batch)
            consumer.commitSync()
        }
    }
}
