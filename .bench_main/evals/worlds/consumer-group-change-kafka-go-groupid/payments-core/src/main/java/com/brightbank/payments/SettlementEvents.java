package com.brightbank.payments;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

public final class SettlementEvents implements AutoCloseable {
    public static final String TOPIC = "payments.settled";

    private final KafkaProducer<String, String> producer;
    private final ObjectMapper json = new ObjectMapper();

    public SettlementEvents(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        this.producer = new KafkaProducer<>(props);
    }

    public void settled(Settlement s) throws Exception {
        producer.send(new ProducerRecord<>(TOPIC, s.accountId(), json.writeValueAsString(s))).get();
    }

    @Override
    public void close() {
        producer.close();
    }

    public record Settlement(String paymentId, String accountId, long amountMinor, String currency) {}
}
