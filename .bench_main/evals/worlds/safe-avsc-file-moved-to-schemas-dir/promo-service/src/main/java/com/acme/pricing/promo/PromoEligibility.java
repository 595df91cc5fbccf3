package com.acme.pricing.promo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

@Service
public class PromoEligibility {
    private static final Logger log = LoggerFactory.getLogger(PromoEligibility.class);

    public void reevaluate(String sku, long amountMinor, String reason) {
        if (!"PROMOTION".equals(reason)) {
            log.debug("re-evaluating promos for {} at {}", sku, amountMinor);
        }
    }
}
