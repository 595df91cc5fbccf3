package com.acme.payments.risk;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class RiskEngineApplication {
    public static void main(String[] args) {
        SpringApplication.run(RiskEngineApplication.class, args);
    }
}
