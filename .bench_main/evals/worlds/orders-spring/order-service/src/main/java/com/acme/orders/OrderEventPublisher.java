package com.acme.orders;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

@Component
public class OrderEventPublisher {
    private static final Logger log = LoggerFactory.getLogger(OrderEventPublisher.class);

    private final KafkaTemplate<String, OrderPlaced> kafkaTemplate;
    private final MeterRegistry meterRegistry;
    private final String ordersTopic;

    public OrderEventPublisher(KafkaTemplate<String, OrderPlaced> kafkaTemplate,
                               MeterRegistry meterRegistry,
                               @Value("${app.topics.orders}") String ordersTopic) {
        this.kafkaTemplate = kafkaTemplate;
        this.meterRegistry = meterRegistry;
        this.ordersTopic = ordersTopic;
    }

    public void publish(OrderPlaced event) {
        kafkaTemplate.send(ordersTopic, event.orderId(), event).whenComplete((result, ex) -> {
            if (ex != null) {
                meterRegistry.counter("orders.published", "outcome", "failed").increment();
                log.error("Failed to publish order {}", event.orderId(), ex);
            } else {
                meterRegistry.counter("orders.published", "outcome", "ok").increment();
            }
        });
    }
}
