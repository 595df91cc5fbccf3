package dev.tallypay.cards

import dev.tallypay.cards.avro.AuthorizationDecided
import io.confluent.kafka.serializers.KafkaAvroSerializer
import org.apache.kafka.clients.producer.KafkaProducer
import org.apache.kafka.clients.producer.ProducerConfig
import org.apache.kafka.clients.producer.ProducerRecord
import org.apache.kafka.common.serialization.StringSerializer
import java.time.Instant
import java.util.Properties

class DecisionPublisher(bootstrap: String, registryUrl: String) : AutoCloseable {
    private val producer = KafkaProducer<String, AuthorizationDecided>(
        Properties().apply {
            put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap)
            put(ProducerConfig.ACKS_CONFIG, "all")
            put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
            put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer::class.java)
            put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, KafkaAvroSerializer::class.java)
            put("schema.registry.url", registryUrl)
        },
    )

    fun publish(decision: Decision) {
        val event = AuthorizationDecided.newBuilder()
            .setAuthorizationId(decision.authorizationId)
            .setCardToken(decision.cardToken)
            .setMerchantId(decision.merchant)
            .setAmountMinor(decision.amountMinor)
            .setCurrency(decision.currency)
            .setApproved(decision.approved)
            .setDeclineCode(decision.declineCode)
            .setDecidedAt(Instant.now())
            .build()
        producer.send(ProducerRecord(TOPIC, decision.cardToken, event)) { _, error ->
            if (error != null) Metrics.publishFailures.increment()
        }
    }

    override fun close() = producer.close()

    companion object {
        const val TOPIC = "cards.authorizations.decided"
    }
}
