import struct

from confluent_kafka import Producer

_producer = Producer({"bootstrap.servers": "kafka:9092", "acks": "all"})


def post_entry(account: str, cents: int) -> None:
    _producer.produce("ledger-entries", key=account, value=struct.pack(">q", cents))
    _producer.flush(5)
