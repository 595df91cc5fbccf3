package com.acme.profile;

import io.confluent.kafka.serializers.KafkaAvroSerializer;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

public class ProfileEvents {
    private final KafkaProducer<String, ProfileUpdated> producer;

    public ProfileEvents() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9092");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, KafkaAvroSerializer.class);
        p.put("schema.registry.url", "http://schema-registry:8081");
        producer = new KafkaProducer<>(p);
    }

    public void updated(ProfileUpdated event) {
        producer.send(new ProducerRecord<>("profile-updated", event.getUserId().toString(), event));
    }
}
