import asyncio
import json
import os

from aiokafka import AIOKafkaConsumer


async def main() -> None:
    consumer = AIOKafkaConsumer(
        "fraud.alerts",
        bootstrap_servers=os.getenv("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
        group_id="fraud-desk",
        value_deserializer=lambda raw: json.loads(raw),
    )
    await consumer.start()
    try:
        async for msg in consumer:
            alert = msg.value
            print(f"REVIEW card {alert['cardId']} txn {alert['transactionId']} score {alert['score']:.2f}")
    finally:
        await consumer.stop()


if __name__ == "__main__":
    asyncio.run(main())
