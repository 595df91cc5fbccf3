package com.acme.warehouse

import com.acme.inventory.avro.StockLevelChanged
import io.micrometer.core.instrument.MeterRegistry
import org.slf4j.LoggerFactory
import org.springframework.beans.factory.annotation.Value
import org.springframework.kafka.annotation.KafkaListener
import org.springframework.stereotype.Component

@Component
class ReplenishmentListener(
    private val orders: PurchaseOrderClient,
    private val meters: MeterRegistry,
    @Value("\${warehouse.reorder-threshold}") private val reorderThreshold: Int,
) {
    private val log = LoggerFactory.getLogger(javaClass)

    @KafkaListener(topics = ["inventory.stock-levels"], groupId = "warehouse-replenishment")
    fun onStockLevel(event: StockLevelChanged) {
        val free = event.quantity - event.reserved
        if (free < reorderThreshold) {
            log.info("reordering {} for warehouse {} (free={})", event.sku, event.warehouseId, free)
            orders.reorder(event.sku, event.warehouseId, reorderThreshold * 3 - free)
            meters.counter("warehouse.reorders").increment()
        }
    }
}
