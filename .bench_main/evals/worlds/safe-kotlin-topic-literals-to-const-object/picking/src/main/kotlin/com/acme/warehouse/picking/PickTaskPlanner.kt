package com.acme.warehouse.picking

import org.springframework.stereotype.Component

data class Reservation(val reservationId: String, val orderId: String, val sku: String, val qty: Int, val zone: String)

data class PickTask(val taskId: String, val orderId: String, val sku: String, val qty: Int, val zone: String, val aisle: Int)

@Component
class PickTaskPlanner {
    fun plan(r: Reservation): PickTask =
        PickTask(
            taskId = "pt-${r.reservationId}",
            orderId = r.orderId,
            sku = r.sku,
            qty = r.qty,
            zone = r.zone,
            aisle = (r.sku.hashCode() and 0x7fffffff) % 40 + 1,
        )
}
