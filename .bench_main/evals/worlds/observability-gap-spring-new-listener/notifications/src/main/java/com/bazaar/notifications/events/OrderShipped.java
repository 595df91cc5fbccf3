package com.bazaar.notifications.events;

public record OrderShipped(String orderId, String customerId, String trackingUrl) {}
