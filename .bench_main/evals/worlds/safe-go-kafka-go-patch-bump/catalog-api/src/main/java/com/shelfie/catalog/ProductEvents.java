package com.shelfie.catalog;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

@Component
public class ProductEvents {
    private final KafkaTemplate<String, Product> template;
    private final String topic;

    public ProductEvents(KafkaTemplate<String, Product> template,
                         @Value("${catalog.events.product-updated}") String topic) {
        this.template = template;
        this.topic = topic;
    }

    public void updated(Product product) {
        template.send(topic, product.sku(), product);
    }

    public record Product(String sku, String title, long priceCents, boolean available) {}
}
