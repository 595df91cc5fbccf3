ORDERS_TOPIC = "orders"
