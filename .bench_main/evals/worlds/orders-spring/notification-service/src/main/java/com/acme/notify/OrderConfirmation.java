package com.acme.notify;

public record OrderConfirmation(String orderId, String customerEmail, long amountCents, String currency) {
}
