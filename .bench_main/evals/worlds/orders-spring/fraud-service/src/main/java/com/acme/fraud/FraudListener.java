package com.acme.fraud;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
public class FraudListener {
    private static final Logger log = LoggerFactory.getLogger(FraudListener.class);

    private final long blockThresholdCents;
    private final Counter blocked;
    private final Counter allowed;

    public FraudListener(@Value("${fraud.block-threshold-cents}") long blockThresholdCents, MeterRegistry registry) {
        this.blockThresholdCents = blockThresholdCents;
        this.blocked = registry.counter("fraud.orders", "verdict", "block");
        this.allowed = registry.counter("fraud.orders", "verdict", "allow");
    }

    @KafkaListener(topics = "${app.topics.orders}", groupId = "${spring.kafka.consumer.group-id}")
    public void onOrder(OrderPlaced order) {
        if (order.getAmountCents() <= 0) {
            throw new IllegalArgumentException("non-positive amount on order " + order.getOrderId());
        }
        if (order.getAmountCents() >= blockThresholdCents) {
            blocked.increment();
            log.warn("Blocking order {} of customer {}", order.getOrderId(), order.getCustomerId());
        } else {
            allowed.increment();
        }
    }
}
