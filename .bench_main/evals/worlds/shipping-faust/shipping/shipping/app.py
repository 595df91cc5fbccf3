"""Buys a carrier label for every shipment request."""

from __future__ import annotations

import logging

import faust
import httpx
from prometheus_client import Counter

from shipping.carrier import CarrierError, buy_label

log = logging.getLogger(__name__)

LABELS = Counter("shipping_labels_total", "Labels bought", ["outcome"])

app = faust.App("shipping", broker="kafka://kafka:9092", value_serializer="json")


class ShipmentRequested(faust.Record, serializer="json"):
    parcel_id: str
    order_id: str
    weight_grams: int
    destination_country: str
    postcode: str


requests_topic = app.topic("shipment-requested", value_type=ShipmentRequested)
labels_topic = app.topic("shipment-labels")
dead_letters = app.topic("shipment-requested.dlq")

carrier = httpx.AsyncClient(base_url="https://api.carrier.example", timeout=10.0)


@app.agent(requests_topic)
async def label_shipments(stream):
    async for request in stream:
        try:
            label = await buy_label(carrier, request.asdict())
        except CarrierError as exc:
            log.warning("sending parcel %s to the DLQ: %s", request.parcel_id, exc)
            LABELS.labels(outcome="dead-letter").inc()
            await dead_letters.send(key=request.order_id, value=request.asdict())
            continue
        await labels_topic.send(
            key=request.order_id,
            value={"parcel_id": request.parcel_id, "tracking_number": label["tracking_number"]},
        )
        LABELS.labels(outcome="ok").inc()
