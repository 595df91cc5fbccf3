"""End to end: config-only repositories (connectors, Strimzi, schemas) scanned into the graph JSON."""

from __future__ import annotations

from copilot.scan.repo import scan
from tests.conftest import commit

ORDERS_CDC = """\
{
  "name": "orders-cdc",
  "config": {
    "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
    "topic.prefix": "shop",
    "table.include.list": "public.orders,public.customers"
  }
}
"""
ES_SINK = """\
name=es-sink
connector.class=io.confluent.connect.elasticsearch.ElasticsearchSinkConnector
topics.regex=shop\\\\.public\\\\..*
"""
WAREHOUSE_SINK = """\
apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaConnector
metadata:
  name: warehouse-sink
spec:
  class: io.confluent.connect.jdbc.JdbcSinkConnector
  config:
    topics: shop.public.orders
"""
ORDER_AVSC = """\
{
  "type": "record",
  "name": "Order",
  "namespace": "com.acme",
  "fields": [{"name": "id", "type": "string"}]
}
"""


def ev(path: str, line: int) -> list[dict[str, object]]:
    return [{"path": path, "line": line}]


def test_connectors_and_schemas_build_the_graph(make_repo) -> None:
    repo = make_repo(
        {
            "cdc/Dockerfile": "FROM debezium/connect:2.5\n",
            "cdc/connectors/orders-cdc.json": ORDERS_CDC,
            "search/connect/es-sink.properties": ES_SINK,
            "deploy/pg-sink.yaml": WAREHOUSE_SINK,
            "schemas/order.avsc": ORDER_AVSC,
        }
    )
    graph = scan(repo).graph.to_json()
    cdc, es, wh = "cdc/connectors/orders-cdc.json", "search/connect/es-sink.properties", "deploy/pg-sink.yaml"
    pattern = r"shop\.public\..*"
    assert graph == {
        "version": 1,
        "nodes": [
            {
                "id": "schema:com.acme.Order",
                "kind": "schema",
                "name": "com.acme.Order",
                "evidence": ev("schemas/order.avsc", 3),
            },
            {"id": "service:es-sink", "kind": "service", "name": "es-sink", "evidence": ev(es, 1)},
            {"id": "service:orders-cdc", "kind": "service", "name": "orders-cdc", "evidence": ev(cdc, 2)},
            {
                "id": "service:warehouse-sink",
                "kind": "service",
                "name": "warehouse-sink",
                "evidence": ev(wh, 4),
            },
            {
                "id": "topic:shop.public.customers",
                "kind": "topic",
                "name": "shop.public.customers",
                "evidence": ev(cdc, 6),
            },
            {
                "id": "topic:shop.public.orders",
                "kind": "topic",
                "name": "shop.public.orders",
                "evidence": ev(cdc, 6) + ev(wh, 8),
            },
            {
                "id": f"topic:{pattern}",
                "kind": "topic",
                "name": pattern,
                "evidence": ev(es, 3),
                "pattern": True,
            },
        ],
        "edges": [
            {
                "source": "service:orders-cdc",
                "target": "topic:shop.public.customers",
                "kind": "produces",
                "evidence": ev(cdc, 6),
            },
            {
                "source": "service:orders-cdc",
                "target": "topic:shop.public.orders",
                "kind": "produces",
                "evidence": ev(cdc, 6),
            },
            # the sink's topics.regex subscription reaches every concrete topic it matches
            {
                "source": "topic:shop.public.customers",
                "target": "service:es-sink",
                "kind": "consumes",
                "evidence": ev(es, 3),
            },
            {
                "source": "topic:shop.public.orders",
                "target": "service:es-sink",
                "kind": "consumes",
                "evidence": ev(es, 3),
            },
            {
                "source": "topic:shop.public.orders",
                "target": "service:warehouse-sink",
                "kind": "consumes",
                "evidence": ev(wh, 8),
            },
            {
                "source": f"topic:{pattern}",
                "target": "service:es-sink",
                "kind": "consumes",
                "evidence": ev(es, 3),
            },
        ],
    }


def test_outbox_router_gives_an_unresolved_topic_and_rescan_follows_commits(make_repo) -> None:
    outbox = """\
connector.class=io.debezium.connector.postgresql.PostgresConnector
name=orders-outbox
topic.prefix=shop
table.include.list=public.outbox
"""
    repo = make_repo({"outbox/connector.properties": outbox})
    before = scan(repo).graph.to_json()
    assert [n["id"] for n in before["nodes"]] == ["service:orders-outbox", "topic:shop.public.outbox"]

    commit(
        repo,
        {
            "outbox/connector.properties": outbox
            + "transforms=outbox\n"
            + "transforms.outbox.type=io.debezium.transforms.outbox.EventRouter\n"
            + "transforms.outbox.route.topic.replacement=events.${routedByValue}\n"
        },
        "route the outbox",
    )
    after = scan(repo).graph.to_json()
    assert after["nodes"] == [
        {
            "id": "service:orders-outbox",
            "kind": "service",
            "name": "orders-outbox",
            "evidence": ev("outbox/connector.properties", 2),
        },
        {
            "id": "topic:<events.${routedByValue}>",
            "kind": "topic",
            "name": "<events.${routedByValue}>",
            "evidence": ev("outbox/connector.properties", 7),
            "unresolved": True,
            "reason": "the outbox EventRouter names each topic from a column of the row (`events.${routedByValue}`) at run time",
        },
    ]
    assert [(e["source"], e["target"], e["kind"]) for e in after["edges"]] == [
        ("service:orders-outbox", "topic:<events.${routedByValue}>", "produces")
    ]
