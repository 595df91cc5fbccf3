package com.acme.payments.ledger;

import java.math.BigDecimal;
import java.time.Instant;

public record PaymentSettled(String paymentId, String merchantId, BigDecimal amount, String currency, Instant settledAt) {}
