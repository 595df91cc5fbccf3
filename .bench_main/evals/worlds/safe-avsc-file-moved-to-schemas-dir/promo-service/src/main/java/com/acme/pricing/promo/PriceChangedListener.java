package com.acme.pricing.promo;

import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
public class PriceChangedListener {

    private final PromoEligibility eligibility;

    public PriceChangedListener(PromoEligibility eligibility) {
        this.eligibility = eligibility;
    }

    @KafkaListener(topics = "pricing.price-changed", groupId = "promo-service")
    public void onPriceChanged(ConsumerRecord<String, GenericRecord> rec) {
        GenericRecord event = rec.value();
        GenericRecord newPrice = (GenericRecord) event.get("new_price");
        String reason = event.get("reason").toString();
        eligibility.reevaluate(event.get("sku").toString(), (Long) newPrice.get("amount_minor"), reason);
    }
}
