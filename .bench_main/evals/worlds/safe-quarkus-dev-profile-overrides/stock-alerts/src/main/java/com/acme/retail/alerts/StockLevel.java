package com.acme.retail.alerts;

public record StockLevel(String sku, String storeId, int onHand, int reorderPoint) {}
