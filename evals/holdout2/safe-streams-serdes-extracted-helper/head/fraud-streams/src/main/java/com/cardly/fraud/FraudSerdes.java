package com.cardly.fraud;

import org.apache.kafka.common.serialization.Serde;
import org.springframework.kafka.support.serializer.JsonSerde;

/** The JSON serdes of the fraud topology, in one place so tests can reuse them. */
final class FraudSerdes {

    private FraudSerdes() {}

    static Serde<CardTransaction> cardTransaction() {
        return new JsonSerde<>(CardTransaction.class).ignoreTypeHeaders();
    }

    static Serde<FraudAlert> fraudAlert() {
        return new JsonSerde<>(FraudAlert.class).noTypeInfo();
    }
}
