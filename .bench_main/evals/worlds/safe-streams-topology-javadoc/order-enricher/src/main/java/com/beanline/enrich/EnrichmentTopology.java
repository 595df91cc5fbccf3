package com.beanline.enrich;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.Produced;

public class EnrichmentTopology {
    static final String ORDERS = "cafe.orders";
    static final String CUSTOMERS = "cafe.customers";
    static final String ENRICHED = "cafe.orders-enriched";

    public static Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        GlobalKTable<String, String> customers =
            builder.globalTable(CUSTOMERS, Consumed.with(Serdes.String(), Serdes.String()));

        builder.stream(ORDERS, Consumed.with(Serdes.String(), Serdes.String()))
            .map((orderId, json) -> KeyValue.pair(Json.field(json, "customer_id"), json))
            .leftJoin(customers, (customerId, order) -> customerId, Json::mergeCustomer)
            .to(ENRICHED, Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    public static void main(String[] args) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "order-enricher");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, System.getenv("KAFKA_BOOTSTRAP"));
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Duration.ofSeconds(1).toMillis());
        KafkaStreams streams = new KafkaStreams(build(), props);
        Runtime.getRuntime().addShutdownHook(new Thread(streams::close));
        streams.start();
    }
}
