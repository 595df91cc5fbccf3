package com.ledgerline.tax

import org.springframework.stereotype.Component

@Component
class TaxRates {
    private val basisPoints = mapOf("DE" to 1900L, "FR" to 2000L, "NL" to 2100L)

    fun taxFor(region: String, netCents: Long): Long = netCents * (basisPoints[region] ?: 0L) / 10_000
}
