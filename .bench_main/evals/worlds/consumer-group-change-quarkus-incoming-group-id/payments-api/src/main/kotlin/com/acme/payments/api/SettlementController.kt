package com.acme.payments.api

import org.springframework.http.HttpStatus
import org.springframework.web.bind.annotation.PostMapping
import org.springframework.web.bind.annotation.RequestBody
import org.springframework.web.bind.annotation.ResponseStatus
import org.springframework.web.bind.annotation.RestController
import java.math.BigDecimal
import java.time.Instant

data class SettlementRequest(val paymentId: String, val merchantId: String, val amount: BigDecimal, val currency: String)

@RestController
class SettlementController(private val publisher: SettlementPublisher) {

    @PostMapping("/settlements")
    @ResponseStatus(HttpStatus.ACCEPTED)
    fun settle(@RequestBody req: SettlementRequest) {
        publisher.publish(PaymentSettled(req.paymentId, req.merchantId, req.amount, req.currency, Instant.now()))
    }
}
