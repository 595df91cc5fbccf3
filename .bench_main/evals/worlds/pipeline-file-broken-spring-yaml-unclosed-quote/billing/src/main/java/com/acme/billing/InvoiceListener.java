package com.acme.billing;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
public class InvoiceListener {
    @KafkaListener(topics = "order-shipped")
    public void onShipped(String json) {
        // raise the invoice
    }
}
