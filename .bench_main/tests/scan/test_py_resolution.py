"""How the Python extractor names topics: every TopicRef origin and the Pending keys the resolver matches."""

from __future__ import annotations

from copilot.model.facts import Loc, Pending, TopicRef
from copilot.scan.extractors.python import extract

PATH = "services/billing/app/consumer.py"


def ln(src: str, needle: str, nth: int = 1) -> int:
    pos = -1
    for _ in range(nth):
        pos = src.index(needle, pos + 1)
    return src.count("\n", 0, pos) + 1


def run(src: str, path: str = PATH):
    return extract(path, src.encode("utf-8"))


def refs(src: str, path: str = PATH) -> list[TopicRef]:
    return [e.topic for e in run(src, path).endpoints]


def one(src: str, path: str = PATH) -> TopicRef:
    [ref] = refs(src, path)
    return ref


HEADER = "from confluent_kafka import Producer\n\np = Producer({})\n"


def test_literal():
    src = HEADER + 'p.produce("orders", b"x")\n'
    assert one(src) == TopicRef(text='"orders"', name="orders", origin="literal")


def test_module_constant_annotated_constant_and_class_attribute():
    src = HEADER + (
        'ORDERS = "orders"\n'
        'PAYMENTS: str = "payments"\n'
        "\n"
        "class Topics:\n"
        '    REFUNDS = "refunds"\n'
        "\n"
        "p.produce(ORDERS, b'x')\n"
        "p.produce(PAYMENTS, b'x')\n"
        "p.produce(Topics.REFUNDS, b'x')\n"
    )
    assert refs(src) == [
        TopicRef("ORDERS", "orders", "constant", via=[Loc(PATH, ln(src, "ORDERS = "))]),
        TopicRef("PAYMENTS", "payments", "constant", via=[Loc(PATH, ln(src, "PAYMENTS: str"))]),
        TopicRef("Topics.REFUNDS", "refunds", "constant", via=[Loc(PATH, ln(src, "REFUNDS = "))]),
    ]


def test_imported_constants_all_import_forms():
    src = (
        "from confluent_kafka import Producer\n"
        "import common.topics\n"
        "import common.topics as t\n"
        "from common.topics import ORDERS, Topics\n"
        "from common import naming\n"
        "\n"
        "p = Producer({})\n"
        "p.produce(ORDERS, b'x')\n"
        "p.produce(t.PAYMENTS, b'x')\n"
        "p.produce(common.topics.REFUNDS, b'x')\n"
        "p.produce(Topics.AUDIT, b'x')\n"
        "p.produce(naming.CLICKS, b'x')\n"
    )
    assert [(r.text, r.name, r.origin, r.pending) for r in refs(src)] == [
        ("ORDERS", None, "imported-constant", Pending("py-const", "common.topics:ORDERS")),
        ("t.PAYMENTS", None, "imported-constant", Pending("py-const", "common.topics:PAYMENTS")),
        ("common.topics.REFUNDS", None, "imported-constant", Pending("py-const", "common.topics:REFUNDS")),
        ("Topics.AUDIT", None, "imported-constant", Pending("py-const", "common.topics:Topics.AUDIT")),
        ("naming.CLICKS", None, "imported-constant", Pending("py-const", "common.naming:CLICKS")),
    ]


def test_relative_imports_resolve_against_the_file_path():
    src = (
        "from confluent_kafka import Producer\n"
        "from .topics import ORDERS\n"
        "from ..shared.names import PAYMENTS\n"
        "from . import settings\n"
        "\n"
        "p = Producer({})\n"
        "p.produce(ORDERS, b'x')\n"
        "p.produce(PAYMENTS, b'x')\n"
        "p.produce(settings.REFUNDS, b'x')\n"
    )
    assert [r.pending for r in refs(src)] == [
        Pending("py-const", "services.billing.app.topics:ORDERS"),
        Pending("py-const", "services.billing.shared.names:PAYMENTS"),
        Pending("py-const", "services.billing.app.settings:REFUNDS"),
    ]


def test_f_string_with_same_file_constant_is_resolved():
    src = HEADER + 'ENV = "prod"\nREGION = "eu"\np.produce(f"{ENV}.{REGION}.orders", b"x")\n'
    assert one(src) == TopicRef(
        text='f"{ENV}.{REGION}.orders"',
        name="prod.eu.orders",
        origin="f-string",
        via=[Loc(PATH, ln(src, "ENV = ")), Loc(PATH, ln(src, "REGION = "))],
    )


def test_f_string_with_imported_part_is_a_template():
    src = "from common.naming import PREFIX\n" + HEADER + 'p.produce(f"{PREFIX}.orders", b"x")\n'
    ref = one(src)
    assert (ref.name, ref.origin) == (None, "f-string")
    assert ref.pending == Pending(
        "template", "{0}.orders", parts=(Pending("py-const", "common.naming:PREFIX"),)
    )


def test_f_string_with_env_default_part_keeps_the_default_name():
    src = "import os\n" + HEADER + 'ENV = os.getenv("ENV", "dev")\np.produce(f"{ENV}-orders-{ENV}", b"x")\n'
    ref = one(src)
    env = Pending("env", "ENV", default="dev")
    assert ref.name == "dev-orders-dev"
    assert ref.pending == Pending("template", "{0}-orders-{1}", default="dev-orders-dev", parts=(env, env))


def test_config_keys_from_same_file_dicts():
    src = HEADER + (
        "CONFIG = {\n"
        '    "topics": {\n'
        '        "orders": "orders.v2",\n'
        "    },\n"
        "}\n"
        'conf = {"topic": "payments"}\n'
        'p.produce(CONFIG["topics"]["orders"], b"x")\n'
        'p.produce(conf["topic"], b"x")\n'
        'p.produce(conf.get("topic"), b"x")\n'
    )
    assert [(r.text, r.name, r.origin, r.via) for r in refs(src)] == [
        (
            'CONFIG["topics"]["orders"]',
            "orders.v2",
            "config-key",
            [Loc(PATH, ln(src, '"orders": "orders.v2"'))],
        ),
        ('conf["topic"]', "payments", "config-key", [Loc(PATH, ln(src, 'conf = {"topic"'))]),
        ('conf.get("topic")', "payments", "config-key", [Loc(PATH, ln(src, 'conf = {"topic"'))]),
    ]


def test_imported_config_dict_key_is_a_py_const_on_the_flattened_symbol():
    src = "from settings import KAFKA\n" + HEADER + 'p.produce(KAFKA["topics"]["orders"], b"x")\n'
    assert one(src).pending == Pending("py-const", "settings:KAFKA.topics.orders")


def test_environment_lookups():
    src = (
        "import os\nfrom os import getenv\n"
        + HEADER
        + 'p.produce(os.environ.get("ORDERS_TOPIC", "orders"), b"x")\n'
        + 'p.produce(getenv("PAYMENTS_TOPIC", "payments"), b"x")\n'
        + 'p.produce(os.environ["REFUNDS_TOPIC"], b"x")\n'
        + 'p.produce(os.getenv("AUDIT_TOPIC") or "audit", b"x")\n'
    )
    assert [(r.name, r.origin, r.pending) for r in refs(src)] == [
        ("orders", "env-default", Pending("env", "ORDERS_TOPIC", default="orders")),
        ("payments", "env-default", Pending("env", "PAYMENTS_TOPIC", default="payments")),
        (None, "env-default", Pending("env", "REFUNDS_TOPIC")),
        ("audit", "env-default", Pending("env", "AUDIT_TOPIC", default="audit")),
    ]


def test_env_default_through_a_module_constant_keeps_the_definition_in_via():
    src = "import os\n" + HEADER + 'TOPIC = os.getenv("ORDERS_TOPIC", "orders")\np.produce(TOPIC, b"x")\n'
    assert one(src) == TopicRef(
        "TOPIC",
        "orders",
        "env-default",
        pending=Pending("env", "ORDERS_TOPIC", default="orders"),
        via=[Loc(PATH, ln(src, "TOPIC = os.getenv"))],
    )


def test_parameter_default():
    src = HEADER + 'def publish(data, topic: str = "orders"):\n    p.produce(topic, data)\n'
    assert one(src) == TopicRef("topic", "orders", "parameter", via=[Loc(PATH, ln(src, "def publish"))])


def test_parameter_call_sites_that_agree_give_one_endpoint():
    src = HEADER + (
        'ORDERS = "orders"\n'
        "def send(topic, data):\n"
        "    p.produce(topic, data)\n"
        "send(ORDERS, b'1')\n"
        "send('orders', b'2')\n"
    )
    assert one(src) == TopicRef(
        "topic",
        "orders",
        "parameter",
        via=[
            Loc(PATH, ln(src, "send(ORDERS")),
            Loc(PATH, ln(src, "ORDERS = ")),
            Loc(PATH, ln(src, "send('orders'")),
        ],
    )


def test_parameter_call_sites_that_disagree_give_one_endpoint_per_value():
    src = HEADER + (
        "def send(topic, data):\n"
        "    p.produce(topic, data)\n"
        "send('orders', b'1')\n"
        "send('payments', b'2')\n"
        "send('orders', b'3')\n"
    )
    facts = run(src)
    line = ln(src, "p.produce(topic")
    assert [
        (e.topic.name, e.topic.origin, e.loc.line, [v.line for v in e.topic.via]) for e in facts.endpoints
    ] == [
        ("orders", "parameter", line, [ln(src, "send('orders', b'1')"), ln(src, "send('orders', b'3')")]),
        ("payments", "parameter", line, [ln(src, "send('payments'")]),
    ]


def test_constructor_parameter_through_self_attribute():
    src = HEADER + (
        "class Publisher:\n"
        "    def __init__(self, topic):\n"
        "        self.topic = topic\n"
        "    def publish(self, data):\n"
        "        p.produce(self.topic, data)\n"
        "Publisher('orders').publish(b'x')\n"
    )
    ref = one(src)
    assert (ref.text, ref.name, ref.origin) == ("self.topic", "orders", "parameter")
    assert ref.via == [Loc(PATH, ln(src, "self.topic = topic")), Loc(PATH, ln(src, "Publisher('orders')"))]


def test_unresolved_expressions_show_their_text():
    src = HEADER + (
        "import argparse\n"
        "args = argparse.ArgumentParser().parse_args()\n"
        "def publish(suffix, data):\n"
        "    p.produce(args.topic, data)\n"
        "    p.produce('orders.' + suffix, data)\n"
        "    p.produce(pick_topic(data), data)\n"
    )
    assert refs(src) == [
        TopicRef("args.topic", None, "unresolved"),
        TopicRef("'orders.' + suffix", None, "unresolved"),
        TopicRef("pick_topic(data)", None, "unresolved"),
    ]


def test_concatenation_and_format_of_constants_are_templates_not_runtime():
    src = HEADER + 'BASE = "orders"\np.produce(BASE + ".v2", b"x")\np.produce("{}.dlq".format(BASE), b"x")\n'
    assert [(r.name, r.origin) for r in refs(src)] == [("orders.v2", "f-string"), ("orders.dlq", "f-string")]


def test_for_loop_over_literal_topics_and_if_expression():
    src = HEADER + (
        "import sys\n"
        "for topic in ('orders', 'payments'):\n"
        "    p.produce(topic, b'x')\n"
        "p.produce('eu' if sys.argv else 'us', b'x')\n"
    )
    assert [(r.name, r.origin) for r in refs(src)] == [
        ("orders", "constant"),
        ("payments", "constant"),
        ("eu", "literal"),
        ("us", "literal"),
    ]


def test_enum_members_and_pydantic_settings_fields():
    src = (
        "from enum import Enum\n"
        "from pydantic_settings import BaseSettings, SettingsConfigDict\n"
        + HEADER
        + "class Topic(str, Enum):\n"
        + '    SHIPMENTS = "shipments"\n'
        + "class Settings(BaseSettings):\n"
        + '    model_config = SettingsConfigDict(env_prefix="BILLING_")\n'
        + '    refunds_topic: str = "refunds"\n'
        + "settings = Settings()\n"
        + "p.produce(Topic.SHIPMENTS.value, b'x')\n"
        + "p.produce(settings.refunds_topic, b'x')\n"
    )
    shipments, refunds = refs(src)
    assert (shipments.name, shipments.origin, shipments.via) == (
        "shipments",
        "enum",
        [Loc(PATH, ln(src, "SHIPMENTS ="))],
    )
    assert (refunds.name, refunds.origin, refunds.pending) == (
        "refunds",
        "env-default",
        Pending("env", "BILLING_REFUNDS_TOPIC", default="refunds"),
    )


RENAME_BEFORE = """\
import json

from confluent_kafka import Producer

BASE = {"bootstrap.servers": "kafka:9092"}


def publish(order):
    producer = Producer({**BASE, "acks": "all"})
    topic = "orders"
    payload = json.dumps(order).encode()
    producer.produce(topic, value=payload, key=order["id"])
"""

RENAME_AFTER = """\
import json

from confluent_kafka import Producer

BASE = {"bootstrap.servers": "kafka:9092"}


def publish(order):
    kafka_producer = Producer({**BASE, "acks": "all"})
    orders_topic_name = "orders"
    body = json.dumps(order).encode()
    kafka_producer.produce(orders_topic_name, value=body, key=order["id"])
"""


def test_renaming_local_variables_keeps_topic_key_and_settings():
    [before] = run(RENAME_BEFORE).endpoints
    [after] = run(RENAME_AFTER).endpoints
    assert (
        (before.topic.name, before.topic.origin)
        == (after.topic.name, after.topic.origin)
        == ("orders", "constant")
    )
    assert before.topic.via == after.topic.via == [Loc(PATH, 10)]
    assert before.key == after.key == 'order["id"]'
    assert before.settings == after.settings
    assert {k: s.value for k, s in after.settings.items()} == {
        "bootstrap.servers": "kafka:9092",
        "acks": "all",
        "value.format": "json",
    }
    assert (before.loc, before.library, before.awaits_ack) == (after.loc, after.library, after.awaits_ack)
    assert (before.client, after.client) == ("producer", "kafka_producer")


SPREAD = """\
from confluent_kafka import Consumer, Producer

BASE = {
    "bootstrap.servers": "kafka:9092",
    "acks": "1",
    "client.id": "billing",
}
PRODUCER_CONF = {**BASE, "acks": "all", "enable.idempotence": True}
CONSUMER_CONF = dict(BASE, **{"group.id": "billing", "auto.offset.reset": "latest"})
CONSUMER_CONF["enable.auto.commit"] = False

producer = Producer(PRODUCER_CONF)
consumer = Consumer(CONSUMER_CONF)
producer.produce("invoices", b"x")
consumer.subscribe(["orders"])
"""


def test_settings_from_spread_dict_call_and_later_item_assignment():
    src = SPREAD
    produce, consume = run(src).endpoints
    base = ln(src, '"bootstrap.servers"')
    assert {k: (s.value, s.loc.line) for k, s in produce.settings.items()} == {
        "bootstrap.servers": ("kafka:9092", base),
        "acks": ("all", ln(src, "PRODUCER_CONF = ")),  # the later key wins over BASE's "1"
        "client.id": ("billing", ln(src, '"client.id"')),
        "enable.idempotence": ("true", ln(src, "PRODUCER_CONF = ")),
        "value.format": ("bytes", ln(src, 'producer.produce("invoices"')),
    }
    assert {k: (s.value, s.loc.line) for k, s in consume.settings.items()} == {
        "bootstrap.servers": ("kafka:9092", base),
        "acks": ("1", ln(src, '"acks": "1"')),
        "client.id": ("billing", ln(src, '"client.id"')),
        "group.id": ("billing", ln(src, "CONSUMER_CONF = dict")),
        "auto.offset.reset": ("latest", ln(src, "CONSUMER_CONF = dict")),
        "enable.auto.commit": ("false", ln(src, 'CONSUMER_CONF["enable.auto.commit"]')),
    }
    assert consume.group == "billing"


def test_kafka_python_settings_from_a_kwargs_dict():
    src = (
        "from kafka import KafkaProducer\n"
        "COMMON = dict(bootstrap_servers='kafka:9092', security_protocol='SSL')\n"
        "producer = KafkaProducer(acks='all', **COMMON)\n"
        "producer.send('orders', b'x')\n"
    )
    [ep] = run(src).endpoints
    assert {k: (s.value, s.loc.line, s.raw_key) for k, s in ep.settings.items()} == {
        "acks": ("all", 3, "acks"),
        "bootstrap.servers": ("kafka:9092", 2, "bootstrap_servers"),
        "security.protocol": ("SSL", 2, "security_protocol"),
        "value.format": ("bytes", 4, "value"),
    }


SYMBOLS = """\
import os

ORDERS_TOPIC = "orders"
PAYMENTS_TOPIC: str = "payments"
PREFIX = os.getenv("TOPIC_PREFIX", "prod")
AUDIT_TOPIC = f"{PREFIX}.audit"
RETRIES = 5
KAFKA = {
    "bootstrap.servers": "kafka:9092",
    "topics": {"orders": ORDERS_TOPIC, "dlq": "orders.dlq"},
    "acks": 1,
}


class Topics:
    REFUNDS = "refunds"

    class Legacy:
        OLD = "orders-v0"


def helper():
    LOCAL = "not-exported"
    return LOCAL
"""


def test_symbols_export_module_constants_class_attributes_and_flattened_dicts():
    facts = run(SYMBOLS, "common/topics.py")
    assert facts.endpoints == []
    assert facts.symbols == {
        "ORDERS_TOPIC": ("orders", 3),
        "PAYMENTS_TOPIC": ("payments", 4),
        "PREFIX": ("prod", 5),
        "AUDIT_TOPIC": ("prod.audit", 6),
        "KAFKA.bootstrap.servers": ("kafka:9092", 9),
        "KAFKA.topics.orders": ("orders", 10),
        "KAFKA.topics.dlq": ("orders.dlq", 10),
        "KAFKA.acks": ("1", 11),
        "Topics.REFUNDS": ("refunds", 16),
        "Topics.Legacy.OLD": ("orders-v0", 19),
    }


def test_symbols_are_exported_from_files_that_use_a_client_too():
    src = HEADER + 'DLQ = "orders.dlq"\np.produce(DLQ, b"x")\n'
    assert run(src).symbols == {"DLQ": ("orders.dlq", 4)}


def test_none_keyword_settings_are_library_defaults_not_settings():
    src = (
        "from kafka import KafkaConsumer\n"
        "consumer = KafkaConsumer('orders', group_id=None, enable_auto_commit=True)\n"
    )
    [ep] = run(src).endpoints
    assert ep.group is None
    assert {k: s.value for k, s in ep.settings.items()} == {"enable.auto.commit": "true"}
