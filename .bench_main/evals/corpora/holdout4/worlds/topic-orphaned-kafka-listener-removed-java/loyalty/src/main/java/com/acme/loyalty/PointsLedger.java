package com.acme.loyalty;

import org.springframework.stereotype.Service;

@Service
public class PointsLedger {
    public void award(String orderJson) {
        // parse and credit points
    }
}
