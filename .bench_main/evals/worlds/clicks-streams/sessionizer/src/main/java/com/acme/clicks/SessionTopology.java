package com.acme.clicks;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.SessionWindows;

public final class SessionTopology {
    public static final String PAGE_VIEWS = "page-views";
    public static final String SESSION_COUNTS = "session-counts";

    private SessionTopology() {
    }

    public static Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(PAGE_VIEWS, Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey()
                .windowedBy(SessionWindows.ofInactivityGapWithNoGrace(Duration.ofMinutes(30)))
                .count()
                .toStream((window, count) -> window.key())
                .filter((visitor, count) -> count != null)
                .mapValues(count -> Long.toString(count))
                .to(SESSION_COUNTS, Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }
}
