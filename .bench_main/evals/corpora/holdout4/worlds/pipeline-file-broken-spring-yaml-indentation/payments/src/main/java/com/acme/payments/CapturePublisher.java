package com.acme.payments;

import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

public class CapturePublisher {
    private final KafkaProducer<String, String> producer;

    public CapturePublisher() {
        Properties p = new Properties();
        p.put("bootstrap.servers", "kafka:9092");
        p.put("acks", "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    public void captured(String paymentId, String json) {
        producer.send(new ProducerRecord<>("payment-captured", paymentId, json));
    }
}
