from fastapi import FastAPI

from payment_gateway.publisher import CapturePublisher

app = FastAPI()
publisher = CapturePublisher()


@app.post("/payments/{payment_id}/capture")
def capture(payment_id: str, merchant_id: str, amount_minor: int, currency: str = "EUR") -> dict:
    publisher.captured(payment_id, merchant_id, amount_minor, currency)
    return {"captured": payment_id}


@app.on_event("shutdown")
def shutdown() -> None:
    publisher.flush()
