package com.acme.payments.ledger;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;

@ApplicationScoped
public class SettlementConsumer {

    private final MeterRegistry meters;

    public SettlementConsumer(MeterRegistry meters) {
        this.meters = meters;
    }

    @Incoming("settlements")
    @Transactional
    public void book(PaymentSettled settled) {
        LedgerEntry entry = new LedgerEntry();
        entry.paymentId = settled.paymentId();
        entry.merchantId = settled.merchantId();
        entry.credit = settled.amount();
        entry.currency = settled.currency();
        entry.bookedAt = settled.settledAt();
        entry.persist();
        meters.counter("ledger.entries.booked", "currency", settled.currency()).increment();
    }
}
