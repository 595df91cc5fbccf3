TOPIC_INVENTORY_RESERVED = "inventory.reserved"
