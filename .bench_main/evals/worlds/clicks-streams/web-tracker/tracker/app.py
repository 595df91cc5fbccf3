"""Pixel endpoint: records one page view per request."""

from __future__ import annotations

import json
import time

from confluent_kafka import Producer
from flask import Flask, request
from prometheus_client import Counter, make_wsgi_app
from werkzeug.middleware.dispatcher import DispatcherMiddleware

app = Flask(__name__)
app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {"/metrics": make_wsgi_app()})

VIEWS = Counter("tracker_page_views_total", "Page views accepted")
producer = Producer({"bootstrap.servers": "kafka:9092", "acks": "all", "enable.idempotence": True, "linger.ms": 20})


@app.get("/px.gif")
def pixel():
    visitor = request.cookies.get("vid", "anonymous")
    view = {"visitor_id": visitor, "url": request.args.get("u", ""), "ts": int(time.time() * 1000)}
    producer.produce("page-views", key=visitor, value=json.dumps(view))
    producer.poll(0)
    VIEWS.inc()
    return b"", 204
