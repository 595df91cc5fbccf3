package com.acme.logistics.eta;

import java.time.Duration;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

public final class EtaTopology {

    static final String DISPATCHED_TOPIC = "shipments.dispatched";
    static final String ETA_TOPIC = "shipments.eta";

    private static final Duration DEFAULT_TRANSIT = Duration.ofDays(3);

    private EtaTopology() {}

    public static Topology build(Serde<GenericRecord> shipmentSerde) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(DISPATCHED_TOPIC, Consumed.with(Serdes.String(), shipmentSerde))
                .mapValues(EtaTopology::estimate)
                .to(ETA_TOPIC, Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    static String estimate(GenericRecord shipment) {
        long dispatchedAt = (Long) shipment.get("dispatched_at");
        Object window = shipment.get("delivery_window");
        long eta;
        if (window instanceof GenericRecord w) {
            long earliest = (Long) w.get("earliest");
            long latest = (Long) w.get("latest");
            eta = earliest + (latest - earliest) / 2;
        } else {
            eta = dispatchedAt + DEFAULT_TRANSIT.toMillis();
        }
        return "{\"shipment_id\":\"" + shipment.get("shipment_id") + "\",\"eta\":" + eta + "}";
    }
}
