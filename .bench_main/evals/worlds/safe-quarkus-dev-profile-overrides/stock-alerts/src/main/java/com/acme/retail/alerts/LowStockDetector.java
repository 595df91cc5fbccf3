package com.acme.retail.alerts;

import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;

@ApplicationScoped
public class LowStockDetector {

    @Channel("alerts")
    Emitter<Record<String, String>> alerts;

    @Incoming("levels")
    public void onLevel(StockLevel level) {
        if (level.onHand() <= level.reorderPoint()) {
            String body = "{\"sku\":\"" + level.sku() + "\",\"store\":\"" + level.storeId()
                    + "\",\"on_hand\":" + level.onHand() + "}";
            alerts.send(Record.of(level.storeId(), body));
        }
    }
}
