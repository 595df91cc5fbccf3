import os

import faust
from schema_registry.client import SchemaRegistryClient
from schema_registry.serializers.faust import FaustSerializer

registry = SchemaRegistryClient(url=os.environ.get("SCHEMA_REGISTRY_URL", "http://localhost:8081"))
authorizations_codec = FaustSerializer(registry, "cards.authorizations.decided-value", None)
faust.serializers.codecs.register("authorizations_avro", authorizations_codec)

app = faust.App(
    "chargeback-desk",
    broker=os.environ.get("KAFKA_BROKER", "kafka://localhost:9092"),
    store="rocksdb://",
)


class AuthorizationDecided(faust.Record, serializer="authorizations_avro"):
    authorization_id: str
    card_token: str
    merchant_id: str
    amount_minor: int
    currency: str
    approved: bool
    decline_code: str = None
    decided_at: int = 0


authorizations = app.topic("cards.authorizations.decided", value_type=AuthorizationDecided)
approved_by_merchant = app.Table("approved-by-merchant", default=int)


@app.agent(authorizations)
async def index_approvals(stream):
    async for auth in stream:
        if auth.approved:
            approved_by_merchant[auth.merchant_id] += auth.amount_minor


def main() -> None:
    app.main()
