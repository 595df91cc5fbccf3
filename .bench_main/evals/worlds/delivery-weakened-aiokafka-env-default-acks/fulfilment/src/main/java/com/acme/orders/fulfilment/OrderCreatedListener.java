package com.acme.orders.fulfilment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
public class OrderCreatedListener {

    private final ObjectMapper mapper = new ObjectMapper();
    private final PickListService pickLists;

    public OrderCreatedListener(PickListService pickLists) {
        this.pickLists = pickLists;
    }

    @KafkaListener(topics = "orders.created", groupId = "fulfilment")
    public void onOrderCreated(String payload) throws Exception {
        JsonNode order = mapper.readTree(payload);
        pickLists.create(order.get("order_id").asText(), order.get("lines"));
    }
}
