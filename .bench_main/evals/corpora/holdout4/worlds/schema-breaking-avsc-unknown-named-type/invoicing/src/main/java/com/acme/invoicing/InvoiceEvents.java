package com.acme.invoicing;

import io.confluent.kafka.serializers.KafkaAvroSerializer;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

public class InvoiceEvents {
    private final KafkaProducer<String, InvoiceIssued> producer;

    public InvoiceEvents() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9092");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, KafkaAvroSerializer.class);
        p.put("schema.registry.url", "http://schema-registry:8081");
        producer = new KafkaProducer<>(p);
    }

    public void issued(InvoiceIssued invoice) {
        producer.send(new ProducerRecord<>("invoice-issued", invoice.getInvoiceId().toString(), invoice));
    }
}
