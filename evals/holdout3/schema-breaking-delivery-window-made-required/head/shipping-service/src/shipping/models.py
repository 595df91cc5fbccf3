from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


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


STANDARD_TRANSIT = (timedelta(days=1), timedelta(days=5))


def standard_window(dispatched_at: datetime) -> Window:
    """The window we promise when the carrier gives none."""
    return Window(dispatched_at + STANDARD_TRANSIT[0], dispatched_at + STANDARD_TRANSIT[1])
