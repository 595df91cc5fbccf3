import json
import os
from decimal import Decimal
from uuid import uuid4

from confluent_kafka import Producer
from fastapi import FastAPI
from pydantic import BaseModel

CLAIMS_TOPIC = os.getenv("CLAIMS_TOPIC", "claims.submitted")

app = FastAPI()
producer = Producer({"bootstrap.servers": os.getenv("KAFKA_BROKERS", "kafka:9092"), "acks": "all"})


class Claim(BaseModel):
    policyId: str
    category: str
    amount: Decimal


@app.post("/claims", status_code=202)
def submit(claim: Claim) -> dict:
    claim_id = str(uuid4())
    payload = {"claimId": claim_id, **claim.model_dump(mode="json")}
    producer.produce(CLAIMS_TOPIC, key=claim.policyId, value=json.dumps(payload))
    producer.flush(5)
    return {"claimId": claim_id}
