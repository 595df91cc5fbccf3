package org.quantdesk.archiver

import org.apache.kafka.clients.consumer.ConsumerConfig
import org.apache.kafka.clients.consumer.KafkaConsumer
import org.apache.kafka.common.serialization.StringDeserializer
import java.time.Duration
import java.util.Properties

fun main() {
    val props = Properties().apply {
        put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getenv("KAFKA_BOOTSTRAP"))
        put(ConsumerConfig.GROUP_ID_CONFIG, "trade-archiver")
        put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
        put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
        put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer::class.java)
        put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer::class.java)
    }
    val sink = S3BatchSink(bucket = System.getenv("ARCHIVE_BUCKET"))
    KafkaConsumer<String, String>(props).use { consumer ->
        consumer.subscribe(listOf("trades.executed"))
        while (true) {
            val records = consumer.poll(Duration.ofSeconds(1))
            if (records.isEmpty) continue
            sink.write(records.map { it.value() })
            consumer.commitSync()
        }
    }
}
