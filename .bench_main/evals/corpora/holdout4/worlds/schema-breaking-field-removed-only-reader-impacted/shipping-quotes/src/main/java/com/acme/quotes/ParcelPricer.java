package com.acme.quotes;

import com.acme.catalog.ProductPublished;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
public class ParcelPricer {
    private final RateCard rates;

    public ParcelPricer(RateCard rates) {
        this.rates = rates;
    }

    @KafkaListener(topics = "product-published", groupId = "shipping-quotes")
    public void onProduct(ProductPublished product) {
        rates.store(product.getSku().toString(), product.getWeightGrams());
    }

    public interface RateCard { void store(String sku, int grams); }
}
