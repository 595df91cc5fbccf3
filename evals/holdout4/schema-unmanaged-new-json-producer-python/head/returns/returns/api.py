from fastapi import FastAPI

from returns.events import return_requested

app = FastAPI()


@app.post("/returns/{order_id}")
async def request_return(order_id: str, reason: str) -> dict:
    await return_requested(order_id, reason)
    return {"order_id": order_id, "status": "accepted"}
