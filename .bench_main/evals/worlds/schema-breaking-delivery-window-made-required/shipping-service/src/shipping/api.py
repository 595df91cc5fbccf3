from datetime import datetime, timezone

from fastapi import FastAPI
from pydantic import BaseModel

from shipping.events import DispatchPublisher
from shipping.models import Address, Shipment, Window

app = FastAPI(title="shipping-service")
publisher = DispatchPublisher()


class DispatchRequest(BaseModel):
    shipment_id: str
    order_id: str
    carrier: str
    line1: str
    city: str
    postal_code: str
    country: str
    window_earliest: datetime | None = None
    window_latest: datetime | None = None
    tracking_url: str | None = None


@app.post("/shipments/dispatch", status_code=202)
def dispatch(req: DispatchRequest) -> dict:
    window = None
    if req.window_earliest and req.window_latest:
        window = Window(req.window_earliest, req.window_latest)
    publisher.publish(
        Shipment(
            shipment_id=req.shipment_id,
            order_id=req.order_id,
            carrier=req.carrier,
            destination=Address(req.line1, req.city, req.postal_code, req.country),
            dispatched_at=datetime.now(timezone.utc),
            window=window,
            tracking_url=req.tracking_url,
        )
    )
    return {"status": "accepted"}
