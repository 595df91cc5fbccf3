package io.lumen.eta;

import io.confluent.kafka.streams.serdes.avro.GenericAvroSerde;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

public final class EtaTopology {
    public static final String PARCEL_STATUS = "parcels.status-changed";
    public static final String PARCEL_ETA = "parcels.eta";

    private EtaTopology() {}

    public static Topology build(Map<String, String> serdeConfig) {
        GenericAvroSerde statusSerde = new GenericAvroSerde();
        statusSerde.configure(serdeConfig, false);

        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(PARCEL_STATUS, Consumed.with(Serdes.String(), statusSerde))
            .filter((parcelId, event) -> !"DELIVERED".equals(event.get("state").toString()))
            .mapValues(EtaTopology::estimate)
            .to(PARCEL_ETA, Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    static String estimate(GenericRecord event) {
        long base = (Long) event.get("occurred_at");
        long hours = switch (event.get("state").toString()) {
            case "LABEL_CREATED" -> 48;
            case "IN_TRANSIT" -> 24;
            case "HELD_AT_DEPOT" -> 36;
            case "OUT_FOR_DELIVERY" -> 4;
            default -> 72;
        };
        return Long.toString(base + hours * 3_600_000L);
    }
}
