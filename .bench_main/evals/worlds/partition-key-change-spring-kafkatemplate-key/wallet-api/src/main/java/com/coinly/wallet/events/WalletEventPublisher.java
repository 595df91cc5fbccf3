package com.coinly.wallet.events;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

import com.coinly.wallet.domain.WalletTransaction;

@Service
public class WalletEventPublisher {

    private static final Logger log = LoggerFactory.getLogger(WalletEventPublisher.class);

    @Value("${wallet.topics.transactions}")
    private String transactionsTopic;

    private final KafkaTemplate<String, WalletTransactionEvent> kafkaTemplate;

    public WalletEventPublisher(KafkaTemplate<String, WalletTransactionEvent> kafkaTemplate) {
        this.kafkaTemplate = kafkaTemplate;
    }

    public void publish(WalletTransaction txn) {
        WalletTransactionEvent event = new WalletTransactionEvent(
                txn.transactionId(), txn.accountId(), txn.type().name(), txn.amountMinor(), Instant.now());
        // Keyed by account: every movement of one account lands on one partition, in order.
        kafkaTemplate.send(transactionsTopic, txn.accountId(), event)
                .whenComplete((result, ex) -> {
                    if (ex != null) {
                        log.error("failed to publish wallet transaction {}", txn.transactionId(), ex);
                    }
                });
    }

    public record WalletTransactionEvent(
            String transactionId, String accountId, String type, long amountMinor, Instant occurredAt) {}
}
