package com.acme.settlement;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
public class CaptureListener {
    @KafkaListener(topics = "payment-captured")
    public void onCapture(String json) {
        // settle
    }
}
