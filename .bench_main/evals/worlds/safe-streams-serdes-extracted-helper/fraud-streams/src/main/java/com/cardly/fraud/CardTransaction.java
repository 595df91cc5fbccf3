package com.cardly.fraud;

public record CardTransaction(String transactionId, String cardId, String merchantCategory, String country, long amountMinor) {}
