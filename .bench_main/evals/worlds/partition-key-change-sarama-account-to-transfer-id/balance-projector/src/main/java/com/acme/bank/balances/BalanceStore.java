package com.acme.bank.balances;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

final class BalanceStore {
    private final String url;

    BalanceStore(String url) {
        this.url = url == null ? "jdbc:postgresql://balances-db/balances" : url;
    }

    void apply(String accountId, long amountMinor, String transferId) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement st = c.prepareStatement(
                     "UPDATE balances SET minor = minor + ?, last_transfer = ? WHERE account_id = ? AND minor + ? >= overdraft_limit")) {
            st.setLong(1, amountMinor);
            st.setString(2, transferId);
            st.setString(3, accountId);
            st.setLong(4, amountMinor);
            if (st.executeUpdate() == 0) {
                throw new IllegalStateException("posting " + transferId + " would overdraw " + accountId);
            }
        }
    }
}
