from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Address:
    line1: str
    city: str
    postal_code: str
    country: str


@dataclass(frozen=True)
class Window:
    earliest: datetime
    latest: datetime


@dataclass(frozen=True)
class Shipment:
    shipment_id: str
    order_id: str
    carrier: str
    destination: Address
    dispatched_at: datetime
    window: Window | None = None
    tracking_url: str | None = None
