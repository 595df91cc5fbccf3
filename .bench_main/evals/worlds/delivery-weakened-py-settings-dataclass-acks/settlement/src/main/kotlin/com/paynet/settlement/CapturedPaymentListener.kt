package com.paynet.settlement

import com.fasterxml.jackson.databind.ObjectMapper
import com.fasterxml.jackson.module.kotlin.readValue
import org.springframework.kafka.annotation.KafkaListener
import org.springframework.stereotype.Component

data class PaymentCaptured(
    val payment_id: String,
    val merchant_id: String,
    val amount_minor: Long,
    val currency: String,
)

@Component
class CapturedPaymentListener(
    private val mapper: ObjectMapper,
    private val payouts: PayoutBook,
) {
    @KafkaListener(topics = ["\${settlement.topics.captured}"])
    fun onCaptured(payload: String) {
        val event: PaymentCaptured = mapper.readValue(payload)
        payouts.credit(event.merchant_id, event.amount_minor, event.currency, event.payment_id)
    }
}
