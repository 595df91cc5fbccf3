package com.acme.warehouse

import org.springframework.jdbc.core.JdbcTemplate
import org.springframework.stereotype.Component

/** Writes purchase orders to the outbox table; a separate job sends them to suppliers. */
@Component
class PurchaseOrderClient(private val jdbc: JdbcTemplate) {
    fun reorder(sku: String, warehouseId: String, quantity: Int) {
        jdbc.update(
            "INSERT INTO purchase_order_outbox (sku, warehouse_id, quantity) VALUES (?, ?, ?)",
            sku, warehouseId, quantity,
        )
    }
}
