package com.paynet.settlement

import org.springframework.jdbc.core.JdbcTemplate
import org.springframework.stereotype.Repository

@Repository
class PayoutBook(private val jdbc: JdbcTemplate) {
    fun credit(merchantId: String, amountMinor: Long, currency: String, paymentId: String) {
        jdbc.update(
            "INSERT INTO merchant_payable (payment_id, merchant_id, amount_minor, currency) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            paymentId, merchantId, amountMinor, currency,
        )
    }
}
