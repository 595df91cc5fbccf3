from __future__ import annotations

import logging

from confluent_kafka import DeserializingConsumer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer
from confluent_kafka.serialization import StringDeserializer

from ledger.config import LedgerConfig
from ledger.journal import Journal

log = logging.getLogger(__name__)


def run(cfg: LedgerConfig = LedgerConfig()) -> None:
    registry = SchemaRegistryClient({"url": cfg.schema_registry_url})
    consumer = DeserializingConsumer(
        {
            "bootstrap.servers": cfg.bootstrap_servers,
            "group.id": cfg.group_id,
            "auto.offset.reset": "earliest",
            "enable.auto.commit": False,
            "key.deserializer": StringDeserializer("utf_8"),
            "value.deserializer": AvroDeserializer(registry),
        }
    )
    consumer.subscribe([cfg.topic])
    journal = Journal(cfg.dsn)
    try:
        while True:
            msg = consumer.poll(1.0)
            if msg is None:
                continue
            if msg.error():
                log.warning("consumer error: %s", msg.error())
                continue
            book(journal, msg.value())
            consumer.commit(message=msg, asynchronous=False)
    finally:
        consumer.close()


def book(journal: Journal, event: dict) -> None:
    total = event["total"]
    amount_minor: int = total["amount_minor"]
    vat_minor = amount_minor * 20 // 120
    journal.post(
        order_id=event["order_id"],
        currency=total["currency"],
        net_minor=amount_minor - vat_minor,
        vat_minor=vat_minor,
    )
