package com.acme.payments.risk;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

class VelocityChecks {
    private final ConcurrentHashMap<String, LongAdder> perMerchant = new ConcurrentHashMap<>();

    void record(String merchantId, long amountMinor) {
        perMerchant.computeIfAbsent(merchantId, k -> new LongAdder()).add(amountMinor);
    }
}
