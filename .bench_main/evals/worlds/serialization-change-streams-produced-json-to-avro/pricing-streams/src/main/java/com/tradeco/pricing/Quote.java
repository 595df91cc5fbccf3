package com.tradeco.pricing;

public record Quote(String sku, long priceMinor, long vatMinor, String currency) {}
