package com.acme.checkout

import org.springframework.kafka.core.KafkaTemplate
import org.springframework.stereotype.Component

@Component
class PaidPublisher(private val kafka: KafkaTemplate<String, String>) {
    fun paid(orderId: String, payload: String) {
        kafka.send("order-paid", orderId, payload)
    }
}
