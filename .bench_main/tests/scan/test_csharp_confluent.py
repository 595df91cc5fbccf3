"""C# Confluent.Kafka on small real repositories: builders, Produce/ProduceAsync, Subscribe,
ProducerConfig/ConsumerConfig settings carried from a factory to the endpoint, topics from
constants, env and configuration, and a review that sees a renamed consumer group."""

from __future__ import annotations

import json

from copilot.review.engine import review_change
from copilot.scan.repo import scan
from tests.conftest import commit

TOPICS_CS = """namespace Shop.Orders;

public static class Topics
{
    public const string Orders = "orders";
}
"""

FACTORY_CS = """using Confluent.Kafka;

namespace Shop.Orders.Kafka;

public static class ProducerFactory
{
    public static IProducer<string, string> Create(string servers)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = servers,
            Acks = Acks.All,
            EnableIdempotence = true,
        };
        return new ProducerBuilder<string, string>(config).SetKeySerializer(Serializers.Utf8).Build();
    }
}
"""

SERVICE_CS = """using Confluent.Kafka;

namespace Shop.Orders;

public class OrderService
{
    private readonly IProducer<string, string> _producer;

    public OrderService()
    {
        _producer = Kafka.ProducerFactory.Create("kafka:9092");
    }

    public async Task Publish(Order order, string json)
    {
        await _producer.ProduceAsync(Topics.Orders, new Message<string, string> { Key = order.Id, Value = json });
    }

    public void Audit(string json)
    {
        _producer.Produce(topic: $"{Topics.Orders}.audit", message: new Message<string, string> { Value = json });
    }
}
"""

CONSUMER_CS = """using Confluent.Kafka;

namespace Shop.Accounting;

internal class Consumer
{
    private static readonly string TopicName = Environment.GetEnvironmentVariable("ORDERS_TOPIC") ?? "orders";
    private readonly IConsumer<string, byte[]> _consumer;

    public Consumer()
    {
        _consumer = BuildConsumer();
        _consumer.Subscribe(TopicName);
    }

    private static IConsumer<string, byte[]> BuildConsumer()
    {
        var conf = new ConsumerConfig
        {
            GroupId = "accounting",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        };
        return new ConsumerBuilder<string, byte[]>(conf).Build();
    }
}
"""


def _repo(make_repo):
    return make_repo({
        "orders/Orders.csproj": "<Project Sdk=\"Microsoft.NET.Sdk\"/>\n",
        "orders/Topics.cs": TOPICS_CS,
        "orders/Kafka/ProducerFactory.cs": FACTORY_CS,
        "orders/OrderService.cs": SERVICE_CS,
        "accounting/Accounting.csproj": "<Project Sdk=\"Microsoft.NET.Sdk.Worker\"/>\n",
        "accounting/Consumer.cs": CONSUMER_CS,
    })


def _edge(graph, source, target, kind):
    return next(e for e in graph.to_json()["edges"] if (e["source"], e["target"], e["kind"]) == (source, target, kind))


def test_graph_joins_the_producer_and_the_consumer(make_repo):
    repo = _repo(make_repo)
    result = scan(repo, "HEAD", use_cache=False)
    g = result.graph
    produced = _edge(g, "service:orders", "topic:orders", "produces")
    assert produced["evidence"] == [{"path": "orders/OrderService.cs", "line": 16}]
    consumed = _edge(g, "topic:orders", "service:accounting", "consumes")
    assert consumed["evidence"] == [{"path": "accounting/Consumer.cs", "line": 13}]
    audit = _edge(g, "service:orders", "topic:orders.audit", "produces")
    assert audit["evidence"] == [{"path": "orders/OrderService.cs", "line": 21}]
    assert not result.blind_spots


def test_factory_settings_reach_the_endpoint_with_their_lines(make_repo):
    repo = _repo(make_repo)
    result = scan(repo, "HEAD", use_cache=False)
    [pub] = [e for e in result.endpoints if e.loc.line == 16]
    assert pub.ep.library == "confluent-kafka-dotnet"
    assert pub.setting("acks") == "all" and pub.settings["acks"].loc.line == 12
    assert pub.setting("enable.idempotence") == "true"
    assert pub.settings["acks"].loc.path == "orders/Kafka/ProducerFactory.cs"
    assert pub.ep.key == "order.Id"
    assert pub.topic.via[-1].path == "orders/Topics.cs" and pub.topic.via[-1].line == 5
    [sub] = [e for e in result.endpoints if e.role == "consume"]
    assert sub.setting("group.id") == "accounting" and sub.settings["group.id"].loc.line == 20
    assert sub.setting("auto.offset.reset") == "earliest"
    assert sub.setting("enable.auto.commit") == "false"
    assert (sub.topic.name, sub.topic.origin, sub.topic.pending.key) == ("orders", "env-default", "ORDERS_TOPIC")


def test_deployment_env_overrides_the_default(make_repo):
    repo = _repo(make_repo)
    commit(repo, {"accounting/.env": "ORDERS_TOPIC=orders-v2\n"})
    result = scan(repo, "HEAD", use_cache=False)
    [sub] = [e for e in result.endpoints if e.role == "consume"]
    assert sub.topic.name == "orders-v2"
    assert sub.topic.via[-1].path == "accounting/.env"


def test_subscribe_to_a_list_gives_one_edge_per_topic(make_repo):
    repo = make_repo({
        "audit/Audit.csproj": "<Project/>\n",
        "audit/Worker.cs": (
            "using Confluent.Kafka;\n"
            "class Worker {\n"
            "    void Run(ConsumerConfig config) {\n"
            "        using var c = new ConsumerBuilder<Ignore, string>(config).Build();\n"
            "        c.Subscribe(new[] { \"payments\", \"refunds\" });\n"
            "        c.Subscribe(new List<string> { \"chargebacks\" });\n"
            "    }\n"
            "}\n"
        ),
    })
    g = scan(repo, "HEAD", use_cache=False).graph
    consumed = {e["source"] for e in g.to_json()["edges"] if e["kind"] == "consumes"}
    assert consumed == {"topic:payments", "topic:refunds", "topic:chargebacks"}


def test_produce_on_an_unknown_client_needs_the_library_import(make_repo):
    """`Produce(a, b)` on something of another library is not a Kafka endpoint."""
    repo = make_repo({
        "svc/Svc.csproj": "<Project/>\n",
        "svc/Queue.cs": "class Q { void Run(IBus bus) { bus.Produce(\"kafka-like\", new Msg()); } }\n",
    })
    assert scan(repo, "HEAD", use_cache=False).endpoints == []


def test_unresolved_topic_keeps_the_expression(make_repo):
    repo = make_repo({
        "svc/Svc.csproj": "<Project/>\n",
        "svc/Pub.cs": "using Confluent.Kafka;\nclass Pub {\n    public void Send(IProducer<string,string> p, string topic) { p.Produce(topic, new Message<string,string>()); }\n}\n",
    })
    data = scan(repo, "HEAD", use_cache=False).graph.to_json()
    topic = next(n for n in data["nodes"] if n["kind"] == "topic")
    assert topic["unresolved"] is True and topic["name"] == "<topic>"


def test_renamed_group_with_earliest_reset_is_a_replay_finding(make_repo):
    repo = _repo(make_repo)
    commit(repo, {"accounting/Consumer.cs": CONSUMER_CS.replace('GroupId = "accounting"', 'GroupId = "accounting-v2"')})
    review = review_change(repo, "HEAD~1", "HEAD")
    found = [f for f in review.findings if f.rule == "consumer-group-change"]
    assert len(found) == 1
    f = found[0]
    assert "`accounting`" in f.reasoning and "`accounting-v2`" in f.reasoning and "earliest" in f.reasoning
    assert "replays" in f.reasoning
    assert any(c.path == "accounting/Consumer.cs" and c.start_line == 20 for c in f.citations)
    assert json.loads(json.dumps(review.to_json()))["findings"]


def test_subscribe_of_another_kind_is_not_an_endpoint(make_repo):
    """An Rx-style `Subscribe(handler)` in a file that also uses Confluent.Kafka names no topic."""
    repo = make_repo({
        "svc/Svc.csproj": "<Project/>\n",
        "svc/Events.cs": "using Confluent.Kafka;\nclass E {\n    void Run(IObservable<int> ticks) { ticks.Subscribe(t => Console.WriteLine(t)); }\n}\n",
    })
    assert scan(repo, "HEAD", use_cache=False).endpoints == []


def test_compose_pass_through_variable_keeps_the_code_default(make_repo):
    """`environment: [ORDERS_TOPIC]` in compose passes the variable through: it says nothing of
    its value, so the topic stays the code's default (not an empty name)."""
    repo = _repo(make_repo)
    commit(repo, {"compose.yaml": "services:\n  accounting:\n    build: accounting\n    environment:\n      - ORDERS_TOPIC\n      - ACCOUNTING_MODE=full\n"})
    result = scan(repo, "HEAD", use_cache=False)
    [sub] = [e for e in result.endpoints if e.role == "consume"]
    assert sub.topic.name == "orders"


def test_sends_know_whether_they_wait_for_the_broker(make_repo):
    repo = make_repo({
        "svc/Svc.csproj": "<Project/>\n",
        "svc/Pub.cs": (
            "using Confluent.Kafka;\n"
            "class Pub {\n"
            "    async Task Run(IProducer<string, string> p, Message<string, string> m) {\n"
            "        await p.ProduceAsync(\"awaited\", m);\n"
            "        p.Produce(\"handled\", m, r => Console.WriteLine(r.Status));\n"
            "        p.Produce(\"flushed\", m);\n"
            "        p.Flush(TimeSpan.FromSeconds(5));\n"
            "    }\n"
            "    void Fire(IProducer<string, string> p, Message<string, string> m) { p.Produce(\"fired\", m); }\n"
            "}\n"
        ),
    })
    acks = {e.topic.name: e.ep.awaits_ack for e in scan(repo, "HEAD", use_cache=False).endpoints}
    assert acks == {"awaited": True, "handled": True, "flushed": True, "fired": False}



def test_front_end_markers_join_the_candidate_grep(make_repo):
    """The scan's one `git grep` includes every front-end's markers (`ConsumerBuilder` names no Kafka word)."""
    from copilot.scan import gitfiles

    repo = make_repo({"svc/Worker.cs": "var c = new ConsumerBuilder<string, string>(config).Build();\n", "svc/Other.cs": "class Other {}\n"})
    assert gitfiles.grep_candidates(repo, "HEAD") == {"svc/Worker.cs"}
