package com.acme.finance.billing;

import org.springframework.stereotype.Component;

@Component
public class PaymentTerms {

    /** Every customer is on net-30 until the contracts service exists. */
    public int netDays(String customerId) {
        return 30;
    }
}
