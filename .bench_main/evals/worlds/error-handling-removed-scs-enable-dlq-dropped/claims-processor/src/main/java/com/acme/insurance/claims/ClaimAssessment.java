package com.acme.insurance.claims;

import java.math.BigDecimal;
import java.util.function.Function;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class ClaimAssessment {

    public record ClaimSubmitted(String claimId, String policyId, String category, BigDecimal amount) {}

    public record ClaimAssessed(String claimId, String policyId, String decision, BigDecimal approvedAmount) {}

    @Bean
    public Function<ClaimSubmitted, ClaimAssessed> assessClaim(PolicyClient policies) {
        return claim -> {
            PolicyClient.Coverage coverage = policies.coverageFor(claim.policyId(), claim.category());
            if (coverage == null) {
                throw new IllegalStateException("no coverage found for policy " + claim.policyId());
            }
            BigDecimal approved = claim.amount().min(coverage.limit()).subtract(coverage.deductible()).max(BigDecimal.ZERO);
            String decision = approved.signum() > 0 ? "APPROVED" : "REJECTED";
            return new ClaimAssessed(claim.claimId(), claim.policyId(), decision, approved);
        };
    }
}
