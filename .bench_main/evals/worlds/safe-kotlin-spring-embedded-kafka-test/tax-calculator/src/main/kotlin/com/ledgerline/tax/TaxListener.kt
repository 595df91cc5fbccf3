package com.ledgerline.tax

import com.fasterxml.jackson.databind.ObjectMapper
import com.fasterxml.jackson.databind.node.ObjectNode
import org.springframework.beans.factory.annotation.Value
import org.springframework.kafka.annotation.KafkaListener
import org.springframework.kafka.core.KafkaTemplate
import org.springframework.stereotype.Component

@Component
class TaxListener(
    private val kafka: KafkaTemplate<String, String>,
    private val mapper: ObjectMapper,
    private val rates: TaxRates,
    @Value("\${tax.output-topic}") private val outputTopic: String,
) {
    @KafkaListener(topics = ["\${tax.input-topic}"])
    fun onPricedOrder(key: String, payload: String) {
        val order = mapper.readTree(payload) as ObjectNode
        val net = order["net_cents"].asLong()
        val tax = rates.taxFor(order["ship_to_region"].asText(), net)
        order.put("tax_cents", tax).put("gross_cents", net + tax)
        kafka.send(outputTopic, key, mapper.writeValueAsString(order)).get()
    }
}
