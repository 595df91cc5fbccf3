package com.acme.ledger;

import com.acme.payments.avro.PaymentCaptured;
import io.confluent.kafka.serializers.KafkaAvroDeserializer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

public final class LedgerConsumer implements Runnable {
    private final KafkaConsumer<String, PaymentCaptured> consumer;
    private final LedgerRepository ledger;
    private final Counter booked;
    private volatile boolean running = true;

    public LedgerConsumer(String bootstrapServers, String registryUrl, LedgerRepository ledger, MeterRegistry metrics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "ledger");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, KafkaAvroDeserializer.class);
        props.put("schema.registry.url", registryUrl);
        props.put("specific.avro.reader", true);
        this.consumer = new KafkaConsumer<>(props);
        this.ledger = ledger;
        this.booked = metrics.counter("ledger.entries.booked");
    }

    @Override
    public void run() {
        consumer.subscribe(List.of("payments.captured"));
        try {
            while (running) {
                ConsumerRecords<String, PaymentCaptured> records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, PaymentCaptured> record : records) {
                    PaymentCaptured payment = record.value();
                    ledger.book(payment.getPaymentId(), payment.getAccountId(),
                            payment.getAmountCents(), payment.getCurrency());
                    booked.increment();
                }
                consumer.commitSync();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("ledger database unavailable", e);
        } finally {
            consumer.close();
        }
    }

    public void stop() {
        running = false;
        consumer.wakeup();
    }
}
