package com.acme.payments;

/** Kafka topics written by payments-api. */
public final class Topics {
    public static final String PAYMENTS_CAPTURED = "payments.captured";

    private Topics() {
    }
}
