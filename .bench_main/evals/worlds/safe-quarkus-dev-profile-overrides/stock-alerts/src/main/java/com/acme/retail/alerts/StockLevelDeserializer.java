package com.acme.retail.alerts;

import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

public class StockLevelDeserializer extends ObjectMapperDeserializer<StockLevel> {
    public StockLevelDeserializer() {
        super(StockLevel.class);
    }
}
