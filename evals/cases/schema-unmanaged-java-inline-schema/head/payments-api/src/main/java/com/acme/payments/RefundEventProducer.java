package com.acme.payments;

import io.confluent.kafka.serializers.KafkaAvroSerializer;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

public final class RefundEventProducer implements AutoCloseable {
    static final String REFUNDS_TOPIC = "payments.refunded";

    private static final Schema REFUND_SCHEMA = new Schema.Parser().parse(
            "{\"type\":\"record\",\"name\":\"PaymentRefunded\",\"namespace\":\"com.acme.payments.avro\","
            + "\"fields\":[{\"name\":\"payment_id\",\"type\":\"string\"},"
            + "{\"name\":\"account_id\",\"type\":\"string\"},"
            + "{\"name\":\"amount_cents\",\"type\":\"long\"},"
            + "{\"name\":\"refunded_at\",\"type\":\"long\"}]}");

    private final KafkaProducer<String, GenericRecord> producer;
    private final MeterRegistry metrics;

    public RefundEventProducer(String bootstrapServers, String registryUrl, MeterRegistry metrics) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "payments-api-refunds");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, KafkaAvroSerializer.class);
        props.put("schema.registry.url", registryUrl);
        this.producer = new KafkaProducer<>(props);
        this.metrics = metrics;
    }

    public void publish(String paymentId, String accountId, long amountCents) {
        GenericRecord refund = new GenericData.Record(REFUND_SCHEMA);
        refund.put("payment_id", paymentId);
        refund.put("account_id", accountId);
        refund.put("amount_cents", amountCents);
        refund.put("refunded_at", Instant.now().toEpochMilli());
        producer.send(new ProducerRecord<>(REFUNDS_TOPIC, accountId, refund), (metadata, exception) ->
                metrics.counter("payments.refunds.published", "outcome", exception == null ? "ok" : "failed")
                        .increment());
    }

    @Override
    public void close() {
        producer.flush();
        producer.close();
    }
}
