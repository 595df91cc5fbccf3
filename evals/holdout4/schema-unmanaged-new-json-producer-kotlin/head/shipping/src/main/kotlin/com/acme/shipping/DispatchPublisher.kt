package com.acme.shipping

import com.fasterxml.jackson.databind.ObjectMapper
import org.springframework.kafka.core.KafkaTemplate
import org.springframework.stereotype.Component

data class ShipmentDispatched(val orderId: String, val carrier: String, val trackingNo: String)

@Component
class DispatchPublisher(
    private val kafka: KafkaTemplate<String, String>,
    private val mapper: ObjectMapper,
) {
    fun dispatched(event: ShipmentDispatched) {
        kafka.send("shipment-dispatched", event.orderId, mapper.writeValueAsString(event))
    }
}
