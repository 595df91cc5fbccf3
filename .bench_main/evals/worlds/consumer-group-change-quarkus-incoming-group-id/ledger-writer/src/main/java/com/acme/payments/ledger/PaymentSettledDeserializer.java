package com.acme.payments.ledger;

import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

public class PaymentSettledDeserializer extends ObjectMapperDeserializer<PaymentSettled> {
    public PaymentSettledDeserializer() {
        super(PaymentSettled.class);
    }
}
