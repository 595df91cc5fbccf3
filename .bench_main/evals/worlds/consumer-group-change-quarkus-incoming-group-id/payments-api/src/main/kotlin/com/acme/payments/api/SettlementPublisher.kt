package com.acme.payments.api

import org.springframework.beans.factory.annotation.Value
import org.springframework.kafka.core.KafkaTemplate
import org.springframework.stereotype.Component
import java.math.BigDecimal
import java.time.Instant

data class PaymentSettled(
    val paymentId: String,
    val merchantId: String,
    val amount: BigDecimal,
    val currency: String,
    val settledAt: Instant,
)

@Component
class SettlementPublisher(
    private val kafkaTemplate: KafkaTemplate<String, PaymentSettled>,
    @Value("\${payments.topics.settled}") private val settledTopic: String,
) {
    fun publish(event: PaymentSettled) {
        kafkaTemplate.send(settledTopic, event.merchantId, event).get()
    }
}
