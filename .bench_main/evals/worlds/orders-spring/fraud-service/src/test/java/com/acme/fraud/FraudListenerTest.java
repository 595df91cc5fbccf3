package com.acme.fraud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class FraudListenerTest {

    @Test
    void blocksLargeOrders() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FraudListener listener = new FraudListener(1000L, registry);
        OrderPlaced order = new OrderPlaced();
        order.setOrderId("o-1");
        order.setAmountCents(5000L);
        listener.onOrder(order);
        assertThat(registry.counter("fraud.orders", "verdict", "block").count()).isEqualTo(1.0);
    }

    @Test
    void rejectsNonPositiveAmounts() {
        FraudListener listener = new FraudListener(1000L, new SimpleMeterRegistry());
        OrderPlaced order = new OrderPlaced();
        order.setOrderId("o-2");
        assertThatThrownBy(() -> listener.onOrder(order)).isInstanceOf(IllegalArgumentException.class);
    }
}
