"""Runtime settings for the loyalty faust worker (12-factor: everything overridable by env)."""
import os

APP_ID = os.getenv("LOYALTY_APP_ID", "loyalty-points")
BROKER_URL = os.getenv("KAFKA_BROKER_URL", "kafka://localhost:9092")
PURCHASES_TOPIC = os.getenv("PURCHASES_TOPIC", "pos.purchases")
POINTS_TOPIC = os.getenv("POINTS_TOPIC", "loyalty.points-awarded")

# Where a brand-new consumer group (or one whose offsets expired) starts reading.
OFFSET_RESET = os.getenv("LOYALTY_OFFSET_RESET", "earliest")

POINTS_PER_EURO = int(os.getenv("POINTS_PER_EURO", "10"))
