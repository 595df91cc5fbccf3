import os

import faust
from prometheus_client import start_http_server

app = faust.App(
    "risk-signals",
    broker=os.getenv("KAFKA_BROKER_URL", "kafka://kafka:9092"),
    autodiscover=["risk_signals.agents"],
    origin="risk_signals",
)

alerts_topic = app.topic("risk.alerts", value_serializer="json")


@app.on_startup.connect
async def expose_metrics(app, **kwargs):
    start_http_server(int(os.getenv("METRICS_PORT", "9102")))


def main() -> None:
    app.main()
