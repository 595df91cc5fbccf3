package com.acme.storefront

import com.acme.inventory.avro.StockLevelChanged
import io.confluent.kafka.serializers.KafkaAvroDeserializer
import java.time.Duration
import org.apache.kafka.clients.consumer.ConsumerConfig
import org.apache.kafka.clients.consumer.KafkaConsumer
import org.apache.kafka.common.serialization.StringDeserializer
import org.slf4j.LoggerFactory

private val log = LoggerFactory.getLogger("AvailabilityIndexer")

fun main() {
    val index = SearchIndex(System.getenv("OPENSEARCH_URL") ?: "http://localhost:9200")
    val consumer = KafkaConsumer<String, StockLevelChanged>(
        mapOf(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG to (System.getenv("KAFKA_BOOTSTRAP_SERVERS") ?: "localhost:9092"),
            ConsumerConfig.GROUP_ID_CONFIG to "storefront-availability",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG to "latest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG to false,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG to StringDeserializer::class.java,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG to KafkaAvroDeserializer::class.java,
            "schema.registry.url" to (System.getenv("SCHEMA_REGISTRY_URL") ?: "http://localhost:8081"),
            "specific.avro.reader" to true,
        ),
    )
    consumer.subscribe(listOf("inventory.stock-levels"))
    consumer.use {
        while (true) {
            val records = consumer.poll(Duration.ofMillis(500))
            val updates = records.map { rec ->
                val event = rec.value()
                AvailabilityUpdate(event.sku, inStock = event.quantity - event.reserved > 0)
            }
            if (updates.isNotEmpty()) {
                index.bulkUpdate(updates)
                log.debug("indexed {} availability updates", updates.size)
            }
            consumer.commitSync()
        }
    }
}
