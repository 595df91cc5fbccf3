package org.quantdesk.risk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;

public class PositionTopology {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "risk-engine");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, System.getenv("KAFKA_BOOTSTRAP"));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);

        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("trades.executed", Consumed.with(Serdes.String(), Serdes.String()))
            .map((tradeId, json) -> {
                JsonNode t = read(json);
                long signed = "BUY".equals(t.get("side").asText()) ? t.get("qty").asLong() : -t.get("qty").asLong();
                return org.apache.kafka.streams.KeyValue.pair(t.get("symbol").asText(), signed);
            })
            .groupByKey(Grouped.with(Serdes.String(), Serdes.Long()))
            .reduce(Long::sum, Materialized.as("net-position-by-symbol"))
            .toStream()
            .mapValues(String::valueOf)
            .to("risk.net-positions");

        new KafkaStreams(builder.build(), props).start();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
