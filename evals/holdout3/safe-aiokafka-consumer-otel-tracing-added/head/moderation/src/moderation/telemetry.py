from opentelemetry import trace
from opentelemetry.trace import SpanKind, Status, StatusCode
from prometheus_client import Counter, Gauge

tracer = trace.get_tracer("moderation")

RECORDS = Counter("moderation_records_total", "reviews.submitted records handled", ["verdict"])
LAG = Gauge("moderation_consumer_lag", "highwater - position per partition", ["partition"])


def consumer_span(record):
    """A CONSUMER span for one record, with the messaging semantic-convention attributes."""
    return tracer.start_as_current_span(
        f"{record.topic} process",
        kind=SpanKind.CONSUMER,
        attributes={
            "messaging.system": "kafka",
            "messaging.destination.name": record.topic,
            "messaging.kafka.destination.partition": record.partition,
            "messaging.kafka.message.offset": record.offset,
            "messaging.kafka.consumer.group": "moderation",
        },
    )


def record_failure(span, exc: BaseException) -> None:
    span.record_exception(exc)
    span.set_status(Status(StatusCode.ERROR, str(exc)))
