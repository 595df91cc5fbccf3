package com.tradeco.pricing;

public record PriceChange(String sku, long listPriceMinor, String currency) {}
