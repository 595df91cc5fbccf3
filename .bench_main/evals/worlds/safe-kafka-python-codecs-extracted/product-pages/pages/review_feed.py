import json

from kafka import KafkaConsumer

consumer = KafkaConsumer(
    "reviews.moderated",
    bootstrap_servers="localhost:9092",
    group_id="product-pages",
    value_deserializer=lambda m: json.loads(m.decode("utf-8")),
)

for record in consumer:
    verdict = record.value
    if verdict["verdict"] == "approved":
        print(f"publish review {verdict['review_id']} on product {verdict['product_id']}")
