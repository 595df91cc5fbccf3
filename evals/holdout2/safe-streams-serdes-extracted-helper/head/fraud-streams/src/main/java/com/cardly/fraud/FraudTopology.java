package com.cardly.fraud;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Scores every card transaction and emits a {@link FraudAlert} for the risky ones.
 *
 * <pre>
 * cards.transactions --filter(score >= threshold)--> mapValues(FraudAlert) --> fraud.alerts
 * </pre>
 */
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

        KStream<String, CardTransaction> transactions =
                builder.stream(TRANSACTIONS, Consumed.with(Serdes.String(), FraudSerdes.cardTransaction()));

        highRisk(transactions)
                .mapValues(this::toAlert)
                .to(ALERTS, Produced.with(Serdes.String(), FraudSerdes.fraudAlert()));

        return builder.build();
    }

    private KStream<String, CardTransaction> highRisk(KStream<String, CardTransaction> transactions) {
        return transactions.filter((cardId, txn) -> txn != null && scorer.score(txn) >= threshold);
    }

    private FraudAlert toAlert(CardTransaction txn) {
        return new FraudAlert(txn.transactionId(), txn.cardId(), scorer.score(txn), txn.amountMinor());
    }
}
