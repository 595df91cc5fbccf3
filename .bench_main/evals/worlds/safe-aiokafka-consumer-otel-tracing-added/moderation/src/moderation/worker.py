import asyncio
import json
import logging
import os

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from moderation.classifier import ToxicityClient

log = logging.getLogger("moderation")

SUBMITTED = "reviews.submitted"
MODERATED = "reviews.moderated"


async def handle(record, classifier: ToxicityClient, producer: AIOKafkaProducer) -> None:
    review = json.loads(record.value)
    verdict = await classifier.verdict(review["text"])
    await producer.send_and_wait(
        MODERATED,
        key=record.key,
        value=json.dumps({"review_id": review["review_id"], "product_id": review["product_id"], "verdict": verdict}).encode(),
    )


async def run() -> None:
    bootstrap = os.getenv("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
    consumer = AIOKafkaConsumer(
        SUBMITTED,
        bootstrap_servers=bootstrap,
        group_id="moderation",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    classifier = ToxicityClient(os.getenv("TOXICITY_URL", "http://toxicity:8000"))
    await consumer.start()
    await producer.start()
    try:
        async for record in consumer:
            await handle(record, classifier, producer)
            await consumer.commit()
    finally:
        await consumer.stop()
        await producer.stop()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    asyncio.run(run())
