package com.freightly.tracker;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

@Component
public class CarrierUpdateListener {

    private final KafkaTemplate<String, String> kafkaTemplate;
    private final ObjectMapper mapper;
    private final ShipmentRepository shipments;

    @Value("${tracker.topics.events:shipments.tracking-events}")
    private String eventsTopic;

    public CarrierUpdateListener(KafkaTemplate<String, String> kafkaTemplate, ObjectMapper mapper,
                                 ShipmentRepository shipments) {
        this.kafkaTemplate = kafkaTemplate;
        this.mapper = mapper;
        this.shipments = shipments;
    }

    @KafkaListener(topics = "${tracker.topics.carrier-updates:carrier.status-updates}",
                   groupId = "${tracker.group-id:shipment-tracker}")
    public void onCarrierUpdate(String payload) throws JsonProcessingException {
        CarrierUpdate update = mapper.readValue(payload, CarrierUpdate.class);
        String shipmentId = shipments.findByCarrierReference(update.carrierRef());
        if (shipmentId == null) {
            return;
        }
        TrackingEvent event = new TrackingEvent(shipmentId, update.status(), update.scannedAt());
        kafkaTemplate.send(eventsTopic, shipmentId, mapper.writeValueAsString(event));
    }

    public record CarrierUpdate(String carrierRef, String status, String scannedAt) {}

    public record TrackingEvent(String shipmentId, String status, String occurredAt) {}
}
