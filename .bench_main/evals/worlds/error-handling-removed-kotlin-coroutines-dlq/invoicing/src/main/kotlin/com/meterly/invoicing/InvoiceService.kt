package com.meterly.invoicing

import java.sql.DriverManager

class InvoiceService(jdbcUrl: String) {
    private val conn = DriverManager.getConnection(jdbcUrl)

    fun addUsage(usage: UsageRecorded) {
        require(usage.quantity >= 0) { "negative usage for ${usage.accountId}" }
        conn.prepareStatement(
            "INSERT INTO invoice_lines (account_id, meter, quantity, recorded_at) VALUES (?, ?, ?, ?::timestamptz)"
        ).use { st ->
            st.setString(1, usage.accountId)
            st.setString(2, usage.meter)
            st.setLong(3, usage.quantity)
            st.setString(4, usage.recordedAt)
            st.executeUpdate()
        }
    }
}
