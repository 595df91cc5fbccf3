package io.lumen.eta;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

public class EtaApp {
    public static void main(String[] args) {
        String registry = System.getenv().getOrDefault("SCHEMA_REGISTRY_URL", "http://localhost:8081");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "eta-predictor");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, System.getenv().getOrDefault("KAFKA_BOOTSTRAP", "localhost:9092"));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);

        KafkaStreams streams = new KafkaStreams(EtaTopology.build(Map.of("schema.registry.url", registry)), props);
        Runtime.getRuntime().addShutdownHook(new Thread(streams::close));
        streams.start();
    }
}
