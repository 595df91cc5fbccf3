package com.parcelly.orders;

import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

@Component
public class OrderPlacedPublisher {

    public record OrderPlaced(String order_id, String shipping_address, List<String> items) {}

    private final KafkaTemplate<String, OrderPlaced> kafkaTemplate;
    private final String topic;

    public OrderPlacedPublisher(KafkaTemplate<String, OrderPlaced> kafkaTemplate,
                                @Value("${parcelly.topics.orders-placed}") String topic) {
        this.kafkaTemplate = kafkaTemplate;
        this.topic = topic;
    }

    public void publish(OrderPlaced event) {
        kafkaTemplate.send(topic, event.order_id(), event).join();
    }
}
