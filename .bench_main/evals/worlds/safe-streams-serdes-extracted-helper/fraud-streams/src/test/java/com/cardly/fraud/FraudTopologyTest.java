package com.cardly.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Properties;

import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.serializer.JsonDeserializer;
import org.springframework.kafka.support.serializer.JsonSerializer;

class FraudTopologyTest {

    @Test
    void emitsAlertForRiskyTransaction() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(new FraudTopology(new RiskScorer(), 0.7).build(), props)) {
            var in = driver.createInputTopic(FraudTopology.TRANSACTIONS, new StringSerializer(), new JsonSerializer<CardTransaction>());
            var out = driver.createOutputTopic(FraudTopology.ALERTS, new StringDeserializer(),
                    new JsonDeserializer<>(FraudAlert.class, false));
            in.pipeInput("card-1", new CardTransaction("t1", "card-1", "7995", "US", 10_000));
            assertEquals("t1", out.readValue().transactionId());
        }
    }
}
