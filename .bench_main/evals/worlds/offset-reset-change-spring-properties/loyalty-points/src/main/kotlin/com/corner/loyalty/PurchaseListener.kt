package com.corner.loyalty

import com.fasterxml.jackson.databind.ObjectMapper
import com.fasterxml.jackson.module.kotlin.readValue
import org.springframework.beans.factory.annotation.Value
import org.springframework.jdbc.core.JdbcTemplate
import org.springframework.kafka.annotation.KafkaListener
import org.springframework.stereotype.Component

data class Purchase(val receiptId: String, val memberId: String?, val totalCents: Long)

@Component
class PurchaseListener(
    private val jdbc: JdbcTemplate,
    private val mapper: ObjectMapper,
    @Value("\${loyalty.points-per-euro}") private val pointsPerEuro: Long,
) {
    @KafkaListener(topics = ["\${loyalty.topics.purchases}"])
    fun onPurchase(payload: String) {
        val purchase = mapper.readValue<Purchase>(payload)
        val member = purchase.memberId ?: return
        val points = purchase.totalCents / 100 * pointsPerEuro
        jdbc.update(
            "UPDATE member_balance SET points = points + ? WHERE member_id = ?",
            points,
            member,
        )
    }
}
