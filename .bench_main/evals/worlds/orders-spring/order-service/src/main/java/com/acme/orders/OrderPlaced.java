package com.acme.orders;

import java.time.Instant;

public record OrderPlaced(
        String orderId,
        String customerId,
        String customerEmail,
        long amountCents,
        String currency,
        Instant placedAt) {
}
