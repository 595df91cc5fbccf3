package com.tradeco.pricing;

import java.util.Map;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.springframework.kafka.support.serializer.JsonSerde;

public final class PricingTopology {

    static final String PRICE_CHANGES = "catalog.price-changes";
    static final String QUOTES = "pricing.quotes";

    private final Map<String, Object> serdeConfig;

    public PricingTopology(Map<String, Object> serdeConfig) {
        this.serdeConfig = serdeConfig;
    }

    public Topology build() {
        StreamsBuilder builder = new StreamsBuilder();

        Serde<PriceChange> priceChangeSerde = new JsonSerde<>(PriceChange.class);
        Serde<Quote> quoteSerde = new JsonSerde<>(Quote.class);

        KStream<String, PriceChange> changes =
                builder.stream(PRICE_CHANGES, Consumed.with(Serdes.String(), priceChangeSerde));

        changes.filter((sku, change) -> change.listPriceMinor() > 0)
               .mapValues(QuoteCalculator::quote)
               .to(QUOTES, Produced.with(Serdes.String(), quoteSerde));

        return builder.build();
    }
}
