package com.cardly.fraud;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.springframework.kafka.support.serializer.JsonSerde;

public final class FraudTopology {

    public static final String TRANSACTIONS = "cards.transactions";
    public static final String ALERTS = "fraud.alerts";

    private final RiskScorer scorer;
    private final double threshold;

    public FraudTopology(RiskScorer scorer, double threshold) {
        this.scorer = scorer;
        this.threshold = threshold;
    }

    public Topology build() {
        StreamsBuilder builder = new StreamsBuilder();

        Serde<CardTransaction> txnSerde = new JsonSerde<>(CardTransaction.class).ignoreTypeHeaders();
        Serde<FraudAlert> alertSerde = new JsonSerde<>(FraudAlert.class).noTypeInfo();

        builder.stream(TRANSACTIONS, Consumed.with(Serdes.String(), txnSerde))
               .filter((cardId, txn) -> txn != null && scorer.score(txn) >= threshold)
               .mapValues(txn -> new FraudAlert(txn.transactionId(), txn.cardId(), scorer.score(txn), txn.amountMinor()))
               .to(ALERTS, Produced.with(Serdes.String(), alertSerde));

        return builder.build();
    }
}
