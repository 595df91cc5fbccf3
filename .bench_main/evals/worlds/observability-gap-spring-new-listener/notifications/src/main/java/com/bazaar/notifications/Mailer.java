package com.bazaar.notifications;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

@Component
public class Mailer {
    private static final Logger log = LoggerFactory.getLogger(Mailer.class);

    public void send(String customerId, String template, Object model) {
        log.info("mail {} to customer {}: {}", template, customerId, model);
    }
}
