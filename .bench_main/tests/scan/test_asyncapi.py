"""AsyncAPI documents as a declared source of topics and message schemas."""

from __future__ import annotations

import json

from copilot.scan.repo import scan

V2 = """asyncapi: 2.6.0
info: {title: Orders, version: 1.0.0}
servers:
  prod:
    url: kafka:9092
    protocol: kafka
channels:
  orders.created:
    subscribe:
      message:
        $ref: '#/components/messages/OrderCreated'
  payments.settled:
    publish:
      message:
        payload: {type: object}
  users.{userId}:
    subscribe:
      message:
        payload: {type: object}
components:
  messages:
    OrderCreated:
      schemaFormat: application/vnd.apache.avro;version=1.9.0
      payload:
        $ref: ../schemas/order.avsc
"""

V3 = {
    "asyncapi": "3.0.0",
    "info": {"title": "Billing", "version": "1"},
    "servers": {"k": {"host": "kafka:9092", "protocol": "kafka-secure"}},
    "channels": {
        "settled": {"address": "payments.settled", "messages": {"m": {"payload": {"type": "object"}}}},
        "audit": {"address": "ignored", "bindings": {"kafka": {"topic": "audit.v1"}}},
    },
    "operations": {
        "sendSettled": {"action": "send", "channel": {"$ref": "#/channels/settled"}},
        "readAudit": {"action": "receive", "channel": {"$ref": "#/channels/audit"}},
    },
}

ORDER_AVSC = json.dumps({"type": "record", "name": "Order", "namespace": "shop", "fields": [{"name": "id", "type": "string"}]})


def test_asyncapi_2_channels_and_avro_schema(make_repo):
    repo = make_repo({"orders/Dockerfile": "FROM x\n", "orders/api/asyncapi.yaml": V2, "orders/schemas/order.avsc": ORDER_AVSC})
    result = scan(repo, "HEAD", use_cache=False)
    eps = {(e.role, e.topic_name): e for e in result.endpoints}
    assert set(eps) == {("produce", "orders.created"), ("consume", "payments.settled"), ("produce", "<users.{userId}>")}
    created = eps[("produce", "orders.created")]
    assert (created.service, created.loc.path, created.loc.line, created.ep.library) == ("orders", "orders/api/asyncapi.yaml", 9, "asyncapi")
    assert created.schema == "shop.Order"
    edges = {(e["source"], e["target"], e["kind"]) for e in result.graph.to_json()["edges"]}
    assert ("topic:orders.created", "schema:shop.Order", "carries") in edges


def test_asyncapi_3_operations_json_and_kafka_binding(make_repo):
    repo = make_repo({"billing/package.json": "{}\n", "billing/asyncapi.json": json.dumps(V3, indent=2)})
    eps = {(e.role, e.topic_name) for e in scan(repo, "HEAD", use_cache=False).endpoints}
    assert eps == {("produce", "payments.settled"), ("consume", "audit.v1")}


def test_asyncapi_for_another_broker_declares_no_kafka_topic(make_repo):
    doc = V2.replace("protocol: kafka", "protocol: amqp").replace("kafka:9092", "rabbit:5672")
    doc = doc.replace("title: Orders", "title: Orders, description: moved off kafka")  # still a scan candidate
    repo = make_repo({"q/asyncapi.yaml": doc})
    assert scan(repo, "HEAD", use_cache=False).endpoints == []
