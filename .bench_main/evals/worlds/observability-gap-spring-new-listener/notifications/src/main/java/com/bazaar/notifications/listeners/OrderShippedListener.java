package com.bazaar.notifications.listeners;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.bazaar.notifications.Mailer;
import com.bazaar.notifications.events.OrderShipped;

@Component
public class OrderShippedListener {

    private final Mailer mailer;
    private final Counter sent;
    private final Counter failed;
    private final Timer latency;

    public OrderShippedListener(Mailer mailer, MeterRegistry registry) {
        this.mailer = mailer;
        this.sent = registry.counter("notifications.sent", "event", "order-shipped");
        this.failed = registry.counter("notifications.failed", "event", "order-shipped");
        this.latency = registry.timer("notifications.handle", "event", "order-shipped");
    }

    @KafkaListener(id = "order-shipped", topics = "${notifications.topics.order-shipped}")
    public void onOrderShipped(OrderShipped event) {
        latency.record(() -> {
            try {
                mailer.send(event.customerId(), "order-shipped", event);
                sent.increment();
            } catch (RuntimeException e) {
                failed.increment();
                throw e;
            }
        });
    }
}
