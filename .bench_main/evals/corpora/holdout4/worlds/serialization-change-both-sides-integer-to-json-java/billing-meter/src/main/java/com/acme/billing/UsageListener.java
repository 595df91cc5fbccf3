package com.acme.billing;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
public class UsageListener {
    private final Meter meter;

    public UsageListener(Meter meter) {
        this.meter = meter;
    }

    @KafkaListener(topics = "quota-usage")
    public void onUsage(Object usage) {
        meter.record(usage);
    }

    public interface Meter { void record(Object usage); }
}
