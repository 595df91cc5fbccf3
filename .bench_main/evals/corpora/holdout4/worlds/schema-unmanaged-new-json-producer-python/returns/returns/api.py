from fastapi import FastAPI

app = FastAPI()


@app.post("/returns/{order_id}")
async def request_return(order_id: str, reason: str) -> dict:
    return {"order_id": order_id, "status": "accepted"}
