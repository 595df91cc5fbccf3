package com.stockly.watcher

import com.fasterxml.jackson.module.kotlin.jacksonObjectMapper
import com.fasterxml.jackson.module.kotlin.readValue
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch
import org.apache.kafka.clients.consumer.ConsumerConfig
import org.apache.kafka.clients.consumer.KafkaConsumer
import org.apache.kafka.common.errors.WakeupException
import org.apache.kafka.common.serialization.StringDeserializer
import org.slf4j.LoggerFactory
import java.time.Duration

/** One stock snapshot for a SKU in a warehouse, as published on inventory.levels. */
data class StockLevel(val sku: String, val warehouse: String, val onHand: Int)

/**
 * Watches inventory.levels and raises a low-stock alert whenever a SKU drops to or
 * below the configured threshold. Offsets are auto-committed: a missed alert is
 * acceptable, the next snapshot raises it again.
 */
class StockLevelConsumer(
    private val config: WatcherConfig,
    private val alertSink: AlertSink,
) {
    private val log = LoggerFactory.getLogger(javaClass)
    private val objectMapper = jacksonObjectMapper()

    private val kafkaConsumer = KafkaConsumer(
        mapOf<String, Any>(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG to config.bootstrapServers,
            ConsumerConfig.GROUP_ID_CONFIG to config.groupId,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG to "latest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG to true,
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG to 500,
        ),
        StringDeserializer(),
        StringDeserializer(),
    )

    /** Starts the poll loop on the IO dispatcher; cancel the job or call [stop] to end it. */
    fun start(scope: CoroutineScope): Job = scope.launch(Dispatchers.IO) {
        kafkaConsumer.subscribe(listOf(config.topic))
        try {
            while (isActive) {
                val records = kafkaConsumer.poll(Duration.ofMillis(250))
                for (record in records) {
                    val stockLevel: StockLevel = objectMapper.readValue(record.value())
                    onStockLevel(stockLevel)
                }
            }
        } catch (e: WakeupException) {
            log.info("stock watcher shutting down")
        } finally {
            kafkaConsumer.close()
        }
    }

    /** Thread-safe: interrupts a blocking poll so the loop can exit. */
    fun stop() = kafkaConsumer.wakeup()

    private fun onStockLevel(stockLevel: StockLevel) {
        if (stockLevel.onHand <= config.lowStockThreshold) {
            alertSink.lowStock(stockLevel.sku, stockLevel.warehouse, stockLevel.onHand)
        }
    }
}
