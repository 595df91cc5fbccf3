package com.tradeco.pricing;

final class QuoteCalculator {

    private static final long VAT_BASIS_POINTS = 2000;

    private QuoteCalculator() {}

    static Quote quote(PriceChange change) {
        long vat = change.listPriceMinor() * VAT_BASIS_POINTS / 10_000;
        return new Quote(change.sku(), change.listPriceMinor() + vat, vat, change.currency());
    }
}
