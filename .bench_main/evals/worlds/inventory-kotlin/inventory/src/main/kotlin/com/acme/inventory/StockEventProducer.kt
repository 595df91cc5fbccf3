package com.acme.inventory

import com.acme.inventory.avro.StockLevelChanged
import io.confluent.kafka.serializers.KafkaAvroSerializer
import io.micrometer.core.instrument.MeterRegistry
import org.apache.kafka.clients.producer.KafkaProducer
import org.apache.kafka.clients.producer.ProducerConfig
import org.apache.kafka.clients.producer.ProducerRecord
import org.apache.kafka.common.serialization.StringSerializer
import org.slf4j.LoggerFactory

class StockEventProducer(
    bootstrapServers: String,
    registryUrl: String,
    private val meters: MeterRegistry,
) : AutoCloseable {
    private val log = LoggerFactory.getLogger(StockEventProducer::class.java)

    private val producer = KafkaProducer<String, StockLevelChanged>(
        mapOf(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG to bootstrapServers,
            ProducerConfig.CLIENT_ID_CONFIG to "inventory",
            ProducerConfig.ACKS_CONFIG to "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG to true,
            ProducerConfig.RETRIES_CONFIG to Int.MAX_VALUE,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG to StringSerializer::class.java,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG to KafkaAvroSerializer::class.java,
            "schema.registry.url" to registryUrl,
        ),
    )

    fun publish(event: StockLevelChanged) {
        producer.send(ProducerRecord(STOCK_LEVELS_TOPIC, event.sku, event)) { _, error ->
            if (error != null) {
                meters.counter("inventory.stock.events", "outcome", "failed").increment()
                log.error("could not publish stock level for {}", event.sku, error)
            } else {
                meters.counter("inventory.stock.events", "outcome", "ok").increment()
            }
        }
    }

    override fun close() {
        producer.flush()
        producer.close()
    }

    companion object {
        const val STOCK_LEVELS_TOPIC = "inventory.stock-levels"
    }
}
