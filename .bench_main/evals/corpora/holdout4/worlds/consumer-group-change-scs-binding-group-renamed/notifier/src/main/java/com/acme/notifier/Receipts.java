package com.acme.notifier;

import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class Receipts {
    @Bean
    public Consumer<OrderPaid> sendReceipt(MailGateway mail) {
        return paid -> mail.send(paid.email(), "Receipt for order " + paid.orderId());
    }

    public record OrderPaid(String orderId, String email, long amountCents) {}

    public interface MailGateway { void send(String to, String body); }
}
