package com.acme.fraud;

import com.acme.avro.Order;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

@Component
public class FraudScorer {
    private static final long REVIEW_THRESHOLD_CENTS = 500_00L;

    private final KafkaTemplate<String, String> template;
    private final MeterRegistry meters;

    public FraudScorer(KafkaTemplate<String, String> template, MeterRegistry meters) {
        this.template = template;
        this.meters = meters;
    }

    @KafkaListener(topics = "${app.topics.orders}", groupId = "fraud-scorer")
    public void score(ConsumerRecord<String, Order> record, Acknowledgment ack) {
        Order order = record.value();
        long amount = order.getAmountCents();
        boolean suspicious = amount > REVIEW_THRESHOLD_CENTS;
        meters.counter("orders_scored", "suspicious", String.valueOf(suspicious)).increment();
        String scored = String.format(
            "{\"order_id\":\"%s\",\"amount_cents\":%d,\"suspicious\":%b}",
            order.getOrderId(), amount, suspicious);
        template.send("orders.scored", order.getOrderId(), scored);
        ack.acknowledge();
    }
}
