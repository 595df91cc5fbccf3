package com.acme.web.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.SessionWindows;

public final class SessionTopology {

    public static final String EVENTS_TOPIC = "clickstream.events";
    public static final String SESSIONS_TOPIC = "clickstream.sessions";

    private static final ObjectMapper JSON = new ObjectMapper();

    private SessionTopology() {}

    public static Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(EVENTS_TOPIC, Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(raw -> {
                    try {
                        JsonNode node = JSON.readTree(raw);
                        JsonNode user = node.get("user_id");
                        return user == null || user.isNull() ? null : user.asText();
                    } catch (Exception e) {
                        return null;
                    }
                })
                .filter((anonId, userId) -> userId != null)
                .selectKey((anonId, userId) -> userId)
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .windowedBy(SessionWindows.ofInactivityGapWithNoGrace(Duration.ofMinutes(30)))
                .count()
                .toStream()
                .filter((window, count) -> count != null)
                .map((window, count) -> KeyValue.pair(
                        window.key(),
                        "{\"user_id\":\"" + window.key() + "\",\"start\":" + window.window().start()
                                + ",\"end\":" + window.window().end() + ",\"page_views\":" + count + "}"))
                .to(SESSIONS_TOPIC, Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }
}
