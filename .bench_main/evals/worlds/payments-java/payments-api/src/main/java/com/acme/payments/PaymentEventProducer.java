package com.acme.payments;

import com.acme.payments.avro.PaymentCaptured;
import io.confluent.kafka.serializers.KafkaAvroSerializer;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class PaymentEventProducer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PaymentEventProducer.class);
    static final String PAYMENTS_CAPTURED_TOPIC = "payments.captured";

    private final KafkaProducer<String, PaymentCaptured> producer;
    private final MeterRegistry metrics;

    public PaymentEventProducer(String bootstrapServers, String registryUrl, MeterRegistry metrics) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "payments-api");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, KafkaAvroSerializer.class);
        props.put("schema.registry.url", registryUrl);
        props.put("auto.register.schemas", false);
        this.producer = new KafkaProducer<>(props);
        this.metrics = metrics;
    }

    public void publish(PaymentCaptured event) {
        ProducerRecord<String, PaymentCaptured> record =
                new ProducerRecord<>(PAYMENTS_CAPTURED_TOPIC, event.getAccountId(), event);
        producer.send(record, (metadata, exception) -> {
            if (exception != null) {
                metrics.counter("payments.events.published", "outcome", "failed").increment();
                log.error("Could not publish payment {}", event.getPaymentId(), exception);
            } else {
                metrics.counter("payments.events.published", "outcome", "ok").increment();
            }
        });
    }

    @Override
    public void close() {
        producer.flush();
        producer.close();
    }
}
