package com.acme.catalog.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

public class ProductEventPublisher implements AutoCloseable {

    public record ProductChanged(
            String sku, String title, String description, long priceCents, List<String> tags, boolean deleted) {}

    private final KafkaProducer<String, String> producer;
    private final ObjectMapper json = new ObjectMapper();

    public ProductEventPublisher(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(props);
    }

    public void publish(ProductChanged event) throws Exception {
        String payload = json.writeValueAsString(event);
        producer.send(new ProducerRecord<>(CatalogTopics.PRODUCTS, event.sku(), payload)).get();
    }

    @Override
    public void close() {
        producer.close();
    }
}
