"""Fixtures for the AI reviewer: a loopback OpenAI-compatible server and a realistic change.

`loopback` starts `tests/llm/loopback.py` on 127.0.0.1 and points OPENAI_BASE_URL/OPENAI_API_KEY
at it.  `pipeline` is a real git repository with three services (checkout → orders → fraud →
fraud-alerts → alerts), an unrelated pair (invoicer → invoices → billing), an Avro schema and a
client config with secrets, and one commit that weakens acks, drops a schema field, touches the
config and edits unrelated files.  Its graphs are built by hand; its rule findings are built the
way the rules build them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from copilot.changes import ChangeSet, changeset
from copilot.config import Config
from copilot.model.findings import Alternative, Citation, Finding, Review
from copilot.model.graph import Evidence, PipelineGraph
from copilot.review.inputs import ReviewInputs
from tests.conftest import commit, git
from tests.llm.loopback import LoopbackServer, served_through_env

REAL_ENV_VARS = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "PIPELINE_COPILOT_MODEL")
REAL_ENV: dict[str, str] = {}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "real_llm: talks to a real LLM endpoint; opt-in with PIPELINE_COPILOT_REAL_LLM=1"
    )
    # the autouse fixture unsets these for every test; the opt-in real test needs the originals
    REAL_ENV.update({k: os.environ[k] for k in REAL_ENV_VARS if k in os.environ})


LLM_ENV_VARS = (
    "PIPELINE_COPILOT_LLM_TIMEOUT",
    "PIPELINE_COPILOT_LLM_MAX_TOKENS",
    "PIPELINE_COPILOT_LLM_CONTEXT_TOKENS",
    "PIPELINE_COPILOT_LLM_STRUCTURED_OUTPUT",
    "PIPELINE_COPILOT_HOOK_LLM",
    "PIPELINE_COPILOT_FAIL_ON",
)


@pytest.fixture(autouse=True)
def _no_llm_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's own settings never reach a test."""
    for name in LLM_ENV_VARS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def loopback(monkeypatch: pytest.MonkeyPatch) -> Iterator[LoopbackServer]:
    yield from served_through_env(monkeypatch)


class FakeClock:
    """A clock the tests move by hand: `sleep` advances it, so waits cost no real time and the
    time budget is checked without measuring wall-clock time."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


# -- the realistic change -------------------------------------------------------------------

CHECKOUT_BASE = '''"""Checkout: publishes every order to Kafka."""
import json
import os

from confluent_kafka import Producer

ORDERS_TOPIC = "orders"


def make_producer() -> Producer:
    return Producer({
        "bootstrap.servers": os.environ["KAFKA_BOOTSTRAP"],
        "acks": "all",
        "enable.idempotence": True,
    })


def publish(producer: Producer, order: dict) -> None:
    producer.produce(ORDERS_TOPIC, key=order["id"], value=json.dumps(order))
    producer.flush()
'''

CHECKOUT_HEAD = '''"""Checkout: publishes every order to Kafka."""
import json
import os

from confluent_kafka import Producer

ORDERS_TOPIC = "orders"
API_TOKEN = "sk-proj-abcdefghijklmnopqrstuvwxyz0123"


def make_producer() -> Producer:
    return Producer({
        "bootstrap.servers": os.environ["KAFKA_BOOTSTRAP"],
        "acks": "0",
        "enable.idempotence": False,
    })


def publish(producer: Producer, order: dict) -> None:
    producer.produce(ORDERS_TOPIC, key=order["id"], value=json.dumps(order))
'''

FRAUD = '''"""Fraud scorer: reads orders, scores them, alerts."""
import json

from confluent_kafka import Consumer, Producer

consumer = Consumer({"group.id": "fraud-scorer", "auto.offset.reset": "earliest"})
alerts = Producer({"acks": "all"})


def run() -> None:
    consumer.subscribe(["orders"])
    while True:
        msg = consumer.poll(1.0)
        if msg is None:
            continue
        order = json.loads(msg.value())
        score = order["amount_cents"] / 100
        if score > 1000:
            alerts.produce("fraud-alerts", key=order["id"], value=json.dumps(order))
'''

ALERTS = '''"""Alerts: pages a human for every fraud alert."""
from confluent_kafka import Consumer

consumer = Consumer({"group.id": "alerts"})


def run() -> None:
    consumer.subscribe(["fraud-alerts"])
    while True:
        msg = consumer.poll(1.0)
        if msg is not None:
            page(msg.value())


def page(value: bytes) -> None:
    print("PAGE", value)
'''

BILLING = '''"""Billing: unrelated to orders."""
from confluent_kafka import Consumer

BILLING_SECRET_MARKER = "billing-consumer-code-that-must-not-be-sent"
consumer = Consumer({"group.id": "billing"})
consumer.subscribe(["invoices"])
'''

INVOICER = '''"""Invoicer: unrelated to orders."""
from confluent_kafka import Producer

p = Producer({"acks": "all"})
p.produce("invoices", value=b"invoice")
'''

ORDER_BASE = """{
  "type": "record",
  "name": "Order",
  "namespace": "com.acme",
  "fields": [
    {"name": "id", "type": "string"},
    {"name": "amount_cents", "type": "long"},
    {"name": "currency", "type": "string"}
  ]
}
"""

ORDER_HEAD = """{
  "type": "record",
  "name": "Order",
  "namespace": "com.acme",
  "fields": [
    {"name": "id", "type": "string"},
    {"name": "currency", "type": "string"}
  ]
}
"""

SETTINGS_BASE = """bootstrap.servers=kafka:9092
security.protocol=SASL_SSL
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="checkout" password="old-pass-123";
ssl.key.password=keystore-pass-1
"""

SETTINGS_HEAD = """bootstrap.servers=kafka:9092
security.protocol=SASL_SSL
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="checkout" password="n3w-Pa55-456";
ssl.key.password=keystore-pass-2
database.url=postgres://orders:db-pa55word@db:5432/orders
"""

README_BASE = "# Shop\n\nA demo shop.\n"
README_HEAD = "# Shop\n\nA demo shop with fraud scoring. UNRELATED-README-EDIT\n"
TOOL_BASE = "def lint():\n    return 0\n"
TOOL_HEAD = "def lint():\n    return 'UNRELATED-TOOL-EDIT'\n"

BASE_FILES = {
    "checkout/pyproject.toml": '[project]\nname = "checkout"\n',
    "checkout/app.py": CHECKOUT_BASE,
    "checkout/client.properties": SETTINGS_BASE,
    "fraud/pyproject.toml": '[project]\nname = "fraud"\n',
    "fraud/scorer.py": FRAUD,
    "alerts/pyproject.toml": '[project]\nname = "alerts"\n',
    "alerts/consumer.py": ALERTS,
    "billing/pyproject.toml": '[project]\nname = "billing"\n',
    "billing/consumer.py": BILLING,
    "invoicer/pyproject.toml": '[project]\nname = "invoicer"\n',
    "invoicer/app.py": INVOICER,
    "schemas/order.avsc": ORDER_BASE,
    "README.md": README_BASE,
    "tools/lint.py": TOOL_BASE,
}
HEAD_FILES: dict[str, str | bytes | None] = {
    "checkout/app.py": CHECKOUT_HEAD,
    "checkout/client.properties": SETTINGS_HEAD,
    "schemas/order.avsc": ORDER_HEAD,
    "README.md": README_HEAD,
    "tools/lint.py": TOOL_HEAD,
}


def line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not found")


def ev(path: str, text: str, needle: str) -> Evidence:
    return Evidence(path, line_of(text, needle))


def build_graph(checkout: str) -> PipelineGraph:
    g = PipelineGraph()
    for name in ("checkout", "fraud", "alerts", "billing", "invoicer"):
        g.add_node("service", name)
    for name in ("orders", "fraud-alerts", "invoices"):
        g.add_node("topic", name)
    g.add_node("topic", "orders", [ev("checkout/app.py", checkout, 'ORDERS_TOPIC = "orders"')])
    g.add_node("schema", "com.acme.Order", [Evidence("schemas/order.avsc", 1)])
    g.add_edge(
        "service:checkout", "topic:orders", "produces", [ev("checkout/app.py", checkout, "producer.produce(")]
    )
    g.add_edge(
        "topic:orders", "service:fraud", "consumes", [ev("fraud/scorer.py", FRAUD, 'subscribe(["orders"])')]
    )
    g.add_edge("topic:orders", "schema:com.acme.Order", "carries", [Evidence("schemas/order.avsc", 1)])
    g.add_edge(
        "service:fraud", "topic:fraud-alerts", "produces", [ev("fraud/scorer.py", FRAUD, "alerts.produce(")]
    )
    g.add_edge(
        "topic:fraud-alerts",
        "service:alerts",
        "consumes",
        [ev("alerts/consumer.py", ALERTS, 'subscribe(["fraud-alerts"])')],
    )
    g.add_edge(
        "service:invoicer", "topic:invoices", "produces", [ev("invoicer/app.py", INVOICER, "p.produce(")]
    )
    g.add_edge(
        "topic:invoices", "service:billing", "consumes", [ev("billing/consumer.py", BILLING, "subscribe(")]
    )
    return g


def rule_findings() -> list[Finding]:
    acks = line_of(CHECKOUT_HEAD, '"acks": "0"')
    removed = line_of(ORDER_BASE, "amount_cents")
    return [
        Finding(
            rule="delivery-weakened",
            severity="medium",
            title="checkout: acks lowered from all to 0",
            reasoning="acks=0 does not wait for the broker: orders can be lost silently.",
            citations=[Citation("checkout/app.py", acks, acks, "head", '"acks": "0",')],
            graph_paths=[["service:checkout", "topic:orders", "service:fraud"]],
            impacted=["service:fraud"],
            alternatives=[Alternative("keep acks=all", "slightly higher produce latency")],
            subject="service:checkout|acks",
        ),
        Finding(
            rule="schema-breaking",
            severity="high",
            title="Order.amount_cents removed while fraud reads it",
            reasoning="fraud/scorer.py reads order['amount_cents'].",
            citations=[
                Citation(
                    "schemas/order.avsc",
                    removed,
                    removed,
                    "base",
                    '{"name": "amount_cents", "type": "long"},',
                )
            ],
            graph_paths=[["service:checkout", "topic:orders", "service:fraud"]],
            impacted=["service:fraud"],
            subject="topic:orders|field:amount_cents",
        ),
    ]


@dataclass
class PipelineChange:
    repo: Path
    cs: ChangeSet
    inputs: ReviewInputs
    cache_dir: Path

    def review(self) -> Review:
        review = Review(base=self.cs.base, head=self.cs.head, findings=rule_findings())
        review.changed_files = [f.path for f in self.cs.files]
        return review

    def cite(self, side: str, path: str, needle: str, snippet: str | None = None) -> dict[str, Any]:
        text = self.cs.read(side, path)
        assert text is not None
        n = line_of(text, needle)
        return {"path": path, "start_line": n, "end_line": n, "side": side, "snippet": snippet or needle}


def make_change(
    make_repo: Any,
    tmp_path: Path,
    base_files: dict[str, Any] | None = None,
    head_files: dict[str, Any] | None = None,
    config: Config | None = None,
) -> PipelineChange:
    repo = make_repo(base_files or BASE_FILES)
    base_sha = git(repo, "rev-parse", "HEAD").strip()
    head_sha = commit(repo, head_files if head_files is not None else HEAD_FILES, "the change")
    cs = changeset(repo, base=base_sha, head=head_sha)
    head_checkout = cs.read("head", "checkout/app.py") or CHECKOUT_HEAD
    base_checkout = cs.read("base", "checkout/app.py") or CHECKOUT_BASE
    inputs = ReviewInputs(
        changeset=cs,
        base_graph=build_graph(base_checkout),
        head_graph=build_graph(head_checkout),
        config=config or Config(),
        changed_nodes=["service:checkout", "schema:com.acme.Order"],
    )
    return PipelineChange(repo, cs, inputs, tmp_path / "cache")


@pytest.fixture
def pipeline(make_repo: Any, tmp_path: Path) -> PipelineChange:
    return make_change(make_repo, tmp_path)


def llm_finding(
    rule: str = "other",
    severity: str = "medium",
    title: str = "a finding",
    reasoning: str = "because",
    citations: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """One finding as the model answers it (every schema field present, as strict mode sends)."""
    out: dict[str, Any] = {
        "rule": rule,
        "severity": severity,
        "title": title,
        "reasoning": reasoning,
        "citations": citations or [],
        "alternatives": [],
        "recommendation": "",
        "confidence": 0.7,
        "related_finding": None,
        "patch": None,
    }
    out.update(extra)
    return out


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The real-endpoint test is opt-in: without PIPELINE_COPILOT_REAL_LLM=1 it is deselected,
    so a normal run neither talks to the network nor reports a skip."""
    if os.environ.get("PIPELINE_COPILOT_REAL_LLM") == "1":
        return
    keep = [i for i in items if i.get_closest_marker("real_llm") is None]
    if len(keep) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i.get_closest_marker("real_llm")])
        items[:] = keep
