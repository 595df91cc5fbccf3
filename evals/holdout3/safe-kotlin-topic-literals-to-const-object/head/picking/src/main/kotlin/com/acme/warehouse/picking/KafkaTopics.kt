package com.acme.warehouse.picking

/** Topic and group names used by this service, in one place. */
object KafkaTopics {
    const val INVENTORY_RESERVED = "inventory.reserved"
    const val PICKING_TASKS = "picking.tasks"
    const val PICKING_GROUP = "picking"
}
