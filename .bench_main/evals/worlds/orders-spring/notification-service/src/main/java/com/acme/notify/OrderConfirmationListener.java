package com.acme.notify;

import io.micrometer.core.annotation.Timed;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

@Component
public class OrderConfirmationListener {
    private final JavaMailSender mailSender;

    public OrderConfirmationListener(JavaMailSender mailSender) {
        this.mailSender = mailSender;
    }

    @Timed("notify.order.confirmation")
    @KafkaListener(topics = "${app.topics.orders}", groupId = "notification-service")
    public void onOrder(OrderConfirmation order) {
        SimpleMailMessage mail = new SimpleMailMessage();
        mail.setTo(order.customerEmail());
        mail.setSubject("Your order " + order.orderId());
        mail.setText(String.format("We received your order of %.2f %s.",
                order.amountCents() / 100.0, order.currency()));
        mailSender.send(mail);
    }
}
