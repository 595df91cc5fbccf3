package com.acme.forecasting

import com.acme.inventory.avro.StockLevelChanged
import io.confluent.kafka.serializers.KafkaAvroDeserializer
import java.sql.DriverManager
import java.time.Duration
import org.apache.kafka.clients.consumer.ConsumerConfig
import org.apache.kafka.clients.consumer.KafkaConsumer
import org.apache.kafka.common.serialization.StringDeserializer

fun main() {
    val db = DriverManager.getConnection(System.getenv("FORECAST_DB_URL"))
    val insert = db.prepareStatement(
        "INSERT INTO stock_snapshots (sku, warehouse_id, free_quantity, observed_at) VALUES (?, ?, ?, ?)",
    )
    val consumer = KafkaConsumer<String, StockLevelChanged>(
        mapOf(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG to (System.getenv("KAFKA_BOOTSTRAP_SERVERS") ?: "localhost:9092"),
            ConsumerConfig.GROUP_ID_CONFIG to "forecasting-snapshots",
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
            val records = consumer.poll(Duration.ofSeconds(1))
            for (rec in records) {
                val event = rec.value()
                insert.setString(1, event.sku)
                insert.setString(2, event.warehouseId)
                insert.setInt(3, event.quantity - event.reserved)
                insert.setObject(4, event.updatedAt)
                insert.addBatch()
            }
            if (!records.isEmpty) {
                insert.executeBatch()
                consumer.commitSync()
            }
        }
    }
}
