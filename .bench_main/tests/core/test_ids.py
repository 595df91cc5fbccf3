"""Node ids: built and read by copilot.model.ids, and the graph uses the same ids."""

from __future__ import annotations

from copilot.model.graph import PipelineGraph
from copilot.model.ids import NodeRef, display_name, kind_of, parse, schema_id, service_id, topic_id


def test_constructors_and_parse_round_trip() -> None:
    assert parse(service_id("checkout")) == NodeRef("service", "checkout")
    assert parse(schema_id("shop.Order")) == NodeRef("schema", "shop.Order")
    assert parse(topic_id("orders")) == NodeRef("topic", "orders", "kafka")
    assert parse(topic_id("orders", "rabbitmq")) == NodeRef("topic", "orders", "rabbitmq")
    assert parse(topic_id("persistent://t/ns/orders", "pulsar")) == NodeRef("topic", "persistent://t/ns/orders", "pulsar")
    assert parse("topic:<args.topic>@svc/a.py") == NodeRef("topic", "<args.topic>@svc/a.py", "kafka")


def test_display_name_and_kind() -> None:
    assert display_name(service_id("fraud")) == "fraud"
    assert display_name(topic_id("orders", "sqs")) == "sqs:orders"  # reports keep a non-Kafka broker visible
    assert display_name("fraud") == "fraud"
    assert kind_of(topic_id("orders", "mqtt")) == "topic"


def test_graph_nodes_use_the_same_ids() -> None:
    g = PipelineGraph()
    tid = g.add_topic("orders", "rabbitmq")
    sid = g.add_node("service", "checkout")
    assert (tid, sid) == (topic_id("orders", "rabbitmq"), service_id("checkout"))
    assert g.node(tid).name == parse(tid).name == "orders"
