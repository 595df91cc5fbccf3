package com.cardly.fraud;

import java.util.Set;

public class RiskScorer {

    private static final Set<String> RISKY_MCC = Set.of("4829", "6051", "7995");

    public double score(CardTransaction txn) {
        double score = 0.0;
        if (RISKY_MCC.contains(txn.merchantCategory())) score += 0.5;
        if (txn.amountMinor() > 500_000) score += 0.3;
        if (!"GB".equals(txn.country())) score += 0.2;
        return score;
    }
}
