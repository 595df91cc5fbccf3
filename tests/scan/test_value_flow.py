"""Values that flow across files and through language idioms: a Go helper in another package that
returns an env var or a default, Kotlin scope functions around a client, Go CLI flag defaults."""

from __future__ import annotations

from copilot.scan.extractors.jvm import extract as extract_jvm
from copilot.scan.repo import scan

GO_MOD = "module example.com/billing\n"

TOPICS_GO = """\
package events

import "os"

var (
	InvoiceTopic = invoiceTopic()
	Retries      = 3
)

func invoiceTopic() string {
	if t := os.Getenv("INVOICE_TOPIC"); t != "" {
		return t
	}
	return "invoices"
}

// RefundTopic is read by every service that handles refunds.
func RefundTopic() string {
	if v, ok := os.LookupEnv("REFUND_TOPIC"); ok {
		return v
	}
	return "refunds"
}
"""

MAIN_GO = """\
package main

import (
	"example.com/billing/events"
	"github.com/IBM/sarama"
)

func publish(p sarama.SyncProducer, body []byte) {
	msg := &sarama.ProducerMessage{
		Topic: events.InvoiceTopic,
		Value: sarama.ByteEncoder(body),
	}
	p.SendMessage(msg)
	p.SendMessage(&sarama.ProducerMessage{Topic: events.RefundTopic(), Value: sarama.ByteEncoder(body)})
}
"""


def test_go_helper_in_another_package_returns_env_or_default(make_repo) -> None:
    repo = make_repo({"go.mod": GO_MOD, "events/topics.go": TOPICS_GO, "main.go": MAIN_GO})
    eps = {(e.loc.line, e.topic_name): e for e in scan(repo, use_cache=False).endpoints}
    assert set(eps) == {(9, "invoices"), (14, "refunds")}
    invoice = eps[(9, "invoices")]
    # the evidence goes through the package variable to the helper's default
    assert ("events/topics.go", 6) in [(v.path, v.line) for v in invoice.topic.via]


def test_go_helper_default_is_overridden_by_the_deployment_env(make_repo) -> None:
    repo = make_repo(
        {
            "go.mod": GO_MOD,
            "events/topics.go": TOPICS_GO,
            "main.go": MAIN_GO,
            ".env": "INVOICE_TOPIC=billing.invoices\n",
        }
    )
    names = sorted(e.topic_name for e in scan(repo, use_cache=False).endpoints)
    assert names == ["billing.invoices", "refunds"]


def test_go_helper_without_a_default_stays_unresolved(make_repo) -> None:
    no_default = TOPICS_GO.replace('\treturn "invoices"\n', '\treturn os.Getenv("OTHER")\n')
    repo = make_repo({"go.mod": GO_MOD, "events/topics.go": no_default, "main.go": MAIN_GO})
    eps = {e.loc.line: e for e in scan(repo, use_cache=False).endpoints}
    assert eps[9].topic.name is None and eps[9].topic_name == "<events.InvoiceTopic>"
    # the reason names the variable a deployment must set and where the trace ended
    assert eps[9].unresolved_reason == (
        "environment variable INVOICE_TOPIC is set in no env file of the service and has no default in code"
        " (followed to events/topics.go:11)"
    )
    assert eps[14].topic_name == "refunds"


KOTLIN_SCOPES = """\
package shop.audit

import org.apache.kafka.clients.consumer.KafkaConsumer
import java.util.Properties

val auditTopic: String = System.getenv("AUDIT_TOPIC") ?: "audit"

fun applied() {
    val props = Properties()
    props["group.id"] = "auditors"
    val consumer = KafkaConsumer<String, String>(props).apply {
        subscribe(listOf(auditTopic))
    }
}

fun also(props: Properties) {
    KafkaConsumer<String, String>(props).also { it.subscribe(listOf("audit-also")) }
}

fun within(consumer: KafkaConsumer<String, String>) {
    with(consumer) {
        subscribe(listOf("audit-with"))
    }
}

fun notAClient() {
    StringBuilder().apply { append("subscribe") }
}
"""


def test_kotlin_scope_functions_carry_their_object_as_receiver() -> None:
    path = "audit/src/main/kotlin/Audit.kt"
    facts = extract_jvm(path, KOTLIN_SCOPES.encode())
    got = {
        (e.loc.line, e.topic.text, e.topic.name or (e.topic.pending.default if e.topic.pending else None))
        for e in facts.endpoints
    }
    assert got == {
        (12, "auditTopic", "audit"),
        (17, '"audit-also"', "audit-also"),
        (22, '"audit-with"', "audit-with"),
    }
    applied = next(e for e in facts.endpoints if e.loc.line == 12)
    assert applied.group == "auditors"  # the constructor's settings reach the subscribe in `apply`


FACTORY_GO = """\
package events

import "github.com/IBM/sarama"

func NewPublisher(brokers []string) (sarama.AsyncProducer, error) {
	cfg := sarama.NewConfig()
	cfg.Producer.RequiredAcks = sarama.NoResponse
	cfg.Producer.Idempotent = false
	return sarama.NewAsyncProducer(brokers, cfg)
}
"""

SERVER_GO = """\
package main

import (
	"example.com/billing/events"
	"github.com/IBM/sarama"
)

type server struct {
	publisher sarama.AsyncProducer
}

func start(s *server) error {
	var err error
	s.publisher, err = events.NewPublisher([]string{"kafka:9092"})
	return err
}

func (s *server) emit(body []byte) {
	s.publisher.Input() <- &sarama.ProducerMessage{Topic: "billing", Value: sarama.ByteEncoder(body)}
}
"""


def test_client_settings_from_a_factory_in_another_package_reach_the_endpoint(make_repo) -> None:
    repo = make_repo({"go.mod": GO_MOD, "events/factory.go": FACTORY_GO, "server.go": SERVER_GO})
    [ep] = scan(repo, use_cache=False).endpoints
    assert (ep.topic_name, ep.loc.line) == ("billing", 19)
    got = {k: (s.value, s.loc.path, s.loc.line) for k, s in ep.settings.items() if k != "value.format"}
    assert got == {
        "acks": ("0", "events/factory.go", 7),
        "enable.idempotence": ("false", "events/factory.go", 8),
    }


CONSUMER_CONFIG_GO = """\
package consumer

import cluster "github.com/bsm/sarama-cluster"

type Configuration struct {
	Brokers []string
	Topic   string
	GroupID string
}

func (c *Configuration) NewConsumer() (*cluster.Consumer, error) {
	cfg := cluster.NewConfig()
	return cluster.NewConsumer(c.Brokers, c.GroupID, []string{c.Topic}, cfg)
}
"""

FLAGS_GO = """\
package app

import (
	"flag"

	"example.com/ingest/pkg/consumer"
	"github.com/spf13/viper"
)

const (
	prefix       = "ingest.kafka"
	suffixTopic  = ".topic"
	defaultTopic = "spans"
)

type Options struct {
	Topic string
}

func AddFlags(flags *flag.FlagSet) {
	flags.String(prefix+suffixTopic, defaultTopic, "the topic to read")
}

func (o *Options) InitFromViper(v *viper.Viper) {
	o.Topic = v.GetString(prefix + suffixTopic)
}

func (o *Options) Apply(c *consumer.Configuration) {
	c.Topic = o.Topic
}
"""


def test_sarama_cluster_topic_from_a_flag_default_through_a_settings_field(make_repo) -> None:
    # no go.mod: the whole repository is one module, so the binary under cmd/ fills pkg/'s config
    # through the assignment `c.Topic = o.Topic` (never by a field of the same name of another type)
    repo = make_repo({"pkg/consumer/config.go": CONSUMER_CONFIG_GO, "cmd/ingest/app/flags.go": FLAGS_GO})
    [ep] = scan(repo, use_cache=False).endpoints
    assert (ep.role, ep.ep.library, ep.topic_name, ep.loc.line) == ("consume", "sarama-cluster", "spans", 13)
    flags = "cmd/ingest/app/flags.go"
    via = [(v.path, v.line) for v in ep.topic.via]
    # the assignment, the viper read, the flag definition, the default's constant
    assert via[:3] == [(flags, 29), (flags, 25), (flags, 11)]
    assert (flags, FLAGS_GO[: FLAGS_GO.index('defaultTopic = "spans"')].count("\n") + 1) in via


def test_a_field_of_the_same_name_on_another_type_is_not_the_settings_field(make_repo) -> None:
    unrelated = FLAGS_GO[: FLAGS_GO.index("func (o *Options) Apply")]  # Options.Topic never reaches Configuration
    repo = make_repo({"pkg/consumer/config.go": CONSUMER_CONFIG_GO, "cmd/ingest/app/flags.go": unrelated})
    [ep] = scan(repo, use_cache=False).endpoints
    assert ep.topic.name is None


def test_a_settings_field_with_two_defaults_gives_one_edge_per_default(make_repo) -> None:
    other = FLAGS_GO.replace('defaultTopic = "spans"', 'defaultTopic = "other-spans"')
    repo = make_repo(
        {"pkg/consumer/config.go": CONSUMER_CONFIG_GO, "cmd/a/flags.go": FLAGS_GO, "cmd/b/flags.go": other}
    )
    eps = scan(repo, use_cache=False).endpoints
    # each binary's flag default, followed from the assignment that selects it (`c.Topic = o.Topic`)
    found = sorted((ep.topic_name, ep.loc.line, [(v.path, v.line) for v in ep.topic.via]) for ep in eps)
    assert [(name, line, via[0]) for name, line, via in found] == [
        ("other-spans", 13, ("cmd/b/flags.go", 29)),
        ("spans", 13, ("cmd/a/flags.go", 29)),
    ]
    assert all({path for path, _ in via} == {via[0][0]} for _, _, via in found)  # each within its binary


WRITER_GO = """\
package writer

import "github.com/IBM/sarama"

type Writer struct {
	producer sarama.SyncProducer
	topic    string
}

func NewWriter(producer sarama.SyncProducer, topic string) *Writer {
	return &Writer{producer: producer, topic: topic}
}

func (w *Writer) Write(body []byte) error {
	_, _, err := w.producer.SendMessage(&sarama.ProducerMessage{Topic: w.topic, Value: sarama.ByteEncoder(body)})
	return err
}
"""

WIRING_GO = """\
package main

import (
	"example.com/billing/writer"
	"github.com/IBM/sarama"
)

type options struct {
	Topic string
}

func (o *options) defaults() {
	o.Topic = getenv("AUDIT_TOPIC", "audit")
}

func wire(p sarama.SyncProducer, opts *options) *writer.Writer {
	return writer.NewWriter(p, opts.Topic)
}
"""

GETENV_GO = """\
package main

import "os"

func getenv(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}
"""


def test_a_parameter_filled_by_call_sites_in_another_package(make_repo) -> None:
    repo = make_repo(
        {"go.mod": GO_MOD, "writer/writer.go": WRITER_GO, "wiring.go": WIRING_GO + GETENV_GO[13:]}
    )
    [ep] = scan(repo, use_cache=False).endpoints
    assert (ep.topic_name, ep.loc.path, ep.loc.line) == ("audit", "writer/writer.go", 15)
    # followed to the settings field's default (the env helper's fallback) at its assignment
    assert ("wiring.go", 13) in [(v.path, v.line) for v in ep.topic.via]


def test_call_sites_that_disagree_give_one_edge_per_value_each_cited_at_its_call_site(make_repo) -> None:
    second = 'package jobs\n\nimport "example.com/billing/writer"\n\nfunc run() { writer.NewWriter(nil, "other") }\n'
    repo = make_repo(
        {
            "go.mod": GO_MOD,
            "writer/writer.go": WRITER_GO,
            "wiring.go": WIRING_GO + GETENV_GO[13:],
            "jobs/run.go": second,  # no client library in it: read because it calls NewWriter
        }
    )
    eps = scan(repo, use_cache=False).endpoints
    assert sorted((ep.topic_name, ep.loc.path, ep.loc.line) for ep in eps) == [
        ("audit", "wiring.go", 17),  # writer.NewWriter(p, opts.Topic)
        ("other", "jobs/run.go", 5),
    ]
    assert all(("writer/writer.go", 11) in [(v.path, v.line) for v in ep.topic.via] for ep in eps)
