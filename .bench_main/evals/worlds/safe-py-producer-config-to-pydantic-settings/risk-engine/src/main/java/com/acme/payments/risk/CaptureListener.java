package com.acme.payments.risk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
public class CaptureListener {

    private final ObjectMapper mapper = new ObjectMapper();
    private final VelocityChecks velocity = new VelocityChecks();

    @KafkaListener(topics = "${risk.topics.captured:payments.captured}", groupId = "risk-engine")
    public void onCapture(String payload) throws Exception {
        JsonNode event = mapper.readTree(payload);
        velocity.record(event.get("merchant_id").asText(), event.get("amount_minor").asLong());
    }
}
