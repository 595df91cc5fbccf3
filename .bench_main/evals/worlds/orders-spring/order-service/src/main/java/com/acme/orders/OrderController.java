package com.acme.orders;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class OrderController {
    private final OrderEventPublisher publisher;

    public OrderController(OrderEventPublisher publisher) {
        this.publisher = publisher;
    }

    public record PlaceOrder(String customerId, String customerEmail, long amountCents, String currency) {
    }

    @PostMapping("/orders")
    @ResponseStatus(HttpStatus.CREATED)
    public Map<String, String> place(@RequestBody PlaceOrder request) {
        String orderId = UUID.randomUUID().toString();
        publisher.publish(new OrderPlaced(orderId, request.customerId(), request.customerEmail(),
                request.amountCents(), request.currency(), Instant.now()));
        return Map.of("orderId", orderId);
    }
}
