"""The Python extractor never raises, reports bad input as warnings, and stays fast."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from copilot.model.facts import CallFact, FileFacts
from copilot.scan.extractors.python import extract

PATH = "orders/app/producer.py"


def test_syntax_error_gives_only_a_warning_with_its_line():
    src = b'TOPIC = "orders"\n\ndef broken(:\n    pass\n'
    facts = extract(PATH, src)
    assert len(facts.warnings) == 1
    assert facts.warnings[0].startswith(f"{PATH}:3: syntax error: ")
    assert (facts.endpoints, facts.symbols, facts.handlers) == ([], {}, [])
    assert facts.language == "python"


def test_invalid_utf8_is_a_warning_and_the_rest_of_the_file_is_still_read():
    src = (
        b"from confluent_kafka import Producer\n"
        b"# caf\xe9 orders\n"
        b"p = Producer({'acks': 'all'})\n"
        b"p.produce('orders', b'x')\n"
    )
    facts = extract(PATH, src)
    assert facts.warnings == [
        f"{PATH}:2: not valid UTF-8 (invalid continuation byte at byte 42); decoded with replacement"
    ]
    [ep] = facts.endpoints
    assert (ep.topic.name, ep.loc.line, ep.settings["acks"].value) == ("orders", 4, "all")


def test_a_pep263_coding_cookie_is_honoured_without_warning():
    src = "# -*- coding: latin-1 -*-\nTOPIC = 'commandé'\n".encode("latin-1")
    facts = extract(PATH, src)
    assert facts.warnings == []
    assert facts.symbols == {"TOPIC": ("commandé", 2)}


def test_utf8_bom_and_non_ascii_columns_keep_exact_segments():
    src = "\ufefffrom kafka import KafkaProducer\np = KafkaProducer()\np.send('zamówienia', value='żółw', key=klucz)\n"
    [ep] = extract(PATH, src.encode("utf-8")).endpoints
    assert (ep.topic.text, ep.topic.name, ep.value, ep.key) == (
        "'zamówienia'",
        "zamówienia",
        "'żółw'",
        "klucz",
    )


def test_null_bytes_are_a_warning():
    facts = extract(PATH, b"TOPIC = 'orders'\nx = 1\x00\n")
    assert len(facts.warnings) == 1
    assert facts.warnings[0].startswith(f"{PATH}:2: ")
    assert facts.endpoints == []


def test_empty_and_comment_only_files():
    assert extract(PATH, b"") == FileFacts(path=PATH, language="python")
    assert extract(PATH, b"# kafka notes only\n") == FileFacts(path=PATH, language="python")


def test_a_file_without_client_libraries_exports_symbols_and_observability_imports_only():
    src = (
        "import prometheus_client\n"
        "ORDERS_TOPIC = 'orders'\n"
        "def send(producer):\n"
        "    producer.produce(ORDERS_TOPIC, b'x')\n"
    )
    facts = extract("common/topics.py", src.encode())
    assert facts.endpoints == []
    assert facts.handlers == []
    assert facts.symbols == {"ORDERS_TOPIC": ("orders", 2)}
    assert facts.observability == [CallFact("metrics", "prometheus_client", 1)]


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(data: bytes):
    facts = extract(PATH, data)
    assert facts.path == PATH and facts.language == "python"


KAFKA_WORDS = st.sampled_from(
    [
        "from confluent_kafka import Producer, Consumer\n",
        "import faust\n",
        "p = Producer(conf)\n",
        "c = Consumer({**BASE, 'group.id': g})\n",
        "c.subscribe([T, f'{X}.y', *Z])\n",
        "p.produce(topic=t, value=v, key=k)\n",
        "while True:\n    m = c.poll(1)\n",
        "for t in TOPICS:\n    p.produce(t, b'')\n",
        "def f(topic=T):\n    p.produce(topic)\n",
        "f(); f(U); f(topic=V)\n",
        "app = faust.App('a')\n@app.agent(app.topic('x'))\nasync def g(s):\n    pass\n",
        "T = T + 'x'\n",
        "class C:\n    def __init__(self, t):\n        self.t = t\n        self.p = Producer(self.c)\n",
        "x = {'a': {'b': x}}\n",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(KAFKA_WORDS, max_size=8))
def test_arbitrary_kafka_code_never_raises_nor_warns(parts: list[str]):
    facts = extract(PATH, "".join(parts).encode())
    assert [w for w in facts.warnings if "syntax error" not in w] == []


def _producer_module() -> str:
    head = '''"""Checkout service: publishes order events."""
from __future__ import annotations

import json
import logging
import os
import time
import uuid
from dataclasses import asdict, dataclass

from confluent_kafka import Producer
from prometheus_client import Counter, Histogram

from checkout.topics import PAYMENTS_TOPIC

log = logging.getLogger(__name__)
ORDERS_TOPIC = os.getenv("ORDERS_TOPIC", "orders")
PREFIX = "checkout"
BASE_CONFIG = {"bootstrap.servers": os.getenv("BOOTSTRAP", "kafka:9092"), "client.id": "checkout"}
PRODUCER_CONFIG = {**BASE_CONFIG, "acks": "all", "enable.idempotence": True, "linger.ms": 5}
SENT = Counter("orders_sent_total", "orders sent", ["topic"])
LATENCY = Histogram("order_publish_seconds", "publish latency")


@dataclass
class Order:
    id: str
    amount_cents: int


class OrderPublisher:
    def __init__(self, topic: str = ORDERS_TOPIC) -> None:
        self.topic = topic
        self.producer = Producer(PRODUCER_CONFIG)

    def _delivery(self, err, msg) -> None:
        if err is not None:
            log.error("delivery failed: %s", err)
            return
        SENT.labels(msg.topic()).inc()
'''
    block = """
    def publish_{i}(self, order: Order) -> None:
        start = time.perf_counter()
        payload = json.dumps(asdict(order)).encode("utf-8")
        self.producer.produce(
            self.topic,
            key=order.id.encode(),
            value=payload,
            on_delivery=self._delivery,
        )
        self.producer.poll(0)
        LATENCY.observe(time.perf_counter() - start)
        if order.amount_cents > {i}000:
            self.producer.produce(f"{{PREFIX}}.large-orders", value=payload, key=order.id)
        log.info("published %s", order.id)
"""
    return head + "".join(block.format(i=i) for i in range(17))


def _plain_module() -> str:
    head = '"""Pricing helpers: no messaging at all."""\nimport decimal\nimport math\n\nTAX_RATE = "0.21"\n'
    block = """

class Price{i}:
    currency = "EUR"

    def __init__(self, amount: decimal.Decimal) -> None:
        self.amount = amount

    def with_tax(self) -> "Price{i}":
        rate = decimal.Decimal(TAX_RATE)
        return Price{i}(self.amount * (1 + rate))


def round_price_{i}(value: float, places: int = 2) -> float:
    factor = 10 ** places
    return math.floor(value * factor + 0.5) / factor
"""
    return head + "".join(block.format(i=i) for i in range(18))


def test_300_line_modules():
    producer = _producer_module().encode()
    plain = _plain_module().encode()
    assert 290 <= producer.count(b"\n") <= 320 and 290 <= plain.count(b"\n") <= 320
    facts = extract(PATH, producer)
    assert len(facts.endpoints) == 34 and facts.warnings == []
    assert extract(PATH, plain).endpoints == []
    assert extract(PATH, producer) == facts  # no state carried between runs (speed: benchmarks/)
