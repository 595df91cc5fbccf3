package com.acme.web.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
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
    void parserIgnoresAnonymousAndBrokenViews() {
        PageViewParser parser = new PageViewParser();
        assertEquals("u1", parser.apply("{\"user_id\":\"u1\",\"path\":\"/\"}"));
        assertNull(parser.apply("{\"user_id\":null}"));
        assertNull(parser.apply("not json"));
    }

    @Test
    void countsPageViewsPerUserSession() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "session-aggregator-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(SessionTopology.build(), props)) {
            TestInputTopic<String, String> in = driver.createInputTopic(
                    SessionTopology.EVENTS_TOPIC, new StringSerializer(), new StringSerializer());
            TestOutputTopic<String, String> out = driver.createOutputTopic(
                    SessionTopology.SESSIONS_TOPIC, new StringDeserializer(), new StringDeserializer());
            Instant t0 = Instant.parse("2024-04-01T10:00:00Z");
            in.pipeInput("anon-1", "{\"user_id\":\"u1\"}", t0);
            in.pipeInput("anon-1", "{\"user_id\":\"u1\"}", t0.plusSeconds(60));
            String last = null;
            while (!out.isEmpty()) {
                last = out.readValue();
            }
            assertEquals(true, last != null && last.contains("\"page_views\":2"));
        }
    }
}
