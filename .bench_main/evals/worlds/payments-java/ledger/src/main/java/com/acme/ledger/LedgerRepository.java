package com.acme.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

public final class LedgerRepository {
    private final DataSource dataSource;

    public LedgerRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Idempotent: a replayed payment id is ignored by the unique constraint. */
    public void book(String paymentId, String accountId, long amountCents, String currency) throws SQLException {
        try (Connection conn = dataSource.getConnection();
             PreparedStatement stmt = conn.prepareStatement(
                     "INSERT INTO ledger_entries (payment_id, account_id, amount_cents, currency) "
                             + "VALUES (?, ?, ?, ?) ON CONFLICT (payment_id) DO NOTHING")) {
            stmt.setString(1, paymentId);
            stmt.setString(2, accountId);
            stmt.setLong(3, amountCents);
            stmt.setString(4, currency);
            stmt.executeUpdate();
        }
    }
}
