package com.acme.insurance.claims;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ClaimsProcessorApplication {
    public static void main(String[] args) {
        SpringApplication.run(ClaimsProcessorApplication.class, args);
    }
}
