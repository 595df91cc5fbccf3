package com.acme.orders.fulfilment;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class FulfilmentApplication {
    public static void main(String[] args) {
        SpringApplication.run(FulfilmentApplication.class, args);
    }
}
