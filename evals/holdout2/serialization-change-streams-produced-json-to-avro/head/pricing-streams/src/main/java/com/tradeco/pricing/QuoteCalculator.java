package com.tradeco.pricing;

import com.tradeco.pricing.avro.PriceQuote;

final class QuoteCalculator {

    private static final long VAT_BASIS_POINTS = 2000;

    private QuoteCalculator() {}

    static Quote quote(PriceChange change) {
        long vat = change.listPriceMinor() * VAT_BASIS_POINTS / 10_000;
        return new Quote(change.sku(), change.listPriceMinor() + vat, vat, change.currency());
    }

    static PriceQuote toAvro(Quote quote) {
        return PriceQuote.newBuilder()
                .setSku(quote.sku())
                .setPriceMinor(quote.priceMinor())
                .setVatMinor(quote.vatMinor())
                .setCurrency(quote.currency())
                .build();
    }
}
