package com.cardly.fraud;

public record FraudAlert(String transactionId, String cardId, double score, long amountMinor) {}
