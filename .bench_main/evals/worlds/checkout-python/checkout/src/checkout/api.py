"""HTTP API of the checkout service."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

from checkout.publisher import OrderPublisher

app = FastAPI(title="checkout")
publisher = OrderPublisher()


class OrderRequest(BaseModel):
    customer_id: str
    amount_cents: int
    currency: str = "EUR"
    country: str


@app.get("/health")
def health() -> dict:
    return {"status": "ok"}


@app.post("/orders", status_code=201)
def place_order(req: OrderRequest) -> dict:
    if req.amount_cents <= 0:
        raise HTTPException(status_code=422, detail="amount must be positive")
    order = {
        "order_id": str(uuid.uuid4()),
        "customer_id": req.customer_id,
        "amount_cents": req.amount_cents,
        "currency": req.currency,
        "country": req.country,
        "placed_at": datetime.now(timezone.utc).isoformat(),
    }
    publisher.publish(order)
    return {"order_id": order["order_id"]}
