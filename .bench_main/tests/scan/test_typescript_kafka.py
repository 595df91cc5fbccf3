"""TypeScript and JavaScript clients on small real repositories: kafkajs, the Confluent
JavaScript client (KafkaJS-compatible and node-rdkafka-style APIs) and node-rdkafka."""

from __future__ import annotations

from copilot.review.engine import review_change
from copilot.scan.repo import scan
from tests.conftest import commit

KAFKAJS_CONFIG_TS = """export const TOPIC = process.env.ORDERS_TOPIC ?? "orders";
"""

KAFKAJS_CLIENT_TS = """import { Kafka } from "kafkajs";

const kafka = new Kafka({ clientId: "orders", brokers: ["localhost:9092"] });

export function makeProducer() {
  return kafka.producer({ idempotent: true });
}
"""

KAFKAJS_PUBLISHER_TS = """import { makeProducer } from "./kafka";
import { TOPIC } from "./config";

export class Publisher {
  private producer = makeProducer();
  constructor(private readonly topic: string) {}

  async publish(id: string, body: string) {
    await this.producer.send({ topic: this.topic, acks: -1, messages: [{ key: id, value: body }] });
  }
}

export const publisher = new Publisher(TOPIC);
"""

BILLING_JS = """const { Kafka } = require("kafkajs");

const kafka = new Kafka({ brokers: [process.env.BROKERS] });
const consumer = kafka.consumer({ groupId: process.env.GROUP_ID || "billing" });

async function run() {
  await consumer.connect();
  await consumer.subscribe({ topics: ["orders", /audit\\..*/], fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => console.log(message.value) });
}

run();
"""


def _kafkajs_repo(make_repo):
    return make_repo({
        "orders/package.json": '{"name": "orders", "dependencies": {"kafkajs": "^2.2.4"}}\n',
        "orders/src/config.ts": KAFKAJS_CONFIG_TS,
        "orders/src/kafka.ts": KAFKAJS_CLIENT_TS,
        "orders/src/publisher.ts": KAFKAJS_PUBLISHER_TS,
        "orders/src/publisher.test.ts": 'producer.send({ topic: "test-only", messages: [] });\n',
        "billing/package.json": '{"name": "billing"}\n',
        "billing/consumer.js": BILLING_JS,
    })


def _edges(result):
    return {(e["source"], e["target"], e["kind"]): e["evidence"] for e in result.graph.to_json()["edges"]}


def test_kafkajs_producer_and_consumer_meet(make_repo):
    result = scan(_kafkajs_repo(make_repo), "HEAD", use_cache=False)
    edges = _edges(result)
    assert edges[("service:orders", "topic:orders", "produces")] == [{"path": "orders/src/publisher.ts", "line": 9}]
    assert edges[("topic:orders", "service:billing", "consumes")] == [{"path": "billing/consumer.js", "line": 8}]
    assert ("topic:audit\\..*", "service:billing", "consumes") in edges
    assert not any("test-only" in t for _s, t, _k in edges)  # test files are not the deployed pipeline


def test_kafkajs_topic_chain_and_client_settings(make_repo):
    result = scan(_kafkajs_repo(make_repo), "HEAD", use_cache=False)
    [pub] = [e for e in result.endpoints if e.role == "produce"]
    assert pub.ep.library == "kafkajs"
    assert [(loc.path, loc.line) for loc in pub.topic.via] == [
        ("orders/src/publisher.ts", 6),
        ("orders/src/publisher.ts", 13),
        ("orders/src/config.ts", 1),
    ]
    assert pub.setting("enable.idempotence") == "true" and pub.settings["enable.idempotence"].loc.path == "orders/src/kafka.ts"
    assert pub.setting("acks") == "all"
    assert pub.ep.key == "id"
    subs = [e for e in result.endpoints if e.role == "consume"]
    assert {e.topic.name for e in subs} == {"orders", "audit\\..*"}
    assert all(e.setting("group.id") == "billing" and e.setting("auto.offset.reset") == "earliest" for e in subs)
    assert [e.topic.pattern for e in sorted(subs, key=lambda e: e.topic.name or "")] == [True, False]


def test_kafkajs_acks_lowered_is_a_delivery_finding(make_repo):
    repo = _kafkajs_repo(make_repo)
    commit(repo, {"orders/src/publisher.ts": KAFKAJS_PUBLISHER_TS.replace("acks: -1", "acks: 0")})
    review = review_change(repo, "HEAD~1", "HEAD")
    [f] = [f for f in review.findings if f.rule == "delivery-weakened"]
    assert "acks" in f.title and "orders" in f.title


def test_confluent_javascript_kafkajs_api_with_nested_settings(make_repo):
    repo = make_repo({
        "pay/package.json": '{"name": "pay"}\n',
        "pay/worker.js": (
            "const { Kafka } = require('@confluentinc/kafka-javascript').KafkaJS;\n"
            "const kafka = new Kafka({ kafkaJS: { brokers: ['b:9092'] } });\n"
            "const consumer = kafka.consumer({ kafkaJS: { groupId: 'payments', fromBeginning: false, autoCommit: false } });\n"
            "const producer = kafka.producer({ 'enable.idempotence': true });\n"
            "async function main() {\n"
            "  await consumer.subscribe({ topics: ['payments'] });\n"
            "  await producer.send({ topic: 'payments.done', messages: [{ value: 'x' }] });\n"
            "}\n"
        ),
    })
    result = scan(repo, "HEAD", use_cache=False)
    [sub] = [e for e in result.endpoints if e.role == "consume"]
    [pub] = [e for e in result.endpoints if e.role == "produce"]
    assert (sub.ep.library, sub.topic.name, sub.loc.line) == ("confluent-kafka-javascript", "payments", 6)
    assert sub.setting("group.id") == "payments" and sub.settings["group.id"].loc.line == 3
    assert sub.setting("auto.offset.reset") == "latest" and sub.setting("enable.auto.commit") == "false"
    assert (pub.topic.name, pub.loc.line, pub.setting("enable.idempotence")) == ("payments.done", 7, "true")


def test_node_rdkafka_produce_subscribe_and_streams(make_repo):
    repo = make_repo({
        "clicks/package.json": '{"name": "clicks"}\n',
        "clicks/index.js": (
            "const Kafka = require('node-rdkafka');\n"
            "const TOPIC = 'clicks';\n"
            "const producer = new Kafka.Producer({ 'metadata.broker.list': 'k:9092', 'request.required.acks': 1 });\n"
            "producer.on('ready', () => producer.produce(TOPIC, null, Buffer.from('x'), 'user-1'));\n"
            "const consumer = new Kafka.KafkaConsumer({ 'group.id': 'sessions' }, { 'auto.offset.reset': 'earliest' });\n"
            "consumer.on('ready', () => consumer.subscribe([TOPIC, 'views']));\n"
            "const out = Kafka.Producer.createWriteStream({}, {}, { topic: 'sessions' });\n"
        ),
    })
    result = scan(repo, "HEAD", use_cache=False)
    by = {(e.role, e.topic.name): e for e in result.endpoints}
    assert set(by) == {("produce", "clicks"), ("consume", "clicks"), ("consume", "views"), ("produce", "sessions")}
    pub = by[("produce", "clicks")]
    assert (pub.loc.line, pub.setting("acks"), pub.ep.key) == (4, "1", "'user-1'")
    sub = by[("consume", "clicks")]
    assert (sub.setting("group.id"), sub.setting("auto.offset.reset")) == ("sessions", "earliest")
    assert [(v.path, v.line) for v in sub.topic.via] == [("clicks/index.js", 2)]


def test_send_of_an_unrelated_library_is_not_an_endpoint(make_repo):
    repo = make_repo({
        "web/package.json": '{"name": "web"}\n',
        "web/server.js": "const express = require('express');\napp.get('/', (req, res) => res.send({ topic: 'kafka', messages: [] }));\n",
    })
    assert scan(repo, "HEAD", use_cache=False).endpoints == []


def test_test_globs_apply_to_their_own_language_only(make_repo):
    """`*/e2e/*` is a JavaScript test folder; a Python package named e2e is still scanned."""
    repo = make_repo({
        "svc/pyproject.toml": "[project]\nname='svc'\n",
        "svc/shop/e2e/pub.py": "from confluent_kafka import Producer\np = Producer({})\np.produce('orders', b'x')\n",
        "web/package.json": "{}\n",
        "web/e2e/smoke.ts": "import { Kafka } from 'kafkajs';\nconst p = new Kafka({}).producer();\np.send({ topic: 'smoke', messages: [] });\n",
    })
    assert {e.topic.name for e in scan(repo, "HEAD", use_cache=False).endpoints} == {"orders"}


def test_minified_bundles_are_skipped_with_a_warning(make_repo):
    bundle = "var a=require('kafkajs');" + ";".join(f"var v{i}={i}" for i in range(4000)) + ";p.send({topic:'x',messages:[]});\n"
    repo = make_repo({"web/package.json": "{}\n", "web/public/app.min.js": bundle})
    result = scan(repo, "HEAD", use_cache=False)
    assert result.endpoints == []
    assert any(w.startswith("web/public/app.min.js:1: skipped: minified") for w in result.warnings)


def test_a_send_no_longer_awaited_is_fire_and_forget(make_repo):
    repo = _kafkajs_repo(make_repo)
    base = scan(repo, "HEAD", use_cache=False)
    assert [e.ep.awaits_ack for e in base.endpoints if e.role == "produce"] == [True]
    commit(repo, {"orders/src/publisher.ts": KAFKAJS_PUBLISHER_TS.replace("    await this.producer.send(", "    this.producer.send(")})
    review = review_change(repo, "HEAD~1", "HEAD")
    [f] = [f for f in review.findings if f.rule == "delivery-weakened"]
    assert "orders" in f.title and any(c.path == "orders/src/publisher.ts" for c in f.citations)
