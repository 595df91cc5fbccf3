package com.acme.clicks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

class SessionTopologyTest {

    @Test
    void countsViewsPerVisitorSession() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "sessionizer-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(SessionTopology.build(), props)) {
            TestInputTopic<String, String> views = driver.createInputTopic(
                    SessionTopology.PAGE_VIEWS, new StringSerializer(), new StringSerializer());
            TestOutputTopic<String, String> counts = driver.createOutputTopic(
                    SessionTopology.SESSION_COUNTS, new StringDeserializer(), new StringDeserializer());
            views.pipeInput("visitor-1", "{\"url\":\"/\"}");
            views.pipeInput("visitor-1", "{\"url\":\"/cart\"}");
            assertEquals("2", counts.readKeyValuesToMap().get("visitor-1"));
        }
    }
}
