package io.harbor.reservations;

import java.time.Instant;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class ReservationController {
    private final KafkaTemplate<String, StockReserved> kafka;
    private final String topic;

    public ReservationController(KafkaTemplate<String, StockReserved> kafka,
                                 @Value("${harbor.topics.stock-reserved}") String topic) {
        this.kafka = kafka;
        this.topic = topic;
    }

    @PostMapping("/reservations")
    public ResponseEntity<StockReserved> reserve(@RequestBody ReserveRequest req) {
        StockReserved event = new StockReserved(UUID.randomUUID().toString(), req.orderId(), req.sku(), req.quantity(), Instant.now());
        kafka.send(topic, req.sku(), event);
        return ResponseEntity.accepted().body(event);
    }

    public record ReserveRequest(String orderId, String sku, int quantity) {}

    public record StockReserved(String reservationId, String orderId, String sku, int quantity, Instant reservedAt) {}
}
