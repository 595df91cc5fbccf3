"""Kafka Connect connector configs: direction, computed topics, transforms and settings."""

from __future__ import annotations

import pytest

from copilot.model.facts import Loc, Pending, TopicRef
from copilot.scan.extractors.config import extract
from copilot.scan.extractors.connect import java_replacement


def topics(connector) -> list[tuple[str | None, str, bool]]:
    return [(t.name, t.origin, t.pattern) for t in connector.topics]


def settings(connector) -> dict[str, tuple[str, int, str]]:
    return {k: (s.value, s.loc.line, s.raw_key) for k, s in connector.settings.items()}


DEBEZIUM = """\
{
  "name": "orders-cdc",
  "config": {
    "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
    "database.hostname": "postgres",
    "database.password": "s3cret",
    "topic.prefix": "shop",
    "table.include.list": "public.orders, public.order_lines",
    "key.converter": "org.apache.kafka.connect.json.JsonConverter",
    "value.converter": "io.confluent.connect.avro.AvroConverter",
    "value.converter.schema.registry.url": "http://schema-registry:8081",
    "tasks.max": 1
  }
}
"""


def test_debezium_postgres_source() -> None:
    facts = extract("connect/orders-cdc.json", DEBEZIUM.encode())
    assert facts.warnings == []
    assert facts.language == "config"
    [c] = facts.connectors
    assert (c.name, c.loc, c.connector_class, c.direction) == (
        "orders-cdc",
        Loc("connect/orders-cdc.json", 2),
        "io.debezium.connector.postgresql.PostgresConnector",
        "source",
    )
    assert c.topics == [
        TopicRef(
            "shop.public.orders",
            "shop.public.orders",
            "connector",
            via=[Loc("connect/orders-cdc.json", 8), Loc("connect/orders-cdc.json", 7)],
        ),
        TopicRef(
            "shop.public.order_lines",
            "shop.public.order_lines",
            "connector",
            via=[Loc("connect/orders-cdc.json", 8), Loc("connect/orders-cdc.json", 7)],
        ),
    ]
    assert settings(c) == {
        "key.converter": ("org.apache.kafka.connect.json.JsonConverter", 9, "key.converter"),
        "key.format": ("json", 9, "key.converter"),
        "value.converter": ("io.confluent.connect.avro.AvroConverter", 10, "value.converter"),
        "value.format": ("avro", 10, "value.converter"),
        "value.converter.schema.registry.url": (
            "http://schema-registry:8081",
            11,
            "value.converter.schema.registry.url",
        ),
        "tasks.max": ("1", 12, "tasks.max"),
    }
    # secrets are never settings
    assert all("password" not in k for k in c.settings)


def test_debezium_regex_router_is_applied_statically() -> None:
    src = """\
{
  "name": "orders-cdc",
  "config": {
    "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
    "topic.prefix": "shop",
    "table.include.list": "public.orders,inventory.stock",
    "transforms": "unwrap,route",
    "transforms.unwrap.type": "io.debezium.transforms.ExtractNewRecordState",
    "transforms.route.type": "org.apache.kafka.connect.transforms.RegexRouter",
    "transforms.route.regex": "shop\\\\.public\\\\.(?<table>.*)",
    "transforms.route.replacement": "cdc.${table}.v$1"
  }
}
"""
    [c] = extract("connect/orders-cdc.json", src.encode()).connectors
    # public.* is rewritten; inventory.stock does not match the (full-match) regex: unchanged
    assert topics(c) == [
        ("cdc.orders.vorders", "connector", False),
        ("shop.inventory.stock", "connector", False),
    ]
    assert c.topics[0].text == "shop.public.orders"
    assert c.topics[0].via == [Loc("connect/orders-cdc.json", line) for line in (6, 5, 10, 11)]


def test_debezium_mysql_legacy_names_and_database_list() -> None:
    src = """\
{"connector.class": "io.debezium.connector.mysql.MySqlConnector",
 "database.server.name": "inventory",
 "database.include.list": "inventory,billing"}
"""
    [c] = extract("connect/mysql-cdc.json", src.encode()).connectors
    assert c.name == "mysql-cdc"  # no name key: the file stem
    assert c.loc == Loc("connect/mysql-cdc.json", 1)  # the connector.class line
    assert topics(c) == [
        (r"inventory\.inventory\..+", "connector", True),
        (r"inventory\.billing\..+", "connector", True),
    ]


def test_debezium_regex_table_list_is_a_pattern() -> None:
    src = (
        '{"name": "pg", "config": {"connector.class": "io.debezium.connector.postgresql.PostgresConnector",'
        ' "topic.prefix": "shop", "table.include.list": "public.orders_.*,public.customers"}}'
    )
    [c] = extract("connect/pg.json", src.encode()).connectors
    assert topics(c) == [
        (r"shop\.public.orders_.*", "connector", True),
        ("shop.public.customers", "connector", False),
    ]


def test_debezium_sqlserver_inserts_the_database() -> None:
    src = """\
connector.class=io.debezium.connector.sqlserver.SqlServerConnector
name=mssql-cdc
topic.prefix=erp
database.names=sales
table.include.list=dbo.orders
"""
    [c] = extract("connect/mssql.properties", src.encode()).connectors
    assert (c.name, c.loc.line) == ("mssql-cdc", 2)
    assert topics(c) == [("erp.sales.dbo.orders", "connector", False)]


def test_debezium_outbox_event_router_is_unresolved() -> None:
    src = """\
{
  "name": "outbox",
  "config": {
    "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
    "topic.prefix": "shop",
    "table.include.list": "public.outbox",
    "transforms": "outbox",
    "transforms.outbox.type": "io.debezium.transforms.outbox.EventRouter",
    "transforms.outbox.route.by.field": "aggregatetype",
    "transforms.outbox.route.topic.replacement": "outbox.event.${routedByValue}"
  }
}
"""
    [c] = extract("connect/outbox.json", src.encode()).connectors
    assert c.topics == [
        TopicRef(
            "outbox.event.${routedByValue}",
            None,
            "unresolved",
            via=[Loc("connect/outbox.json", line) for line in (10, 8, 6, 5)],
            why="the outbox EventRouter names each topic from a column of the row (`outbox.event.${routedByValue}`) at run time",
        )
    ]


def test_outbox_default_replacement_when_not_configured() -> None:
    src = """\
connector.class=io.debezium.connector.mysql.MySqlConnector
topic.prefix=shop
table.include.list=shop.outbox
transforms=outbox
transforms.outbox.type=io.debezium.transforms.outbox.EventRouter
"""
    [c] = extract("connect/outbox.properties", src.encode()).connectors
    assert [(t.text, t.name, t.origin) for t in c.topics] == [
        ("outbox.event.${routedByValue}", None, "unresolved")
    ]
    assert c.topics[0].via[0] == Loc("connect/outbox.properties", 5)


def test_jdbc_source_prefix_plus_table() -> None:
    src = """\
[
  {"name": "jdbc-customers",
   "config": {
     "connector.class": "io.confluent.connect.jdbc.JdbcSourceConnector",
     "mode": "incrementing",
     "topic.prefix": "mysql-",
     "table.whitelist": "customers, accounts"}},
  {"name": "jdbc-query",
   "config": {
     "connector.class": "io.confluent.connect.jdbc.JdbcSourceConnector",
     "query": "SELECT * FROM orders",
     "topic.prefix": "orders-from-query"}}
]
"""
    first, second = extract("connect/jdbc.json", src.encode()).connectors
    assert (first.name, first.loc.line, first.direction) == ("jdbc-customers", 2, "source")
    assert topics(first) == [("mysql-customers", "connector", False), ("mysql-accounts", "connector", False)]
    assert first.topics[0].via == [Loc("connect/jdbc.json", 7), Loc("connect/jdbc.json", 6)]
    assert (second.name, second.loc.line) == ("jdbc-query", 8)
    assert topics(second) == [("orders-from-query", "connector", False)]
    assert "group.id" not in first.settings  # sources have no consumer group


def test_sink_topics_regex_and_error_handling() -> None:
    src = """\
name=es-sink
connector.class=io.confluent.connect.elasticsearch.ElasticsearchSinkConnector
topics.regex=cdc\\\\..*\\\\.v1
errors.tolerance=all
errors.deadletterqueue.topic.name=dlq.es-sink
errors.deadletterqueue.context.headers.enable=true
consumer.override.auto.offset.reset=earliest
value.converter=org.apache.kafka.connect.json.JsonConverter
value.converter.schemas.enable=false
"""
    facts = extract("connect/es-sink.properties", src.encode())
    [c] = facts.connectors
    assert (c.name, c.loc, c.direction) == ("es-sink", Loc("connect/es-sink.properties", 1), "sink")
    assert c.topics == [
        TopicRef(
            r"cdc\..*\.v1",
            r"cdc\..*\.v1",
            "connector",
            via=[Loc("connect/es-sink.properties", 3)],
            pattern=True,
        )
    ]
    assert settings(c) == {
        # a sink's consumer group is connect-<name>: renaming the connector restarts its offsets
        "group.id": ("connect-es-sink", 1, "name"),
        "errors.tolerance": ("all", 4, "errors.tolerance"),
        "errors.deadletterqueue.topic.name": ("dlq.es-sink", 5, "errors.deadletterqueue.topic.name"),
        "errors.deadletterqueue.context.headers.enable": (
            "true",
            6,
            "errors.deadletterqueue.context.headers.enable",
        ),
        "auto.offset.reset": ("earliest", 7, "consumer.override.auto.offset.reset"),
        "value.converter": ("org.apache.kafka.connect.json.JsonConverter", 8, "value.converter"),
        "value.format": ("json", 8, "value.converter"),
        "value.converter.schemas.enable": ("false", 9, "value.converter.schemas.enable"),
    }
    # connector files are not app config: no service-level settings or properties
    assert (facts.settings, facts.properties) == ([], {})


def test_sink_topics_list_with_env_placeholder_and_group_override() -> None:
    src = """\
{
  "name": "s3-archive",
  "config": {
    "connector.class": "io.confluent.connect.s3.S3SinkConnector",
    "topics": "orders.v1, payments,${env:EXTRA_TOPIC}",
    "consumer.override.group.id": "archive"
  }
}
"""
    [c] = extract("connect/s3.json", src.encode()).connectors
    loc = [Loc("connect/s3.json", 5)]
    assert c.topics == [
        TopicRef("orders.v1", "orders.v1", "connector", via=loc),
        TopicRef("payments", "payments", "connector", via=loc),
        TopicRef("${env:EXTRA_TOPIC}", None, "env", pending=Pending("env", "EXTRA_TOPIC"), via=loc),
    ]
    assert settings(c)["group.id"] == ("archive", 6, "consumer.override.group.id")


def test_source_prefix_placeholder_becomes_a_template() -> None:
    src = (
        '{"connector.class": "io.debezium.connector.postgresql.PostgresConnector",\n'
        ' "topic.prefix": "${DB_PREFIX:-shop}", "table.include.list": "public.orders"}'
    )
    [c] = extract("connect/pg.json", src.encode()).connectors
    [ref] = c.topics
    assert (ref.name, ref.origin) == (None, "unresolved")
    assert ref.pending == Pending(
        "template", "{0}.public.orders", parts=(Pending("env", "DB_PREFIX", "shop"),)
    )


def test_generic_source_topic_key_and_direction_by_class_name() -> None:
    src = """\
name=file-source
connector.class=FileStreamSource
file=/tmp/in.txt
topic=raw-lines
"""
    [c] = extract("connect/file-source.properties", src.encode()).connectors
    assert (c.direction, topics(c)) == ("source", [("raw-lines", "connector", False)])


def test_strimzi_kafka_connector_yaml() -> None:
    src = """\
apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaConnector
metadata:
  name: pg-sink
  labels:
    strimzi.io/cluster: connect
spec:
  class: io.confluent.connect.jdbc.JdbcSinkConnector
  tasksMax: 1
  config:
    topics: orders.v1,payments
    errors.tolerance: all
"""
    [c] = extract("deploy/connectors/pg-sink.yaml", src.encode()).connectors
    assert (c.name, c.loc.line, c.connector_class, c.direction) == (
        "pg-sink",
        4,
        "io.confluent.connect.jdbc.JdbcSinkConnector",
        "sink",
    )
    assert topics(c) == [("orders.v1", "connector", False), ("payments", "connector", False)]
    assert c.topics[0].via == [Loc("deploy/connectors/pg-sink.yaml", 11)]
    assert settings(c) == {
        "group.id": ("connect-pg-sink", 4, "name"),
        "errors.tolerance": ("all", 12, "errors.tolerance"),
    }


def test_bad_regex_router_warns_and_keeps_the_name() -> None:
    src = """\
connector.class=io.debezium.connector.postgresql.PostgresConnector
topic.prefix=shop
table.include.list=public.orders
transforms=route
transforms.route.type=org.apache.kafka.connect.transforms.RegexRouter
transforms.route.regex=shop\\\\.(unclosed
transforms.route.replacement=$1
"""
    facts = extract("connect/bad.properties", src.encode())
    assert topics(facts.connectors[0]) == [("shop.public.orders", "connector", False)]
    assert len(facts.warnings) == 1
    assert facts.warnings[0].startswith("connect/bad.properties:6: RegexRouter regex not understood:")


def test_malformed_connector_json_warns_with_line_and_column() -> None:
    facts = extract(
        "connect/broken.json", b'{"name": "x",\n  "config": {"connector.class": "y",\n  "topics": }}'
    )
    assert facts.connectors == []
    assert facts.warnings == ["connect/broken.json:3: invalid JSON: Expecting value (line 3 column 13)"]


def test_json_without_connector_class_yields_nothing() -> None:
    facts = extract("web/package.json", b'{"name": "web", "dependencies": {"kafkajs": "^2.2.4"}}')
    assert (facts.connectors, facts.schemas, facts.warnings) == ([], [], [])


@pytest.mark.parametrize(
    ("java", "groups", "expected"),
    [
        ("cdc.$1", ("orders",), "cdc.orders"),
        ("${name}-v2", ("orders",), "orders-v2"),
        ("a\\$b", ("x",), "a$b"),
        ("a\\\\b", ("x",), "a\\b"),
    ],
)
def test_java_replacement_translation(java: str, groups: tuple[str, ...], expected: str) -> None:
    import re

    m = re.fullmatch(r"(?P<name>.*)", groups[0])
    assert m is not None
    assert m.expand(java_replacement(java)) == expected


ROUTED = {
    "connect/outbox.json": """{"name": "outbox", "config": {
  "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
  "topic.prefix": "shop", "table.include.list": "public.outbox",
  "transforms": "outbox",
  "transforms.outbox.type": "io.debezium.transforms.outbox.EventRouter",
  "transforms.outbox.route.topic.replacement": "${routedByValue}.events"}}
""",
    "connect/cdc.json": """{"name": "cdc", "config": {
  "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
  "topic.prefix": "shop", "table.include.list": "public.orders_.*",
  "transforms": "route",
  "transforms.route.type": "org.apache.kafka.connect.transforms.RegexRouter",
  "transforms.route.regex": "([^.]+)\\\\.([^.]+)\\\\.([^.]+)",
  "transforms.route.replacement": "$3"}}
""",
}


def test_a_routed_topic_the_run_time_names_says_why_in_the_graph(make_repo) -> None:
    """Every unresolved node says why (the JSON contract's `reason`): for a connector, the
    transform that names topics at run time."""
    from copilot.scan.repo import scan

    graph = scan(make_repo(ROUTED), "HEAD", use_cache=False).graph.to_json()
    reasons = {n["evidence"][0]["path"]: n.get("reason", "") for n in graph["nodes"] if n.get("unresolved")}
    assert set(reasons) == {"connect/outbox.json", "connect/cdc.json"}
    assert reasons["connect/outbox.json"].startswith("the outbox EventRouter names each topic from a column of the row (`${routedByValue}.events`)")
    assert reasons["connect/cdc.json"].startswith("a RegexRouter rewrites topics known only as a pattern")
    assert "`$3`" in reasons["connect/cdc.json"]
