package com.acme.shop.orders;

import com.acme.shop.avro.OrderLine;
import com.acme.shop.avro.OrderPlaced;
import com.acme.shop.avro.SalesChannel;
import io.confluent.kafka.serializers.KafkaAvroSerializer;
import io.confluent.kafka.serializers.KafkaAvroSerializerConfig;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

public class OrderEventProducer implements AutoCloseable {

    public static final String TOPIC = "shop.orders.placed";

    private final KafkaProducer<String, OrderPlaced> producer;

    public OrderEventProducer(String bootstrapServers, String registryUrl) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, KafkaAvroSerializer.class);
        props.put(KafkaAvroSerializerConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl);
        this.producer = new KafkaProducer<>(props);
    }

    public void orderPlaced(String orderId, String customerId, SalesChannel channel, List<OrderLine> lines, String coupon) {
        OrderPlaced event = OrderPlaced.newBuilder()
                .setOrderId(orderId)
                .setCustomerId(customerId)
                .setChannel(channel)
                .setLines(lines)
                .setCouponCode(coupon)
                .setPlacedAt(Instant.now())
                .build();
        producer.send(new ProducerRecord<>(TOPIC, orderId, event));
    }

    @Override
    public void close() {
        producer.close();
    }
}
