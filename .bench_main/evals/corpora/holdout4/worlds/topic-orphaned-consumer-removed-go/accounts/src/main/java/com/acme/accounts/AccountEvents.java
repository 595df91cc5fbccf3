package com.acme.accounts;

import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

public class AccountEvents {
    private final KafkaProducer<String, String> producer;

    public AccountEvents() {
        Properties p = new Properties();
        p.put("bootstrap.servers", "kafka:9092");
        p.put("acks", "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    public void opened(String accountId, String json) {
        producer.send(new ProducerRecord<>("account-events", accountId, json));
    }
}
