package com.coinly.balances

import com.fasterxml.jackson.module.kotlin.jacksonObjectMapper
import com.fasterxml.jackson.module.kotlin.readValue
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.isActive
import kotlinx.coroutines.withContext
import org.apache.kafka.clients.consumer.ConsumerConfig
import org.apache.kafka.clients.consumer.KafkaConsumer
import org.apache.kafka.common.serialization.StringDeserializer
import java.time.Duration

data class TxnEvent(val transactionId: String, val accountId: String, val type: String, val amountMinor: Long)

/**
 * Keeps the running balance of every account. Relies on per-account ordering of
 * wallet.transactions: a WITHDRAWAL is rejected as an overdraft if it is applied
 * before the DEPOSIT that funded it.
 */
class BalanceProjector(private val settings: Settings, private val store: BalanceStore) {

    private val mapper = jacksonObjectMapper()

    suspend fun run() = withContext(Dispatchers.IO) {
        val consumer = KafkaConsumer<String, String>(
            mapOf(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG to settings.bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG to settings.groupId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG to false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG to "earliest",
            ),
            StringDeserializer(),
            StringDeserializer(),
        )
        consumer.use {
            it.subscribe(listOf(settings.topic))
            while (isActive) {
                val records = it.poll(Duration.ofMillis(500))
                for (record in records) {
                    val txn: TxnEvent = mapper.readValue(record.value())
                    store.apply(txn.accountId, signed(txn), txn.transactionId)
                }
                if (!records.isEmpty) it.commitSync()
            }
        }
    }

    private fun signed(txn: TxnEvent): Long = when (txn.type) {
        "DEPOSIT", "TRANSFER_IN" -> txn.amountMinor
        else -> -txn.amountMinor
    }
}
