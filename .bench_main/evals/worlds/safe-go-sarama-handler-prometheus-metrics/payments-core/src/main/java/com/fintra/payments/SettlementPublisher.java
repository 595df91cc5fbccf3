package com.fintra.payments;

import java.util.Properties;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

public final class SettlementPublisher implements AutoCloseable {

    public static final String TOPIC = "payments.settled";

    public record Settlement(String settlement_id, String merchant_id, long amount_minor, String currency) {}

    private final KafkaProducer<String, String> producer;
    private final ObjectMapper mapper = new ObjectMapper();

    public SettlementPublisher(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    public void publish(Settlement s) throws Exception {
        producer.send(new ProducerRecord<>(TOPIC, s.merchant_id(), mapper.writeValueAsString(s))).get();
    }

    @Override
    public void close() {
        producer.close();
    }
}
