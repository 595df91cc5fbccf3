"""The scan's Go files read by the Go front-end: the catalogue finds their endpoints, the file's
handlers, record field reads and observability come from the Go front-end's `facts`,
and `copilot.lang.link` ties each consumer endpoint to its handler."""

from __future__ import annotations

from copilot.scan.repo import scan
from tests.conftest import commit

READER = """\
package main

import (
	"context"
	"encoding/json"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/segmentio/kafka-go"
)

var lag = prometheus.NewGauge(prometheus.GaugeOpts{Name: "lag"})

func audit(ctx context.Context) {
	r := kafka.NewReader(kafka.ReaderConfig{Brokers: []string{"kafka:9092"}, Topic: "audit", GroupID: "auditor"})
	m, _ := r.ReadMessage(ctx)
	_ = m
}

func run(ctx context.Context) {
	r := kafka.NewReader(kafka.ReaderConfig{Brokers: []string{"kafka:9092"}, Topic: "payments", GroupID: "ledger"})
	for {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			return
		}
		var p map[string]any
		_ = json.Unmarshal(m.Value, &p)
		book(p["amount_cents"])
		r.CommitMessages(ctx, m)
		lag.Set(float64(r.Lag()))
	}
}

func book(any) {}
"""

LISTENER = """\
package main

import (
	"context"

	"github.com/IBM/sarama"
)

type handler struct{}

func (handler) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (handler) Cleanup(sarama.ConsumerGroupSession) error { return nil }
func (handler) ConsumeClaim(s sarama.ConsumerGroupSession, c sarama.ConsumerGroupClaim) error {
	for m := range c.Messages() {
		s.MarkMessage(m, "")
	}
	return nil
}

func main() {
	g, _ := sarama.NewConsumerGroup([]string{"kafka:9092"}, "shipping", sarama.NewConfig())
	for {
		_ = g.Consume(context.Background(), []string{"orders"}, handler{})
	}
}
"""


def _line(src: str, marker: str) -> int:
    return src[: src.index(marker)].count("\n") + 1


def test_a_poll_loop_holds_its_consumer_and_its_field_reads_and_lag_are_seen(make_repo):
    repo = make_repo({"ledger/main.go": READER, "ledger/go.mod": "module example.com/ledger\n"})
    result = scan(repo)
    facts = result.files["ledger/main.go"]
    assert facts.ir is not None  # read by the front-end, not the former extractor
    [loop] = facts.handlers
    assert (loop.kind, loop.name, loop.loc.line) == ("poll-loop", "run", _line(READER, "for {"))
    assert ("commit-sync", _line(READER, "r.CommitMessages")) in [(c.category, c.line) for c in loop.calls]
    by_topic = {e.topic.name: e for e in facts.endpoints}
    assert set(by_topic) == {"audit", "payments"}
    assert by_topic["payments"].handler == "run"  # the loop around its FetchMessage
    assert by_topic["audit"].handler is None  # a read outside any loop is no handler's
    assert [r.name for r in facts.field_reads] == ["amount_cents"]
    assert {(o.category, o.detail) for o in facts.observability} == {("metrics", "prometheus"), ("metrics", "lag")}


def test_a_consume_claim_listener_is_the_only_handler_of_its_file(make_repo):
    repo = make_repo({"shipping/main.go": LISTENER, "shipping/go.mod": "module example.com/shipping\n"})
    facts = scan(repo).files["shipping/main.go"]
    [listener] = facts.handlers
    assert (listener.kind, listener.name) == ("listener", "handler.ConsumeClaim")
    [ep] = facts.endpoints
    assert (ep.role, ep.topic.name, ep.group, ep.handler) == ("consume", "orders", "shipping", "handler.ConsumeClaim")


SELECTED = """\
package main

import (
	"os"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

func send(p *kafka.Producer, topic string) {
	p.Produce(&kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic}}, nil)
}

func main() {
	p, _ := kafka.NewProducer(&kafka.ConfigMap{"acks": "all"})
	send(p, os.Getenv("INVOICES_TOPIC"))
	send(p, "billing.events")
	p.Flush(1000)
}
"""


def test_call_sites_that_select_different_topics_give_one_edge_each_cited_where_it_is_selected(make_repo):
    repo = make_repo({"billing/Dockerfile": "FROM golang:1.22\n", "billing/.env": "INVOICES_TOPIC=invoices.v2\n", "billing/main.go": SELECTED})
    edges = sorted(
        (e["target"], [(ev["path"], ev["line"]) for ev in e["evidence"]])
        for e in scan(repo).graph.to_json()["edges"]
        if e["kind"] == "produces"
    )
    assert edges == [
        ("topic:billing.events", [("billing/main.go", _line(SELECTED, 'send(p, "billing.events")'))]),
        ("topic:invoices.v2", [("billing/main.go", _line(SELECTED, "send(p, os.Getenv"))]),
    ]


def test_one_call_with_several_literal_topics_keeps_the_call_as_its_evidence(make_repo):
    src = LISTENER.replace('[]string{"orders"}', '[]string{"orders", "refunds"}')
    repo = make_repo({"shipping/main.go": src, "shipping/go.mod": "module example.com/shipping\n"})
    eps = scan(repo).files["shipping/main.go"].endpoints
    assert sorted((ep.topic.name, ep.loc.line) for ep in eps) == [("orders", _line(src, "g.Consume(")), ("refunds", _line(src, "g.Consume("))]


ENV_GROUP = """\
package main

import (
	"context"
	"os"

	"github.com/segmentio/kafka-go"
)

func main() {
	r := kafka.NewReader(kafka.ReaderConfig{Brokers: []string{"kafka:9092"}, Topic: "payments", GroupID: os.Getenv("GROUP_ID")})
	for {
		m, _ := r.ReadMessage(context.Background())
		_ = m
	}
}
"""


def test_a_setting_read_from_an_env_var_without_a_default_is_settled_by_the_deployment(make_repo):
    repo = make_repo({"ledger/Dockerfile": "FROM golang\n", "ledger/.env": "GROUP_ID=ledger-v2\n", "ledger/main.go": ENV_GROUP})
    [ep] = scan(repo).endpoints
    group = ep.settings["group.id"]
    assert (group.value, group.loc.path, group.loc.line, group.unresolved) == ("ledger-v2", "ledger/.env", 1, False)


def test_a_setting_read_from_an_env_var_nothing_sets_stays_unresolved(make_repo):
    repo = make_repo({"ledger/Dockerfile": "FROM golang\n", "ledger/main.go": ENV_GROUP})
    [ep] = scan(repo).endpoints
    assert ep.settings["group.id"].unresolved is True


BATCH = """\
package events

import "github.com/IBM/sarama"

type Leg struct{ Account, Body string }

func Publish(p sarama.SyncProducer, legs []Leg) error {
	msgs := make([]*sarama.ProducerMessage, 0, len(legs))
	for _, leg := range legs {
		msgs = append(msgs, &sarama.ProducerMessage{
			Topic: "postings",
			Key:   sarama.StringEncoder(leg.Account),
			Value: sarama.StringEncoder(leg.Body),
		})
	}
	return p.SendMessages(msgs)
}
"""


def test_a_batch_of_messages_appended_in_a_loop_is_sent_with_its_key_and_value(make_repo):
    repo = make_repo({"ledger/go.mod": "module example.com/ledger\n", "ledger/events/publish.go": BATCH})
    [ep] = scan(repo).endpoints
    assert (ep.role, ep.topic_name, ep.ep.key, ep.ep.value) == (
        "produce",
        "postings",
        "sarama.StringEncoder(leg.Account)",
        "sarama.StringEncoder(leg.Body)",
    )


def test_a_scan_built_on_another_trees_scan_links_endpoints_afresh(make_repo):
    # TypeScript: every endpoint of a front-end language comes from linking, so a topic constant
    # changed in another file moves the unchanged sender's endpoint (no stale copy of the old one)
    topics = "export const ORDERS = 'orders';\n"
    sender = (
        "import { Kafka } from 'kafkajs';\nimport { ORDERS } from './topics';\n\n"
        "const producer = new Kafka({ brokers: ['kafka:9092'] }).producer();\n"
        "export async function send(v: string) {\n  await producer.send({ topic: ORDERS, messages: [{ value: v }] });\n}\n"
    )
    repo = make_repo({"shop/package.json": '{"name": "shop"}\n', "shop/src/topics.ts": topics, "shop/src/send.ts": sender})
    base = scan(repo, "HEAD")
    assert [e.topic_name for e in base.endpoints] == ["orders"]
    commit(repo, {"shop/src/topics.ts": "export const ORDERS = 'orders.v2';\n"}, "rename")
    head = scan(repo, "HEAD", since=base)
    assert head.stats.incremental
    assert [e.topic_name for e in head.endpoints] == ["orders.v2"]
