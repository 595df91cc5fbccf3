package com.coinly.balances

import java.sql.DriverManager

class BalanceStore(jdbcUrl: String) {
    private val conn = DriverManager.getConnection(jdbcUrl)

    fun apply(accountId: String, delta: Long, transactionId: String) {
        conn.prepareStatement("SELECT apply_movement(?, ?, ?)").use { st ->
            st.setString(1, accountId)
            st.setLong(2, delta)
            st.setString(3, transactionId)
            st.execute()
        }
    }
}
