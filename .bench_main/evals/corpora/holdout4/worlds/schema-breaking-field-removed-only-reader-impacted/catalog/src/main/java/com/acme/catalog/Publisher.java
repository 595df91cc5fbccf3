package com.acme.catalog;

import io.confluent.kafka.serializers.KafkaAvroSerializer;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

public class Publisher {
    private final KafkaProducer<String, ProductPublished> producer;

    public Publisher() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9092");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, KafkaAvroSerializer.class);
        p.put("schema.registry.url", "http://schema-registry:8081");
        producer = new KafkaProducer<>(p);
    }

    public void publish(ProductPublished product) {
        producer.send(new ProducerRecord<>("product-published", product.getSku().toString(), product));
    }
}
