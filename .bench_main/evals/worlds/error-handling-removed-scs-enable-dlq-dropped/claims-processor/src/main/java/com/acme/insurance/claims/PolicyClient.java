package com.acme.insurance.claims;

import java.math.BigDecimal;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

@Component
public class PolicyClient {

    public record Coverage(BigDecimal limit, BigDecimal deductible) {}

    private final RestClient http;

    public PolicyClient(@Value("${policies.base-url}") String baseUrl) {
        this.http = RestClient.create(baseUrl);
    }

    public Coverage coverageFor(String policyId, String category) {
        return http.get()
                .uri("/policies/{id}/coverage/{category}", policyId, category)
                .retrieve()
                .body(Coverage.class);
    }
}
