"""The Go front-end on realistic kafka-go, sarama and confluent-kafka-go programs, through the link step.

Line numbers are found with `ln` (the 1-based line of a unique snippet of the source), so every
assertion is exact but survives edits to the sample programs above the asserted line.
"""

from __future__ import annotations

import pickle

from copilot.lang.evaluate import Ctx, Program
from copilot.lang.ir import Expr
from copilot.model.facts import Loc, Pending
from tests.lang.helpers import go_scan

PATH = "orders/internal/kafka/producer.go"


def ln(src: str, needle: str, nth: int = 1) -> int:
    """1-based line of the `nth` occurrence of `needle` in `src`."""
    pos = -1
    for _ in range(nth):
        pos = src.index(needle, pos + 1)
    return src.count("\n", 0, pos) + 1


def run(src: str, path: str = PATH):
    return go_scan({path: src}, path)


def settings(endpoint) -> dict[str, tuple[str, int, str]]:
    return {k: (s.value, s.loc.line, s.raw_key) for k, s in endpoint.settings.items()}


def package_values(facts) -> dict[str, tuple[list[str | None], int]]:
    """The file's package-level names, each with the values the evaluator gives it and its line."""
    program = Program({facts.path: facts.ir})
    return {
        a.target: (sorted(v.text or "?" for v in program.values(Expr("name", a.line, a.target, a.target), Ctx(facts.path))), a.line)
        for a in facts.ir.assigns
        if not a.scope and not a.cls
    }


def calls(handler) -> list[tuple[str, str, int]]:
    return [(c.category, c.name, c.line) for c in handler.calls]


# --------------------------------------------------------------------------------------- kafka-go
KAFKAGO_PRODUCER = """\
package kafka

import (
	"context"
	"encoding/json"

	"github.com/segmentio/kafka-go"
)

const (
	OrdersTopic = "orders"
	DLQTopic    = OrdersTopic + ".dlq"
)

var region = "eu"

type Order struct {
	ID     string `json:"id"`
	Amount int64  `json:"amount_cents"`
}

type Producer struct {
	writer *kafka.Writer
}

func NewProducer(brokers []string) *Producer {
	return &Producer{writer: &kafka.Writer{
		Addr:         kafka.TCP(brokers...),
		Topic:        OrdersTopic,
		Balancer:     &kafka.Hash{},
		RequiredAcks: kafka.RequireAll,
		MaxAttempts:  1,
		BatchTimeout: 10 * time.Millisecond,
		Compression:  kafka.Snappy,
	}}
}

func (p *Producer) Publish(ctx context.Context, o Order) error {
	b, err := json.Marshal(o)
	if err != nil {
		return err
	}
	return p.writer.WriteMessages(ctx, kafka.Message{Key: []byte(o.ID), Value: b})
}
"""


def test_kafkago_writer_literal_is_a_producer_with_settings_key_and_value():
    src = KAFKAGO_PRODUCER
    facts = run(src)
    assert facts.language == "go"
    assert facts.warnings == []
    [ep] = facts.endpoints
    assert ep.role == "produce"
    assert ep.library == "kafka-go"
    assert (ep.topic.text, ep.topic.name, ep.topic.origin) == ("OrdersTopic", "orders", "constant")
    assert ep.topic.via == [Loc(PATH, ln(src, 'OrdersTopic = "orders"'))]
    assert ep.topic.pending is None
    # cited at the send; the writer's settings come with it from where the writer is built
    assert ep.loc == Loc(PATH, ln(src, "p.writer.WriteMessages"))
    assert ep.end_line == ln(src, "p.writer.WriteMessages")
    assert ep.client == "p.writer"
    assert ep.key == "[]byte(o.ID)"
    assert ep.value == "b"
    assert ep.awaits_ack is True
    assert settings(ep) == {
        "partitioner": ("hash", ln(src, "Balancer:"), "Balancer"),
        "acks": ("all", ln(src, "RequiredAcks:"), "RequiredAcks"),
        "retries": ("0", ln(src, "MaxAttempts:"), "MaxAttempts"),
        "linger.ms": ("10", ln(src, "BatchTimeout:"), "BatchTimeout"),
        "compression.type": ("snappy", ln(src, "Compression:"), "Compression"),
        "value.format": ("json", ln(src, "json.Marshal(o)"), "json.Marshal"),
    }
    # the package-level values are in the file's IR, for the evaluator to read from any file
    assert package_values(facts) == {
        "OrdersTopic": (["orders"], ln(src, 'OrdersTopic = "orders"')),
        "DLQTopic": (["orders.dlq"], ln(src, "DLQTopic    =")),
        "region": (["eu"], ln(src, 'var region = "eu"')),
    }
    assert facts.handlers == []


def test_kafkago_new_writer_config_async_and_numeric_acks():
    src = """\
package main

import "github.com/segmentio/kafka-go"

func main() {
	w := kafka.NewWriter(kafka.WriterConfig{
		Brokers:      []string{"kafka:9092"},
		Topic:        "clicks",
		RequiredAcks: -1,
		Async:        true,
	})
	defer w.Close()
	w.WriteMessages(ctx, kafka.Message{Value: []byte("x")})
}
"""
    [ep] = run(src, "main.go").endpoints
    assert (ep.role, ep.topic.name, ep.topic.origin, ep.topic.text) == (
        "produce",
        "clicks",
        "literal",
        '"clicks"',
    )
    assert ep.loc == Loc("main.go", ln(src, "w.WriteMessages"))
    assert ep.end_line == ln(src, "w.WriteMessages")
    assert ep.awaits_ack is False
    assert ep.key is None
    assert ep.value == '[]byte("x")'
    assert settings(ep) == {"acks": ("all", ln(src, "RequiredAcks:"), "RequiredAcks")}


def test_kafkago_writer_without_topic_produces_to_each_message_topic():
    src = """\
package relay

import (
	"context"

	kafkago "github.com/segmentio/kafka-go"
)

const deadLetters = "relay.dlq"

var w = &kafkago.Writer{Addr: kafkago.TCP("kafka:9092"), RequiredAcks: kafkago.RequireOne}

func forward(ctx context.Context, key, body []byte) error {
	return w.WriteMessages(ctx,
		kafkago.Message{Topic: "relay.out", Key: key, Value: body},
		kafkago.Message{Topic: deadLetters, Value: body},
	)
}
"""
    eps = run(src, "relay/relay.go").endpoints
    # one call, two topics: each cited where it is selected (the literal at the call, the constant
    # at its definition), each with its own message's key and value
    assert [(e.role, e.topic.name, e.topic.origin, e.loc.line, e.key, e.value) for e in eps] == [
        ("produce", "relay.out", "literal", ln(src, "w.WriteMessages"), "key", "body"),
        ("produce", "relay.dlq", "constant", ln(src, "const deadLetters"), None, "body"),
    ]
    assert all(e.client == "w" for e in eps)
    assert all(settings(e) == {"acks": ("1", ln(src, "RequiredAcks"), "RequiredAcks")} for e in eps)


KAFKAGO_CONSUMER = """\
package fraud

import (
	"context"
	"database/sql"
	"encoding/json"
	"log"
	"net/http"
	"time"

	"github.com/segmentio/kafka-go"
)

type Service struct {
	db     *sql.DB
	client *http.Client
	dlq    *kafka.Writer
}

func (s *Service) Run(ctx context.Context) error {
	r := kafka.NewReader(kafka.ReaderConfig{
		Brokers:        []string{"kafka:9092"},
		Topic:          "payments",
		GroupID:        "fraud-detector",
		StartOffset:    kafka.LastOffset,
		MinBytes:       10e3,
		MaxBytes:       10e6,
		CommitInterval: time.Second,
	})
	defer r.Close()
	for {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			continue
		}
		var evt map[string]any
		if err := json.Unmarshal(m.Value, &evt); err != nil {
			log.Printf("bad payload: %v", err)
			continue
		}
		resp, err := s.client.Do(newScoreRequest(evt["customer_id"]))
		if err != nil {
			s.dlq.WriteMessages(ctx, kafka.Message{Topic: "payments.dlq", Value: m.Value})
		}
		s.db.ExecContext(ctx, "insert into scores values ($1)", evt["amount_cents"])
		time.Sleep(50 * time.Millisecond)
		if err := r.CommitMessages(ctx, m); err != nil {
		}
		_ = resp
	}
}
"""


def test_kafkago_reader_with_group_and_manual_commit():
    src = KAFKAGO_CONSUMER
    facts = run(src, "fraud/consumer.go")
    [ep] = [e for e in facts.endpoints if e.role == "consume"]
    assert ep.library == "kafka-go"
    assert (ep.topic.name, ep.topic.origin) == ("payments", "literal")
    assert ep.loc == Loc("fraud/consumer.go", ln(src, "r.FetchMessage"))
    assert ep.group == "fraud-detector"
    assert ep.client == "r"
    assert ep.handler == "Service.Run"
    assert settings(ep) == {
        "group.id": ("fraud-detector", ln(src, "GroupID:"), "GroupID"),
        "auto.offset.reset": ("latest", ln(src, "StartOffset:"), "StartOffset"),
        "fetch.min.bytes": ("10e3", ln(src, "MinBytes:"), "MinBytes"),
        "fetch.max.bytes": ("10e6", ln(src, "MaxBytes:"), "MaxBytes"),
        "auto.commit.interval.ms": ("1000", ln(src, "CommitInterval:"), "CommitInterval"),
        "enable.auto.commit": ("false", ln(src, "r.FetchMessage"), "FetchMessage"),
        "value.format": ("json", ln(src, "json.Unmarshal"), "json.Unmarshal"),
    }
    [handler] = facts.handlers
    assert (handler.kind, handler.name) == ("poll-loop", "Service.Run")
    assert (handler.loc.line, handler.end_line) == (ln(src, "\tfor {"), ln(src, "\t}\n}"))
    assert calls(handler) == [
        ("error-swallowed", "if err != nil", ln(src, "if err != nil {\n\t\t\tcontinue")),
        ("blocking-io", "s.client.Do", ln(src, "s.client.Do")),
        ("process", "newScoreRequest", ln(src, "s.client.Do")),
        ("dead-letter", "s.dlq.WriteMessages", ln(src, "s.dlq.WriteMessages")),
        ("blocking-io", "s.db.ExecContext", ln(src, "s.db.ExecContext")),
        ("sleep", "time.Sleep", ln(src, "time.Sleep")),
        ("commit-sync", "r.CommitMessages", ln(src, "r.CommitMessages")),
        ("error-swallowed", "if err != nil", ln(src, "r.CommitMessages")),
    ]
    assert [(f.name, f.line) for f in facts.field_reads] == [
        ("customer_id", ln(src, "customer_id")),
        ("amount_cents", ln(src, "amount_cents")),
    ]
    # the dead-letter write is a producer endpoint of its own
    [dlq] = [e for e in facts.endpoints if e.role == "produce"]
    assert (dlq.topic.name, dlq.loc.line, dlq.client) == (
        "payments.dlq",
        ln(src, '{Topic: "payments.dlq"'),
        "s.dlq",
    )


def test_kafkago_read_message_auto_commits_and_group_topics_give_one_endpoint_each():
    src = """\
package audit

import (
	"context"

	"github.com/segmentio/kafka-go"
)

func consume(ctx context.Context) {
	cfg := kafka.ReaderConfig{
		Brokers:     []string{"kafka:9092"},
		GroupID:     "audit",
		GroupTopics: []string{"orders", "payments"},
		StartOffset: kafka.FirstOffset,
	}
	reader := kafka.NewReader(cfg)
	for {
		msg, err := reader.ReadMessage(ctx)
		if err != nil {
			break
		}
		record(msg.Key, msg.Value)
	}
}
"""
    facts = run(src, "audit/main.go")
    assert [(e.role, e.topic.name, e.loc.line, e.group, e.handler) for e in facts.endpoints] == [
        ("consume", "orders", ln(src, "reader.ReadMessage"), "audit", "consume"),
        ("consume", "payments", ln(src, "reader.ReadMessage"), "audit", "consume"),
    ]
    for ep in facts.endpoints:
        assert settings(ep) == {
            "group.id": ("audit", ln(src, "GroupID:"), "GroupID"),
            "auto.offset.reset": ("earliest", ln(src, "StartOffset:"), "StartOffset"),
            "enable.auto.commit": ("true", ln(src, "reader.ReadMessage"), "ReadMessage"),
        }
    [handler] = facts.handlers
    assert calls(handler) == [("process", "record", ln(src, "record("))]


# ----------------------------------------------------------------------------- topic name origins
def test_function_parameter_topics_give_one_endpoint_per_distinct_call_site_value():
    src = """\
package main

import "github.com/segmentio/kafka-go"

const OrdersTopic = "orders"

func publish(brokers []string, topic string, v []byte) error {
	w := &kafka.Writer{Addr: kafka.TCP(brokers...), Topic: topic}
	return w.WriteMessages(ctx, kafka.Message{Value: v})
}

func main() {
	publish(brokers, OrdersTopic, a)
	publish(brokers, "payments", b)
	publish(brokers, "payments", c)
}
"""
    eps = run(src, "cmd/app/main.go").endpoints
    # one endpoint per distinct value, each cited at the call site that selects it
    assert [(e.topic.name, e.topic.text, e.loc.line, e.end_line) for e in eps] == [
        ("orders", "topic", ln(src, "publish(brokers, OrdersTopic"), ln(src, "w.WriteMessages")),
        ("payments", "topic", ln(src, 'publish(brokers, "payments", b)'), ln(src, "w.WriteMessages")),
    ]
    assert eps[0].topic.via == [
        Loc("cmd/app/main.go", ln(src, "publish(brokers, OrdersTopic")),
        Loc("cmd/app/main.go", ln(src, 'const OrdersTopic = "orders"')),
    ]
    assert eps[1].topic.via == [Loc("cmd/app/main.go", ln(src, 'publish(brokers, "payments", b)'))]
    assert all(e.client == "w" for e in eps)


def test_names_from_other_files_of_the_package_and_imported_packages_are_followed():
    src = """\
package orders

import (
	"github.com/acme/shop/internal/topics"
	cfg "github.com/acme/shop/internal/config"
	"github.com/IBM/sarama"
)

func send(p sarama.SyncProducer) {
	p.SendMessage(&sarama.ProducerMessage{Topic: OrdersTopic})
	p.SendMessage(&sarama.ProducerMessage{Topic: topics.Payments})
	p.SendMessage(&sarama.ProducerMessage{Topic: cfg.RefundsTopic})
}
"""
    files = {
        "go.mod": "module github.com/acme/shop\n",
        "services/orders/send.go": src,
        "services/orders/names.go": 'package orders\n\nconst OrdersTopic = "orders"\n',
        "internal/topics/topics.go": 'package topics\n\nconst Payments = "payments"\n',
        "internal/config/config.go": 'package config\n\nvar RefundsTopic = "refunds"\n',
    }
    eps = go_scan(files, "services/orders/send.go").endpoints
    assert [(e.topic.text, e.topic.name, e.topic.origin, e.topic.via) for e in eps] == [
        ("OrdersTopic", "orders", "constant", [Loc("services/orders/names.go", 3)]),
        ("topics.Payments", "payments", "constant", [Loc("internal/topics/topics.go", 3)]),
        ("cfg.RefundsTopic", "refunds", "constant", [Loc("internal/config/config.go", 3)]),
    ]
    # without those files the names stay unresolved: never a guess
    alone = run(src, "services/orders/send.go").endpoints
    assert [(e.topic.name, e.topic.origin) for e in alone] == [(None, "unresolved")] * 3


def test_env_vars_defaults_templates_and_runtime_expressions():
    src = """\
package main

import (
	"cmp"
	"fmt"
	"os"

	"github.com/acme/shop/internal/topics"
	"github.com/segmentio/kafka-go"
)

const prefix = "prod"

func getEnv(key, fallback string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return fallback
}

func publish(cfg Config, tenant string, v []byte) {
	(&kafka.Writer{Topic: getEnv("ORDERS_TOPIC", "orders")}).WriteMessages(ctx, kafka.Message{Value: v})
	(&kafka.Writer{Topic: cmp.Or(os.Getenv("SHIP_TOPIC"), "shipments")}).WriteMessages(ctx, kafka.Message{Value: v})
	(&kafka.Writer{Topic: fmt.Sprintf("%s.events", prefix)}).WriteMessages(ctx, kafka.Message{Value: v})
	(&kafka.Writer{Topic: fmt.Sprintf("%s.%s", topics.Base, "v2")}).WriteMessages(ctx, kafka.Message{Value: v})
	(&kafka.Writer{Topic: fmt.Sprintf("%s.events", tenant)}).WriteMessages(ctx, kafka.Message{Value: v})
	(&kafka.Writer{Topic: cfg.Kafka.Topic}).WriteMessages(ctx, kafka.Message{Value: v})
}
"""
    eps = run(src, "main.go").endpoints
    got = [(e.topic.text, e.topic.name, e.topic.origin, e.topic.pending) for e in eps]
    assert got == [
        ('getEnv("ORDERS_TOPIC", "orders")', "orders", "env-default", Pending("env", "ORDERS_TOPIC", default="orders")),
        ('cmp.Or(os.Getenv("SHIP_TOPIC"), "shipments")', "shipments", "env-default", Pending("env", "SHIP_TOPIC", default="shipments")),
        ('fmt.Sprintf("%s.events", prefix)', "prod.events", "concat", None),
        # a package not in the repository, a parameter no call site fills, a settings field set
        # nowhere: unresolved, each saying why
        ('fmt.Sprintf("%s.%s", topics.Base, "v2")', None, "unresolved", None),
        ('fmt.Sprintf("%s.events", tenant)', None, "unresolved", None),
        ("cfg.Kafka.Topic", None, "unresolved", None),
    ]
    assert [e.loc.line for e in eps] == [
        ln(src, 'getEnv("ORDERS_TOPIC"'),
        ln(src, "cmp.Or("),
        ln(src, '"%s.events", prefix'),
        ln(src, "topics.Base"),
        ln(src, '"%s.events", tenant'),
        ln(src, "cfg.Kafka.Topic"),
    ]
    assert eps[0].topic.via == [Loc("main.go", ln(src, "os.LookupEnv(key)")), Loc("main.go", ln(src, 'getEnv("ORDERS_TOPIC"'))]


def test_an_env_var_with_a_default_set_when_it_is_empty():
    src = """\
package main

import (
	"os"

	"github.com/segmentio/kafka-go"
)

func publish(v []byte) {
	fromDefault := os.Getenv("INVOICES_TOPIC")
	if fromDefault == "" {
		fromDefault = "invoices"
	}
	(&kafka.Writer{Topic: fromDefault}).WriteMessages(ctx, kafka.Message{Value: v})
}
"""
    [ep] = run(src, "main.go").endpoints
    assert (ep.topic.name, ep.topic.origin, ep.topic.pending) == ("invoices", "env-default", Pending("env", "INVOICES_TOPIC", default="invoices"))
    assert ep.topic.via == [Loc("main.go", ln(src, 'fromDefault = "invoices"'))]


def test_plain_getenv_is_an_env_pending_without_a_name():
    src = """\
package main

import (
	"os"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

func main() {
	c, _ := kafka.NewConsumer(&kafka.ConfigMap{"group.id": os.Getenv("GROUP")})
	c.Subscribe(os.Getenv("TOPIC"), nil)
}
"""
    [ep] = run(src, "main.go").endpoints
    assert (ep.topic.name, ep.topic.origin, ep.topic.pending) == (None, "env", Pending("env", "TOPIC"))
    assert ep.topic.text == 'os.Getenv("TOPIC")'
    assert ep.group is None
    assert settings(ep) == {"group.id": ('os.Getenv("GROUP")', ln(src, '"group.id"'), "group.id")}


def test_viper_keys_without_a_flag_stay_unresolved():
    src = """\
package main

import (
	"github.com/IBM/sarama"
	"github.com/spf13/viper"
)

func run(c sarama.Consumer) {
	pc, _ := c.ConsumePartition(viper.GetString("kafka.topics.orders"), 0, sarama.OffsetNewest)
	for m := range pc.Messages() {
		handle(m)
	}
}
"""
    [ep] = run(src, "main.go").endpoints
    # a viper key is the flag of that name when one is defined (tests/lang/test_go_values.py); with
    # none, it stays unresolved, saying so
    assert (ep.topic.name, ep.topic.origin, ep.topic.pending) == (None, "unresolved", None)
    assert ep.topic.text == 'viper.GetString("kafka.topics.orders")'
    assert settings(ep) == {"auto.offset.reset": ("latest", ln(src, "ConsumePartition"), "ConsumePartition")}
    assert ep.group is None
    assert ep.handler == "run"
    assert settings(ep) == {"auto.offset.reset": ("latest", ln(src, "ConsumePartition"), "ConsumePartition")}


def test_package_values_of_a_file_without_kafka_code():
    src = """\
package topics

import "fmt"

// Topic names shared by every service of the shop.
const (
	Orders   = "orders"
	Payments = `payments`
	Retries  = 3
	DLQ      = Orders + ".dlq"
)

const Typed Name = "typed"

var (
	Refunds         = "refunds"
	Unset    string
	External = other.Name
)

func describe() string {
	const local = "not exported"
	return fmt.Sprint(local)
}
"""
    facts = run(src, "shop/internal/topics/topics.go")
    assert facts.endpoints == []
    assert facts.warnings == []
    # package-level values, for any file of the repository to read through the evaluator (a
    # function's own constants are not among them; what the file cannot know is unknown: "?")
    assert package_values(facts) == {
        "Orders": (["orders"], ln(src, 'Orders   = "orders"')),
        "Payments": (["payments"], ln(src, "Payments = `payments`")),
        "Retries": (["3"], ln(src, "Retries  = 3")),
        "DLQ": (["orders.dlq"], ln(src, "DLQ      =")),
        "Typed": (["typed"], ln(src, "const Typed")),
        "Refunds": (["refunds"], ln(src, "Refunds         =")),
        "Unset": (["?"], ln(src, "Unset    string")),
        "External": (["?"], ln(src, "External = other.Name")),
    }


# ----------------------------------------------------------------------------------------- sarama
SARAMA_PRODUCER = """\
package payments

import (
	"encoding/json"

	"github.com/IBM/sarama"
)

const paymentsTopic = "payments"

func newConfig() *sarama.Config {
	config := sarama.NewConfig()
	config.Producer.RequiredAcks = sarama.WaitForAll
	config.Producer.Idempotent = true
	config.Producer.Retry.Max = 0
	config.Producer.Return.Successes = true
	config.Net.MaxOpenRequests = 1
	config.Consumer.Offsets.Initial = sarama.OffsetOldest
	return config
}

func Send(brokers []string, id string, p Payment) error {
	producer, err := sarama.NewSyncProducer(brokers, newConfig())
	if err != nil {
		return err
	}
	b, _ := json.Marshal(p)
	msg := &sarama.ProducerMessage{
		Topic: paymentsTopic,
		Key:   sarama.StringEncoder(id),
		Value: sarama.ByteEncoder(b),
	}
	_, _, err = producer.SendMessage(msg)
	return err
}

func Audit(brokers []string, id string) {
	cfg := sarama.NewConfig()
	cfg.Producer.RequiredAcks = sarama.WaitForLocal
	cfg.Producer.Compression = sarama.CompressionZSTD
	cfg.Producer.Flush.Frequency = 500 * time.Millisecond
	ap, _ := sarama.NewAsyncProducer(brokers, cfg)
	ap.Input() <- &sarama.ProducerMessage{Topic: "payments.audit", Value: sarama.StringEncoder(id)}
}
"""


def test_sarama_sync_and_async_producers_with_their_config():
    src = SARAMA_PRODUCER
    sync, async_ = run(src, "payments/producer.go").endpoints
    assert sync.library == "sarama"
    assert (sync.topic.name, sync.topic.origin, sync.topic.text) == ("payments", "constant", "paymentsTopic")
    assert sync.loc == Loc("payments/producer.go", ln(src, "msg := &sarama.ProducerMessage{"))
    # cited where the message is built; it ends at the send
    assert sync.end_line == ln(src, "producer.SendMessage(msg)")
    assert (sync.key, sync.value) == ("sarama.StringEncoder(id)", "sarama.ByteEncoder(b)")
    assert sync.awaits_ack is True
    assert sync.client == "producer"
    assert settings(sync) == {
        "acks": ("all", ln(src, "config.Producer.RequiredAcks"), "Producer.RequiredAcks"),
        "enable.idempotence": ("true", ln(src, "config.Producer.Idempotent"), "Producer.Idempotent"),
        "retries": ("0", ln(src, "config.Producer.Retry.Max"), "Producer.Retry.Max"),
        "max.in.flight.requests.per.connection": (
            "1",
            ln(src, "MaxOpenRequests"),
            "Net.MaxOpenRequests",
        ),
        "value.format": ("json", ln(src, "json.Marshal(p)"), "json.Marshal"),
    }
    assert (async_.topic.name, async_.topic.origin) == ("payments.audit", "literal")
    assert async_.loc.line == ln(src, "ap.Input() <-")
    assert async_.awaits_ack is False
    assert async_.client == "ap"
    assert settings(async_) == {
        "acks": ("1", ln(src, "cfg.Producer.RequiredAcks"), "Producer.RequiredAcks"),
        "compression.type": ("zstd", ln(src, "cfg.Producer.Compression"), "Producer.Compression"),
        "linger.ms": ("500", ln(src, "cfg.Producer.Flush.Frequency"), "Producer.Flush.Frequency"),
    }


SARAMA_GROUP = """\
package ledger

import (
	"context"
	"encoding/json"
	"log"

	"github.com/IBM/sarama"
	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel"
)

const groupID = "ledger"

var consumed = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "consumed_total"}, []string{"topic"})

type Entry struct {
	ID       string `json:"id"`
	Amount   int64  `json:"amount_cents,omitempty"`
	Currency string
}

type ledgerHandler struct{ store Store }

func (ledgerHandler) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (ledgerHandler) Cleanup(sarama.ConsumerGroupSession) error { return nil }

func (h ledgerHandler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		ctx, span := otel.Tracer("ledger").Start(sess.Context(), "consume")
		var e Entry
		if err := json.Unmarshal(msg.Value, &e); err != nil {
			log.Printf("bad entry: %v", err)
			continue
		}
		h.store.Save(ctx, e.ID, e.Amount, e.Currency)
		consumed.WithLabelValues(msg.Topic).Inc()
		sess.MarkMessage(msg, "")
		span.End()
	}
	return nil
}

func Run(ctx context.Context, brokers []string) error {
	config := sarama.NewConfig()
	config.Consumer.Offsets.Initial = sarama.OffsetOldest
	config.Consumer.Offsets.AutoCommit.Enable = false
	config.Consumer.Group.Rebalance.Strategy = sarama.BalanceStrategySticky
	config.Producer.RequiredAcks = sarama.NoResponse
	group, err := sarama.NewConsumerGroup(brokers, groupID, config)
	if err != nil {
		return err
	}
	handler := ledgerHandler{}
	for {
		if err := group.Consume(ctx, []string{"payments", "refunds"}, handler); err != nil {
			return err
		}
	}
}
"""


def test_sarama_consumer_group_endpoints_listener_and_field_reads():
    src = SARAMA_GROUP
    facts = run(src, "ledger/consumer.go")
    assert [(e.role, e.topic.name, e.loc.line, e.group, e.handler, e.client) for e in facts.endpoints] == [
        ("consume", "payments", ln(src, "group.Consume("), "ledger", "ledgerHandler.ConsumeClaim", "group"),
        ("consume", "refunds", ln(src, "group.Consume("), "ledger", "ledgerHandler.ConsumeClaim", "group"),
    ]
    for ep in facts.endpoints:
        assert settings(ep) == {
            "auto.offset.reset": ("earliest", ln(src, "Offsets.Initial"), "Consumer.Offsets.Initial"),
            "enable.auto.commit": (
                "false",
                ln(src, "AutoCommit.Enable"),
                "Consumer.Offsets.AutoCommit.Enable",
            ),
            "partition.assignment.strategy": (
                "sticky",
                ln(src, "Rebalance.Strategy"),
                "Consumer.Group.Rebalance.Strategy",
            ),
            # cited where the value is defined: the const is the line a change touches
            "group.id": ("ledger", ln(src, 'const groupID = "ledger"'), "group.id"),
            "value.format": ("json", ln(src, "json.Unmarshal"), "json.Unmarshal"),
        }
    [listener] = facts.handlers
    assert (listener.kind, listener.name) == ("listener", "ledgerHandler.ConsumeClaim")
    assert (listener.loc.line, listener.end_line) == (
        ln(src, "func (h ledgerHandler) ConsumeClaim"),
        ln(src, "\treturn nil\n}") + 1,
    )
    assert calls(listener) == [
        ("tracing", 'otel.Tracer("ledger").Start', ln(src, "otel.Tracer")),
        ("process", "h.store.Save", ln(src, "h.store.Save")),
        ("metrics", "consumed.WithLabelValues(msg.Topic).Inc", ln(src, ".Inc()")),
        ("commit-async", "sess.MarkMessage", ln(src, "sess.MarkMessage")),
        ("tracing", "span.End", ln(src, "span.End")),
    ]
    line = ln(src, "h.store.Save")
    assert [(f.name, f.line) for f in facts.field_reads] == [
        ("id", line),
        ("amount_cents", line),
        ("Currency", line),
    ]
    assert [(o.category, o.name, o.line, o.detail) for o in facts.observability] == [
        ("metrics", "github.com/prometheus/client_golang/prometheus", ln(src, "client_golang"), "prometheus"),
        ("tracing", "go.opentelemetry.io/otel", ln(src, '"go.opentelemetry.io/otel"'), "otel"),
    ]


def test_sarama_partition_consumer_and_poll_loop():
    src = """\
package replay

import (
	"net/http"

	"github.com/Shopify/sarama"
)

func Replay(brokers []string) {
	consumer, _ := sarama.NewConsumer(brokers, sarama.NewConfig())
	pc, _ := consumer.ConsumePartition("orders", 0, sarama.OffsetOldest)
	for msg := range pc.Messages() {
		http.Post("http://search/index", "application/json", bytes.NewReader(msg.Value))
	}
}
"""
    facts = run(src, "replay/replay.go")
    [ep] = facts.endpoints
    assert (ep.role, ep.topic.name, ep.loc.line, ep.group, ep.client, ep.handler) == (
        "consume",
        "orders",
        ln(src, "ConsumePartition"),
        None,
        "consumer",
        "Replay",
    )
    assert settings(ep) == {
        "auto.offset.reset": ("earliest", ln(src, "ConsumePartition"), "ConsumePartition")
    }
    [handler] = facts.handlers
    assert (handler.kind, handler.loc.line) == ("poll-loop", ln(src, "for msg := range"))
    assert calls(handler) == [("blocking-io", "http.Post", ln(src, "http.Post"))]


# ------------------------------------------------------------------------------ confluent-kafka-go
CONFLUENT_PRODUCER = """\
package shipping

import (
	"encoding/json"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

func Publish(orderID string, shipment Shipment) error {
	p, err := kafka.NewProducer(&kafka.ConfigMap{
		"bootstrap.servers":  "kafka:9092",
		"acks":               "all",
		"enable.idempotence": true,
		"retries":            5,
	})
	if err != nil {
		return err
	}
	defer p.Close()
	topic := "shipments"
	value, _ := json.Marshal(shipment)
	delivery := make(chan kafka.Event)
	err = p.Produce(&kafka.Message{
		TopicPartition: kafka.TopicPartition{Topic: &topic, Partition: kafka.PartitionAny},
		Key:            []byte(orderID),
		Value:          value,
	}, delivery)
	<-delivery
	fireAndForget := "shipments.audit"
	p.Produce(&kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &fireAndForget}, Value: value}, nil)
	return err
}
"""


def test_confluent_producer_config_map_and_delivery_reports():
    src = CONFLUENT_PRODUCER
    first, second = run(src, "shipping/publish.go").endpoints
    assert first.library == "confluent-kafka-go"
    assert (first.topic.name, first.topic.origin, first.topic.text) == ("shipments", "constant", "topic")
    assert first.topic.via == [Loc("shipping/publish.go", ln(src, 'topic := "shipments"'))]
    assert first.loc.line == ln(src, "err = p.Produce(")
    assert (first.key, first.value, first.client) == ("[]byte(orderID)", "value", "p")
    assert first.awaits_ack is True
    assert settings(first) == {
        "bootstrap.servers": ("kafka:9092", ln(src, '"bootstrap.servers"'), "bootstrap.servers"),
        "acks": ("all", ln(src, '"acks"'), "acks"),
        "enable.idempotence": ("true", ln(src, '"enable.idempotence"'), "enable.idempotence"),
        "retries": ("5", ln(src, '"retries"'), "retries"),
        "value.format": ("json", ln(src, "json.Marshal"), "json.Marshal"),
    }
    assert (second.topic.name, second.loc.line, second.key) == (
        "shipments.audit",
        ln(src, "&fireAndForget"),
        None,
    )
    assert second.awaits_ack is False


def test_confluent_flush_means_awaited():
    src = """\
package main

import "github.com/confluentinc/confluent-kafka-go/kafka"

func main() {
	cfg := &kafka.ConfigMap{"bootstrap.servers": "kafka:9092"}
	cfg.SetKey("acks", "1")
	producer, _ := kafka.NewProducer(cfg)
	t := "metrics"
	producer.Produce(&kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &t}}, nil)
	producer.Flush(15 * 1000)
}
"""
    [ep] = run(src, "main.go").endpoints
    assert ep.topic.name == "metrics"
    assert ep.awaits_ack is True
    assert settings(ep) == {
        "bootstrap.servers": ("kafka:9092", ln(src, '"bootstrap.servers"'), "bootstrap.servers"),
        "acks": ("1", ln(src, "cfg.SetKey"), "acks"),
    }


CONFLUENT_CONSUMER = """\
package main

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

const dlqTopic = "orders.dlq"

func main() {
	c, err := kafka.NewConsumer(&kafka.ConfigMap{
		"bootstrap.servers":  "kafka:9092",
		"group.id":           "shipping",
		"auto.offset.reset":  "earliest",
		"enable.auto.commit": false,
		"max.poll.interval.ms": 300000,
	})
	if err != nil {
		panic(err)
	}
	p, _ := kafka.NewProducer(&kafka.ConfigMap{"bootstrap.servers": "kafka:9092"})
	c.SubscribeTopics([]string{"orders", "^returns-.*"}, nil)
	for {
		ev := c.Poll(100)
		switch e := ev.(type) {
		case *kafka.Message:
			var order map[string]interface{}
			json.Unmarshal(e.Value, &order)
			if _, err := http.Post(fmt.Sprint(order["callback_url"]), "application/json", nil); err != nil {
				p.Produce(&kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &dlqTopic}, Value: e.Value}, nil)
				continue
			}
			ship(order["address"], order["weight_grams"])
			if _, err := c.CommitMessage(e); err != nil {
				continue
			}
		case kafka.Error:
			fmt.Println(e)
		}
	}
}
"""


def test_confluent_consumer_subscription_poll_loop_and_dead_letter():
    src = CONFLUENT_CONSUMER
    facts = run(src, "shipping/main.go")
    consumers = [e for e in facts.endpoints if e.role == "consume"]
    assert [(e.topic.name, e.topic.origin, e.topic.pattern, e.loc.line) for e in consumers] == [
        ("orders", "literal", False, ln(src, "c.SubscribeTopics")),
        ("^returns-.*", "pattern", True, ln(src, "c.SubscribeTopics")),
    ]
    for ep in consumers:
        assert (ep.group, ep.client, ep.handler) == ("shipping", "c", "main")
        assert settings(ep) == {
            "bootstrap.servers": ("kafka:9092", ln(src, '"bootstrap.servers":  "kafka'), "bootstrap.servers"),
            "group.id": ("shipping", ln(src, '"group.id"'), "group.id"),
            "auto.offset.reset": ("earliest", ln(src, '"auto.offset.reset"'), "auto.offset.reset"),
            "enable.auto.commit": ("false", ln(src, '"enable.auto.commit"'), "enable.auto.commit"),
            "max.poll.interval.ms": ("300000", ln(src, '"max.poll.interval.ms"'), "max.poll.interval.ms"),
            "value.format": ("json", ln(src, "json.Unmarshal"), "json.Unmarshal"),
        }
    [dlq] = [e for e in facts.endpoints if e.role == "produce"]
    assert (dlq.topic.name, dlq.awaits_ack, dlq.value) == ("orders.dlq", False, "e.Value")
    [loop] = facts.handlers
    assert (loop.kind, loop.name, loop.loc.line) == ("poll-loop", "main", ln(src, "\tfor {"))
    assert calls(loop) == [
        ("blocking-io", "http.Post", ln(src, "http.Post")),
        ("dead-letter", "p.Produce", ln(src, "p.Produce(&kafka.Message")),
        ("process", "ship", ln(src, "ship(")),
        ("commit-sync", "c.CommitMessage", ln(src, "c.CommitMessage")),
        ("error-swallowed", "if err != nil", ln(src, "c.CommitMessage")),
    ]
    assert [f.name for f in facts.field_reads] == ["callback_url", "address", "weight_grams"]
    # facts go into the blob-id cache: they must pickle and compare equal afterwards
    assert pickle.loads(pickle.dumps(facts)) == facts


# ---------------------------------------------------------------------------------- value formats
def test_value_formats_protobuf_and_avro():
    src = """\
package events

import (
	"github.com/IBM/sarama"
	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"github.com/confluentinc/confluent-kafka-go/v2/schemaregistry/serde/avro"
	"github.com/linkedin/goavro/v2"
	"google.golang.org/protobuf/proto"
)

func send(sp sarama.SyncProducer, cp *kafka.Producer, codec *goavro.Codec, ser *avro.GenericSerializer) {
	pb, _ := proto.Marshal(&pbOrder)
	sp.SendMessage(&sarama.ProducerMessage{Topic: "orders.pb", Value: sarama.ByteEncoder(pb)})
	native, _ := codec.BinaryFromNative(nil, record)
	sp.SendMessage(&sarama.ProducerMessage{Topic: "orders.avro", Value: sarama.ByteEncoder(native)})
	serde, _ := avro.NewGenericSerializer(client, serde.ValueSerde, avro.NewSerializerConfig())
	payload, _ := serde.Serialize("orders.sr", &order)
	t := "orders.sr"
	cp.Produce(&kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &t}, Value: payload}, nil)
	sp.SendMessage(&sarama.ProducerMessage{Topic: "orders.raw", Value: sarama.StringEncoder("ping")})
}
"""
    eps = run(src, "events/send.go").endpoints
    got = {e.topic.name: settings(e).get("value.format") for e in eps}
    assert got == {
        "orders.pb": ("protobuf", ln(src, "proto.Marshal"), "proto.Marshal"),
        "orders.avro": ("avro", ln(src, "codec.BinaryFromNative"), "codec.BinaryFromNative"),
        "orders.sr": ("avro", ln(src, "serde.Serialize"), "serde.Serialize"),
        "orders.raw": None,
    }


# ------------------------------------------------------------------------------------ robustness
def test_syntax_errors_become_warnings_and_the_rest_is_still_extracted():
    src = """\
package main

import "github.com/segmentio/kafka-go"

func broken( {
	x := := 1
}

func ok() {
	w := &kafka.Writer{Topic: "still-found"}
	w.WriteMessages(ctx, kafka.Message{Value: v})
}
"""
    facts = run(src, "svc/main.go")
    assert [e.topic.name for e in facts.endpoints] == ["still-found"]
    assert facts.endpoints[0].loc.line == ln(src, "w.WriteMessages")
    assert facts.warnings == [f"svc/main.go:{ln(src, 'func broken')}: part of this Go file did not parse; it was read as far as possible"]


def test_many_syntax_errors_give_one_warning_at_the_first():
    src = "package main\n" + "".join(f"func f{i}( {{ ) ]\n" for i in range(10))
    facts = run(src, "bad.go")
    assert facts.warnings == ["bad.go:2: part of this Go file did not parse; it was read as far as possible"]


def test_undecodable_bytes_and_garbage_never_raise():
    src = KAFKAGO_PRODUCER.replace('var region = "eu"', 'var region = "\xff"').encode("latin-1")
    facts = go_scan1("orders/producer.go", src)
    assert facts.warnings == [
        f"orders/producer.go:{ln(KAFKAGO_PRODUCER, 'var region')}: "
        "not valid UTF-8; undecodable bytes replaced"
    ]
    assert [e.topic.name for e in facts.endpoints] == ["orders"]
    for junk in (b"", b"\x00\x01\x02", b"package", b"}}}} sarama kafka-go ((((", bytes(range(256))):
        facts = go_scan1("x.go", junk)
        assert facts.endpoints == []
        assert facts.language == "go"


def test_a_300_line_file_extracts_its_endpoints_and_repeats_identically():
    parts = [SARAMA_GROUP, KAFKAGO_CONSUMER.split("import (")[1], CONFLUENT_CONSUMER.split("import (")[1]]
    src = parts[0] + "\n".join("/* " + p.replace("*/", "") + " */" for p in parts[1:])
    body = "\n".join(f"func helper{i}(x int) int {{\n\treturn x * {i}\n}}" for i in range(60))
    src = src + "\n" + body + "\n"
    assert src.count("\n") >= 300
    data = src.encode()
    first = go_scan1("ledger/big.go", data)
    facts = go_scan1("ledger/big.go", data)  # no state carried between runs (speed: benchmarks/, not a test)
    assert len(facts.endpoints) == 2
    assert facts == first


# ------------------------------------------------------------------------------------ end to end
def _graph_json(repo):
    from copilot.scan.repo import scan

    return scan(repo).graph.to_json()


def _edges(graph: dict) -> list[tuple[str, str, str, list[tuple[str, int]]]]:
    return sorted(
        (e["source"], e["kind"], e["target"], [(ev["path"], ev["line"]) for ev in e["evidence"]])
        for e in graph["edges"]
    )


ORDERS_SERVICE = {
    "orders/go.mod": "module github.com/acme/orders\n\ngo 1.22\n",
    "orders/internal/topics/topics.go": 'package topics\n\nconst (\n\tOrders = "orders"\n\tRefunds = "refunds"\n)\n',
    "orders/names.go": 'package orders\n\nconst AuditTopic = "orders.audit"\n',
    "orders/producer.go": """\
package orders

import (
	"context"
	"encoding/json"

	"github.com/acme/orders/internal/topics"
	"github.com/segmentio/kafka-go"
)

func Publish(ctx context.Context, id string, order any) error {
	w := &kafka.Writer{Addr: kafka.TCP("kafka:9092"), Topic: topics.Orders, RequiredAcks: kafka.RequireAll}
	b, _ := json.Marshal(order)
	if err := w.WriteMessages(ctx, kafka.Message{Key: []byte(id), Value: b}); err != nil {
		return err
	}
	audit := &kafka.Writer{Addr: kafka.TCP("kafka:9092"), Topic: AuditTopic}
	return audit.WriteMessages(ctx, kafka.Message{Value: b})
}
""",
}

PAYMENTS_SERVICE = {
    "payments/go.mod": "module github.com/acme/payments\n",
    "payments/main.go": """\
package main

import (
	"context"
	"os"

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
	cfg := sarama.NewConfig()
	g, _ := sarama.NewConsumerGroup([]string{"kafka:9092"}, "payments", cfg)
	for {
		_ = g.Consume(context.Background(), []string{"orders", os.Getenv("EXTRA_TOPIC")}, handler{})
	}
}
""",
}


def test_end_to_end_graph_of_two_go_services(make_repo):
    repo = make_repo({**ORDERS_SERVICE, **PAYMENTS_SERVICE})
    graph = _graph_json(repo)
    nodes = {n["id"]: n for n in graph["nodes"]}
    assert set(nodes) == {
        "service:orders",
        "service:payments",
        "topic:orders",
        "topic:orders.audit",
        'topic:<os.Getenv("EXTRA_TOPIC")>',
    }
    assert nodes['topic:<os.Getenv("EXTRA_TOPIC")>'].get("unresolved") is True
    producer, consumer = ORDERS_SERVICE["orders/producer.go"], PAYMENTS_SERVICE["payments/main.go"]
    consume = [("payments/main.go", ln(consumer, "g.Consume("))]
    assert _edges(graph) == sorted(
        [
            (
                "service:orders",
                "produces",
                "topic:orders",
                # the send (the writer it goes through holds the topic: a hop of the topic's chain)
                [("orders/producer.go", ln(producer, "w.WriteMessages("))],
            ),
            (
                "service:orders",
                "produces",
                "topic:orders.audit",
                [("orders/producer.go", ln(producer, "audit.WriteMessages("))],
            ),
            ("topic:orders", "consumes", "service:payments", consume),
            ('topic:<os.Getenv("EXTRA_TOPIC")>', "consumes", "service:payments", consume),
        ]
    )


def test_end_to_end_env_file_and_parameter_topics(make_repo):
    repo = make_repo(
        {
            "billing/Dockerfile": "FROM golang:1.22\n",
            "billing/.env": "INVOICES_TOPIC=invoices.v2\n",
            "billing/main.go": """\
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
""",
        }
    )
    graph = _graph_json(repo)
    assert _edges(graph) == sorted(
        [
            ("service:billing", "produces", "topic:invoices.v2", [("billing/main.go", 15)]),
            ("service:billing", "produces", "topic:billing.events", [("billing/main.go", 16)]),
        ]
    )


def test_handlers_without_a_client_import_closure_arguments_and_lag_reads():
    # the reader is built in another file of the package: the loop is still a handler
    src = """\
package fraud

import "context"

func (c *Consumer) loop(ctx context.Context) {
	for {
		m, err := c.reader.FetchMessage(ctx)
		if err != nil {
			return
		}
		c.score(m)
		c.reader.CommitMessages(ctx, m)
		lag.Set(float64(c.reader.Lag()))
	}
}
"""
    facts = run(src, "fraud/loop.go")
    assert facts.endpoints == []
    [loop] = facts.handlers
    assert (loop.kind, loop.name, loop.loc.line, loop.end_line) == (
        "poll-loop",
        "Consumer.loop",
        ln(src, "for {"),
        ln(src, "\t}\n}"),
    )
    assert calls(loop) == [
        ("process", "c.score", ln(src, "c.score")),
        ("commit-sync", "c.reader.CommitMessages", ln(src, "CommitMessages")),
        ("metrics", "lag.Set", ln(src, "lag.Set")),
        ("metrics", "c.reader.Lag", ln(src, "lag.Set")),
    ]
    assert facts.observability == []  # no Kafka client import: lag reads are not looked for

    closure = """\
package main

import (
	"time"

	"github.com/confluentinc/confluent-kafka-go/kafka"
)

func main() {
	c, _ := kafka.NewConsumer(&kafka.ConfigMap{"group.id": "g"})
	go func(topic string) {
		c.Subscribe(topic, nil)
		for {
			msg, err := c.ReadMessage(time.Second)
			if err == nil {
				handle(msg)
				c.Commit()
			}
		}
	}("jobs")
}
"""
    facts = run(closure, "main.go")
    [ep] = facts.endpoints
    assert (ep.topic.name, ep.topic.origin, ep.group, ep.handler) == ("jobs", "constant", "g", "main")  # the argument the literal is called with
    [loop] = facts.handlers
    assert calls(loop) == [
        ("process", "handle", ln(closure, "handle(msg)")),
        ("commit-sync", "c.Commit", ln(closure, "c.Commit()")),
    ]


def test_parameter_call_sites_must_match_the_arity():
    src = """\
package sink

import (
	"bytes"

	"github.com/segmentio/kafka-go"
)

type Sink struct{ buf bytes.Buffer }

func (s *Sink) Write(topic string, v []byte) *kafka.Writer {
	s.buf.Write(v)
	return &kafka.Writer{Topic: topic}
}

func (s *Sink) flush(v []byte) {
	s.Write("sink.out", nil).WriteMessages(ctx, kafka.Message{Value: v})
}
"""
    # `s.buf.Write(v)` (one argument) is no call site of `Write(topic, v)`
    eps = run(src, "sink/sink.go").endpoints
    assert [(e.topic.name, e.topic.via, e.loc.line) for e in eps] == [
        ("sink.out", [Loc("sink/sink.go", ln(src, 's.Write("sink.out"'))], ln(src, 's.Write("sink.out"')),
    ]


def test_topic_held_in_a_struct_field_set_by_its_constructor() -> None:

    src = b'''package bus

import "github.com/confluentinc/confluent-kafka-go/v2/kafka"

const TradesTopic = "trades.executed"

type Publisher struct {
	p     *kafka.Producer
	topic string
}

func NewPublisher(p *kafka.Producer) *Publisher {
	return &Publisher{p: p, topic: TradesTopic}
}

func (pub *Publisher) Publish(id string, payload []byte) error {
	return pub.p.Produce(&kafka.Message{
		TopicPartition: kafka.TopicPartition{Topic: &pub.topic, Partition: kafka.PartitionAny},
		Key:            []byte(id),
		Value:          payload,
	}, nil)
}
'''
    (ep,) = go_scan1("bus/producer.go", src).endpoints
    assert ep.role == "produce"
    assert (ep.topic.text, ep.topic.name, ep.topic.origin) == ("pub.topic", "trades.executed", "constant")
    # the field set by the constructor, then the constant it was given
    assert [v.line for v in ep.topic.via] == [13, 5]


def go_scan1(path: str, src: bytes):
    return go_scan({path: src}, path)
