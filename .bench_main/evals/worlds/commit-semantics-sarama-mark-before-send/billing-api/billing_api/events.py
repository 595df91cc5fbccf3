import os

from confluent_kafka import Producer
from pydantic import BaseModel

INVOICE_ISSUED = "billing.invoice-issued"

_producer = Producer(
    {
        "bootstrap.servers": os.environ.get("KAFKA_BOOTSTRAP", "localhost:9092"),
        "enable.idempotence": True,
    }
)


class InvoiceIssued(BaseModel):
    invoice_id: str
    customer_id: str
    email: str
    pdf_url: str
    amount_due: int


def invoice_issued(event: InvoiceIssued) -> None:
    _producer.produce(INVOICE_ISSUED, key=event.customer_id, value=event.model_dump_json())
    _producer.flush(5)
