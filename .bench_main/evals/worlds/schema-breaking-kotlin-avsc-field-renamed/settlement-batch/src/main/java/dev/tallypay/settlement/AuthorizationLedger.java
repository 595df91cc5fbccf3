package dev.tallypay.settlement;

import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
public class AuthorizationLedger {
    private final JdbcTemplate jdbc;

    public AuthorizationLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @KafkaListener(topics = "cards.authorizations.decided")
    public void record(ConsumerRecord<String, GenericRecord> record) {
        GenericRecord auth = record.value();
        if (!(Boolean) auth.get("approved")) {
            return;
        }
        jdbc.update(
            "INSERT INTO pending_settlement (authorization_id, merchant_id, amount_minor, currency) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            auth.get("authorization_id").toString(),
            auth.get("merchant_id").toString(),
            auth.get("amount_minor"),
            auth.get("currency").toString());
    }
}
