package com.bazaar.notifications.listeners;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.bazaar.notifications.Mailer;
import com.bazaar.notifications.events.ReturnRequested;

@Component
public class ReturnRequestedListener {

    private final Mailer mailer;

    public ReturnRequestedListener(Mailer mailer) {
        this.mailer = mailer;
    }

    @KafkaListener(id = "return-requested", topics = "${notifications.topics.return-requested}")
    public void onReturnRequested(ReturnRequested event) {
        mailer.send(event.customerId(), "return-label", event);
    }
}
