package com.hopride.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Service;

@Service
public class RideMatcher {
    private final ObjectMapper mapper = new ObjectMapper();
    private final DriverPool drivers;

    public RideMatcher(DriverPool drivers) {
        this.drivers = drivers;
    }

    @KafkaListener(topics = "rides.enriched", groupId = "dispatch", concurrency = "6")
    public void onRide(String payload) throws Exception {
        JsonNode ride = mapper.readTree(payload);
        drivers.offer(ride.get("ride_id").asText(), ride.get("pickup_cell").asText());
    }
}
