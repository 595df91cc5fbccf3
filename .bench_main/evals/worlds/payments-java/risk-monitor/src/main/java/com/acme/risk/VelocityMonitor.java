package com.acme.risk;

import com.acme.payments.avro.PaymentCaptured;
import io.confluent.kafka.serializers.KafkaAvroDeserializer;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Flags accounts that capture more than a threshold within the current window. */
public final class VelocityMonitor {
    private static final long WINDOW_LIMIT_CENTS = 2_000_000L;

    public static void main(String[] args) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "risk-monitor");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, KafkaAvroDeserializer.class);
        props.put("schema.registry.url", System.getenv().getOrDefault("SCHEMA_REGISTRY_URL", "http://localhost:8081"));
        props.put("specific.avro.reader", true);

        Map<String, Long> windowTotals = new HashMap<>();
        try (KafkaConsumer<String, PaymentCaptured> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of("payments.captured"));
            while (true) {
                for (ConsumerRecord<String, PaymentCaptured> record : consumer.poll(Duration.ofSeconds(1))) {
                    PaymentCaptured payment = record.value();
                    long total = windowTotals.merge(payment.getAccountId(), payment.getAmountCents(), Long::sum);
                    if (total > WINDOW_LIMIT_CENTS) {
                        Metrics.counter("risk.velocity.alerts").increment();
                        System.out.printf("velocity alert: account %s at %d cents%n", payment.getAccountId(), total);
                    }
                }
            }
        }
    }
}
