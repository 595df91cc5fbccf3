package dev.tallypay.cards

data class Decision(
    val authorizationId: String,
    val cardToken: String,
    val merchant: String,
    val amountMinor: Long,
    val currency: String,
    val approved: Boolean,
    val declineCode: String? = null,
)
