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

data class StockLevel(val sku: String, val warehouse: String, val onHand: Int)

class StockLevelConsumer(
    private val cfg: WatcherConfig,
    private val alerts: AlertSink,
) {
    private val log = LoggerFactory.getLogger(javaClass)
    private val json = jacksonObjectMapper()

    private val kc = KafkaConsumer(
        mapOf<String, Any>(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG to cfg.bootstrapServers,
            ConsumerConfig.GROUP_ID_CONFIG to cfg.groupId,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG to "latest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG to true,
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG to 500,
        ),
        StringDeserializer(),
        StringDeserializer(),
    )

    fun start(scope: CoroutineScope): Job = scope.launch(Dispatchers.IO) {
        kc.subscribe(listOf(cfg.topic))
        try {
            while (isActive) {
                val recs = kc.poll(Duration.ofMillis(250))
                for (r in recs) {
                    val lvl: StockLevel = json.readValue(r.value())
                    handle(lvl)
                }
            }
        } catch (e: WakeupException) {
            log.info("stock watcher shutting down")
        } finally {
            kc.close()
        }
    }

    fun stop() = kc.wakeup()

    private fun handle(lvl: StockLevel) {
        if (lvl.onHand <= cfg.lowStockThreshold) {
            alerts.lowStock(lvl.sku, lvl.warehouse, lvl.onHand)
        }
    }
}
