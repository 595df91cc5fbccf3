package com.acme.routes;

import java.io.InputStream;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;

public final class RouteTopology {
    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "route-optimizer");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9092");

        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("delivery-requests", Consumed.with(Serdes.String(), Serdes.String()))
            .mapValues(RouteTopology::plan)
            .to("planned-routes");
        new KafkaStreams(builder.build(), props).start();
    }

    static String plan(String request) {
        return request;
    }
}
