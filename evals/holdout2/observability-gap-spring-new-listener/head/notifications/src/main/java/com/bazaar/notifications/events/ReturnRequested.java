package com.bazaar.notifications.events;

import java.util.List;

public record ReturnRequested(String returnId, String orderId, String customerId, List<String> items, String reason) {}
