package com.acme.inventory;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;

@Configuration
@EnableKafkaStreams
public class StockTopology {
    @Bean
    public org.apache.kafka.streams.kstream.KTable<String, Long> stockLevels(StreamsBuilder builder) {
        return builder.stream("stock-movements", Consumed.with(Serdes.String(), Serdes.Long()))
            .groupByKey()
            .reduce(Long::sum, Materialized.as("stock-levels"));
    }
}
