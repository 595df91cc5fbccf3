package com.vaultly.ledger

import com.fasterxml.jackson.module.kotlin.jacksonObjectMapper
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import org.apache.kafka.clients.producer.KafkaProducer
import org.apache.kafka.clients.producer.ProducerConfig
import org.apache.kafka.clients.producer.ProducerRecord
import org.apache.kafka.common.serialization.StringSerializer

data class LedgerEntry(val accountId: String, val side: String, val amountMinor: Long)

class LedgerWriter(bootstrapServers: String, private val topic: String) : AutoCloseable {

    private val mapper = jacksonObjectMapper()
    private val producer = KafkaProducer(
        mapOf<String, Any>(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG to bootstrapServers,
            ProducerConfig.ACKS_CONFIG to "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG to true,
        ),
        StringSerializer(),
        StringSerializer(),
    )

    suspend fun write(entry: LedgerEntry) = withContext(Dispatchers.IO) {
        producer.send(ProducerRecord(topic, entry.accountId, mapper.writeValueAsString(entry))).get()
    }

    override fun close() = producer.close()
}
