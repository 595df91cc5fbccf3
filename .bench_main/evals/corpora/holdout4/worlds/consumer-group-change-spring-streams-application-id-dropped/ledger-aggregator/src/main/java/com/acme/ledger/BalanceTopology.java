package com.acme.ledger;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;

@Configuration
@EnableKafkaStreams
public class BalanceTopology {
    @Bean
    public KTable<String, Long> balances(StreamsBuilder builder) {
        return builder.stream("ledger-entries", Consumed.with(Serdes.String(), Serdes.Long()))
            .groupByKey()
            .reduce(Long::sum, Materialized.as("balances"));
    }
}
