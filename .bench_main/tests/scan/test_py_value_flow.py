"""Python endpoints whose topics only the value-flow evaluator can follow: Enum members through
holder objects, settings maps, parameters filled at call sites, arroyo `Topic(...)` values and
YAML documents loaded at run time (each on a small real repository, scanned end to end)."""

from __future__ import annotations

from copilot.scan.repo import scan

TOPICS = """\
from enum import Enum


class Stream(Enum):
    ORDERS = "orders"
    AUDIT = "audit-log"
    REFUNDS = "refunds"
"""

SETTINGS = """\
TOPIC_OVERRIDES = {}
"""

SPEC = """\
from shop import settings
from shop.topics import Stream


class StreamSpec:
    def __init__(self, stream: Stream) -> None:
        self.__stream = stream

    @property
    def topic_name(self) -> str:
        name = self.__stream.value
        return settings.TOPIC_OVERRIDES.get(name, name)
"""

WRITER = """\
from confluent_kafka import Producer

from shop.spec import StreamSpec
from shop.topics import Stream


class AuditWriter:
    def __init__(self, producer: Producer, spec: StreamSpec) -> None:
        self.__producer = producer
        self.__spec = spec

    def write(self, record: bytes) -> None:
        self.__producer.produce(self.__spec.topic_name, record)
        self.__producer.flush()


def main() -> None:
    writer = AuditWriter(Producer({"bootstrap.servers": "kafka:9092", "acks": "all"}), StreamSpec(Stream.AUDIT))
    writer.write(b"x")
"""


def test_confluent_topic_through_a_holder_an_enum_and_a_settings_map(make_repo) -> None:
    repo = make_repo({
        "pyproject.toml": "[project]\nname = 'shop'\n",
        "shop/__init__.py": "",
        "shop/topics.py": TOPICS,
        "shop/settings.py": SETTINGS,
        "shop/spec.py": SPEC,
        "shop/writer.py": WRITER,
    })
    result = scan(repo, use_cache=False)
    [ep] = [e for e in result.endpoints if e.role == "produce"]
    assert (ep.loc.path, ep.loc.line, ep.topic_name, ep.ep.library) == ("shop/writer.py", 13, "audit-log", "confluent-kafka")
    via = [(v.path, v.line) for v in ep.topic.via]
    assert ("shop/spec.py", 12) in via and ("shop/writer.py", 18) in via and via[-1] == ("shop/topics.py", 6)
    assert ep.ep.settings["acks"].value == "all"  # what the extractor read of the client stays


ARROYO = """\
from arroyo import Topic
from arroyo.backends.kafka import KafkaConsumer, KafkaProducer
from arroyo.processing import StreamProcessor
from arroyo.processing.strategies import CommitOffsets, Produce

from shop.topics import Stream


class Forwarder:
    def __init__(self, producer: KafkaProducer, target: Stream) -> None:
        self.__producer = producer
        self.__topic = Topic(target.value)

    def forward(self, payloads: list) -> None:
        [self.__producer.produce(self.__topic, p) for p in payloads]


def refunds_forwarder(producer: KafkaProducer) -> Forwarder:
    return Forwarder(producer, Stream.REFUNDS)


def orders_forwarder(producer: KafkaProducer) -> Forwarder:
    return Forwarder(producer, Stream.ORDERS)


def consume(source: Stream, factory) -> StreamProcessor:
    topic = Topic(source.value)
    return StreamProcessor(KafkaConsumer({"group.id": "shop-" + topic.name}), topic, factory)


def results_step(producer: KafkaProducer, commit):
    return Produce(producer, Topic(Stream.AUDIT.value), CommitOffsets(commit))


def main(factory) -> None:
    consume(Stream.ORDERS, factory).run()
"""


def test_arroyo_topics_one_edge_per_value_with_the_call_site_that_selects_it(make_repo) -> None:
    repo = make_repo({
        "pyproject.toml": "[project]\nname = 'shop'\n",
        "shop/__init__.py": "",
        "shop/topics.py": TOPICS,
        "shop/pipeline.py": ARROYO,
    })
    result = scan(repo, use_cache=False)
    got = sorted((e.role, e.loc.line, e.topic_name) for e in result.endpoints)
    assert got == [
        ("consume", 28, "orders"),
        ("produce", 15, "orders"),
        ("produce", 15, "refunds"),
        ("produce", 32, "audit-log"),
    ]
    refunds = next(e for e in result.endpoints if e.topic_name == "refunds")
    assert ("shop/pipeline.py", 19) in [(v.path, v.line) for v in refunds.topic.via]  # the call that selects it
    consumer = next(e for e in result.endpoints if e.role == "consume")
    assert consumer.ep.group == "shop-orders" and consumer.ep.library == "arroyo"


LOADER = """\
import yaml
from arroyo import Topic
from arroyo.backends.kafka import KafkaConsumer
from arroyo.processing import StreamProcessor


def load(path):
    with open(path) as f:
        return yaml.safe_load(f)


def build(path, factory) -> StreamProcessor:
    config = load(path)
    topic = config["stream"]["input"]
    return StreamProcessor(KafkaConsumer({"group.id": "loader"}), Topic(topic), factory)


def run(path, factory, payload):
    unknown = payload.topic
    return StreamProcessor(KafkaConsumer({"group.id": "other"}), Topic(unknown), factory)
"""


def test_topic_from_a_yaml_document_loaded_at_run_time_and_an_unknowable_one(make_repo) -> None:
    repo = make_repo({
        "pyproject.toml": "[project]\nname = 'shop'\n",
        "shop/__init__.py": "",
        "shop/loader.py": LOADER,
        "shop/conf/orders.yaml": "stream:\n  input: orders\n",
        "shop/conf/refunds.yaml": "stream:\n  input: refunds\n",
    })
    result = scan(repo, use_cache=False)
    at_build = sorted(e.topic_name for e in result.endpoints if e.loc.line == 15)
    assert at_build == ["orders", "refunds"]  # one edge per configuration file that sets the key
    orders = next(e for e in result.endpoints if e.topic_name == "orders")
    assert orders.topic.via[-1].path == "shop/conf/orders.yaml"
    [unknown] = [e for e in result.endpoints if e.loc.line == 20]
    assert unknown.topic.name is None  # unknowable: left unresolved, not guessed
