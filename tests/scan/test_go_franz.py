"""twmb/franz-go (kgo): consumers from `kgo.ConsumeTopics` options passed through a wrapper, producers
from `Produce`/`ProduceSync` with `kgo.Record{Topic}`, and a topic built from a settings struct's
prefix whose default is set in another package."""

from __future__ import annotations

from copilot.scan.repo import scan

GO_MOD = """\
module example.com/shopfront
"""

CONF_CONF_GO = """\
package conf

type Shop struct {
	TopicPrefix string `yaml:"topicPrefix"`
}

func (c *Shop) SetDefaults() {
	c.TopicPrefix = "shopfront-"
}
"""

SHOP_CARTS_GO = """\
package shop

import (
	"context"

	"example.com/shopfront/conf"
	"github.com/twmb/franz-go/pkg/kgo"
)

type CartService struct {
	client    *kgo.Client
	topicName string
}

func NewCartService(cfg conf.Shop, factory *Factory) (*CartService, error) {
	topicName := cfg.TopicPrefix + "carts"
	client, err := factory.NewClient(
		"cart-service",
		kgo.ConsumeTopics(topicName),
		kgo.ConsumerGroup("cart-readers"),
		kgo.DisableAutoCommit(),
	)
	if err != nil {
		return nil, err
	}
	return &CartService{client: client, topicName: cfg.TopicPrefix + "carts"}, nil
}

func (s *CartService) publish(id string, body []byte) {
	rec := kgo.Record{
		Key:   []byte(id),
		Value: body,
		Topic: s.topicName,
	}
	s.client.Produce(context.Background(), &rec, func(r *kgo.Record, err error) {})
}

func (s *CartService) audit(body []byte) {
	s.client.ProduceSync(context.Background(), &kgo.Record{Topic: "cart-audit", Value: body})
}
"""

SHOP_FACTORY_GO = """\
package shop

import "github.com/twmb/franz-go/pkg/kgo"

type Factory struct{}

func (f *Factory) NewClient(id string, opts ...kgo.Opt) (*kgo.Client, error) {
	all := append([]kgo.Opt{kgo.ClientID(id), kgo.RequiredAcks(kgo.LeaderAck())}, opts...)
	return kgo.NewClient(all...)
}
"""


def test_franz_go_clients_topics_and_settings(make_repo) -> None:
    repo = make_repo(
        {
            "go.mod": GO_MOD,
            "conf/conf.go": CONF_CONF_GO,
            "shop/carts.go": SHOP_CARTS_GO,
            "shop/factory.go": SHOP_FACTORY_GO,
        }
    )
    result = scan(repo, use_cache=False)
    eps = {(e.role, e.topic_name, e.loc.line): e for e in result.endpoints}
    assert set(eps) == {
        ("consume", "shopfront-carts", 19),  # kgo.ConsumeTopics(topicName) in a wrapper call
        ("produce", "shopfront-carts", 35),  # Produce(ctx, &rec, cb) with rec.Topic = s.topicName
        ("produce", "cart-audit", 39),  # ProduceSync with an inline record
    }
    consumer = eps[("consume", "shopfront-carts", 19)]
    assert consumer.ep.library == "franz-go"
    assert consumer.ep.group == "cart-readers"
    assert {k: (s.value, s.loc.line) for k, s in consumer.settings.items()} == {
        "group.id": ("cart-readers", 20),
        "enable.auto.commit": ("false", 21),
    }
    # the prefix's default is cited where it is set (conf.SetDefaults), after the local definition
    assert [(v.path, v.line) for v in consumer.topic.via] == [("shop/carts.go", 16), ("conf/conf.go", 8)]
    producer = eps[("produce", "shopfront-carts", 35)]
    assert producer.ep.key == "[]byte(id)"
    assert producer.ep.awaits_ack is True  # a callback is passed
    g = result.graph
    service = f"service:{result.services.service_of('shop/carts.go')}"
    assert g.producers("topic:shopfront-carts") == g.consumers("topic:shopfront-carts") == [service]


def test_a_record_without_topic_goes_to_the_default_produce_topic(make_repo) -> None:
    src = """\
package main

import (
	"context"

	"github.com/twmb/franz-go/pkg/kgo"
)

func main() {
	cl, _ := kgo.NewClient(
		kgo.DefaultProduceTopic("clicks"),
		kgo.RequiredAcks(kgo.AllISRAcks()),
		kgo.DisableIdempotentWrite(),
	)
	cl.ProduceSync(context.Background(), &kgo.Record{Value: []byte("x")})
}
"""
    result = scan(make_repo({"go.mod": "module example.com/clicks\n", "main.go": src}), use_cache=False)
    [ep] = result.endpoints
    assert (ep.role, ep.topic_name, ep.loc.line) == ("produce", "clicks", 15)
    assert {k: s.value for k, s in ep.settings.items()} == {"acks": "all", "enable.idempotence": "false"}


def test_a_prefix_with_two_defaults_gives_one_edge_per_default_cited_at_it(make_repo) -> None:
    two = CONF_CONF_GO + '\nfunc (c *Shop) TestDefaults() {\n\tc.TopicPrefix = "test-"\n}\n'
    result = scan(
        make_repo(
            {
                "go.mod": GO_MOD,
                "conf/conf.go": two,
                "shop/carts.go": SHOP_CARTS_GO,
                "shop/factory.go": SHOP_FACTORY_GO,
            }
        ),
        use_cache=False,
    )
    consumers = sorted((e.topic_name, e.loc.path, e.loc.line) for e in result.endpoints if e.role == "consume")
    assert consumers == [
        ("shopfront-carts", "conf/conf.go", two.count("\n", 0, two.index('"shopfront-"')) + 1),
        ("test-carts", "conf/conf.go", two.count("\n", 0, two.index('"test-"')) + 1),
    ]
