package app.pennywise.wallet

import kotlinx.serialization.Serializable
import kotlinx.serialization.encodeToString
import kotlinx.serialization.json.Json
import org.apache.kafka.clients.producer.KafkaProducer
import org.apache.kafka.clients.producer.ProducerConfig
import org.apache.kafka.clients.producer.ProducerRecord
import org.apache.kafka.common.serialization.StringSerializer

@Serializable
data class WalletTransaction(
    val transactionId: String,
    val walletId: String,
    val amountMinor: Long,
    val kind: String,
    val at: Long,
)

class TransactionPublisher(bootstrap: String) : AutoCloseable {
    private val producer = KafkaProducer<String, String>(
        mapOf<String, Any>(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG to bootstrap,
            ProducerConfig.ACKS_CONFIG to "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG to true,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG to StringSerializer::class.java,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG to StringSerializer::class.java,
        ),
    )

    fun publish(txn: WalletTransaction) {
        // keyed by wallet: every consumer sees a wallet's movements in order
        producer.send(ProducerRecord(TOPIC, txn.walletId, Json.encodeToString(txn))).get()
    }

    override fun close() = producer.close()

    companion object {
        const val TOPIC = "wallet.transactions"
    }
}
