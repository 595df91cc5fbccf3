package com.acme.loyalty;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
public class PointsListener {
    private final PointsLedger ledger;

    public PointsListener(PointsLedger ledger) {
        this.ledger = ledger;
    }

    @KafkaListener(topics = "order-completed", groupId = "loyalty")
    public void onCompleted(String orderJson) {
        ledger.award(orderJson);
    }
}
