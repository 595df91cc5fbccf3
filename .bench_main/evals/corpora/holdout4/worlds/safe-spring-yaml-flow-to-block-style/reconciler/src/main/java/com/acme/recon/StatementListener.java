package com.acme.recon;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
public class StatementListener {
    @KafkaListener(topics = "bank-statements")
    public void onStatement(String line) {
        // match against ledger
    }
}
