import os

KAFKA_BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP", "localhost:9092")
ADJUSTMENTS_TOPIC = os.environ.get("INVENTORY_ADJUSTMENTS_TOPIC", "inventory.adjustments")
GROUP_ID = "replenishment-planner"
REORDER_THRESHOLD = int(os.environ.get("REORDER_THRESHOLD", "25"))
