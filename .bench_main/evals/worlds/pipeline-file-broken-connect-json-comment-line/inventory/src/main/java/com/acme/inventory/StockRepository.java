package com.acme.inventory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

public class StockRepository {
    private final Connection db;

    public StockRepository(Connection db) {
        this.db = db;
    }

    public void adjust(String sku, int delta) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("UPDATE stock SET qty = qty + ? WHERE sku = ?")) {
            st.setInt(1, delta);
            st.setString(2, sku);
            st.executeUpdate();
        }
    }
}
