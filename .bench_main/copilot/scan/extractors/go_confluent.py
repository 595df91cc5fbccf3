"""confluent-kafka-go: ``kafka.NewProducer`` / ``kafka.NewConsumer`` with a ``kafka.ConfigMap``.

- ConfigMap keys are Kafka property names already; values are kept as Kafka reads them
  (``false`` -> "false").  ``cfg.SetKey("acks", "all")`` on the map variable counts too.
- ``p.Produce(&kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic, ...}, ...}, ch)``
  is a producer endpoint at the message literal; ``awaits_ack`` is True when the delivery channel
  is read (``<-ch``) or the producer is flushed (``p.Flush(...)``), False when the channel is nil,
  else unknown.  ``p.ProduceChannel() <- msg`` is a producer endpoint too.
- ``c.SubscribeTopics([]string{...}, nil)`` / ``c.Subscribe("orders", nil)`` give one consumer
  endpoint per topic at the call; a topic starting with ``^`` is a regex subscription.
"""

from __future__ import annotations

import re

from tree_sitter import Node

from copilot.model.facts import Setting
from copilot.scan.extractors import go_ast as ga
from copilot.scan.extractors.go_context import Client, GoFile
from copilot.scan.extractors.go_format import value_format

LIBRARY = "confluent-kafka-go"
_IMPORT = re.compile(r"^github\.com/confluentinc/confluent-kafka-go(/v\d+)?/kafka$")


def extract(ctx: GoFile) -> None:
    aliases = {a for a, imp in ctx.index.imports.items() if _IMPORT.match(imp.path)}
    if not aliases:
        return
    producers = _clients(ctx, aliases, "NewProducer")
    consumers = _clients(ctx, aliases, "NewConsumer")
    _produce_calls(ctx, aliases, producers)
    _subscriptions(ctx, consumers)


def _clients(ctx: GoFile, aliases: set[str], constructor: str) -> list[Client]:
    clients = []
    for call in ctx.index.calls_by_name.get(constructor, []):
        receiver, _ = ga.callee(call)
        if receiver is None or ga.text(receiver) not in aliases:
            continue
        call_args = ga.args(call)
        settings = _config_map(ctx, call_args[0]) if call_args else {}
        client = Client(constructor, call, ctx.bound_names(call), settings)
        lit = ctx.literal_of(call_args[0]) if call_args else None
        if lit is not None and "group.id" in ga.keyed(lit):
            client.group = ctx.values.string(ga.keyed(lit)["group.id"][1])
        elif "group.id" in settings:
            client.group = settings["group.id"].value
        clients.append(client)
    return clients


def _config_map(ctx: GoFile, arg: Node) -> dict[str, Setting]:
    out: dict[str, Setting] = {}
    lit = ctx.literal_of(arg)
    if lit is not None:
        for key, (element, value) in ga.keyed(lit).items():
            out[key] = ctx.value_setting(key, "literal", value, element, key)
    var = ga.unwrap_ref(arg)
    if var is None or var.type != "identifier":
        return out
    fn = ctx.index.func_of(arg)
    for call in ctx.index.calls_by_name.get("SetKey", []):
        receiver, _ = ga.callee(call)
        call_args = ga.args(call)
        if (
            receiver is None
            or ga.text(receiver) != ga.text(var)
            or len(call_args) < 2
            or ctx.index.func_of(call) is not fn
            or call.start_byte > arg.start_byte
        ):
            continue
        key = ctx.values.string(call_args[0])
        if key is not None:
            out[key] = ctx.value_setting(key, "literal", call_args[1], call, key)
    return out


# ---- producers ---------------------------------------------------------------------------
def _produce_calls(ctx: GoFile, aliases: set[str], producers: list[Client]) -> None:
    flushed = {id(p) for p in producers if ctx.calls_on(p, {"Flush"}, len(producers) == 1)}
    for call in ctx.index.calls_by_name.get("Produce", []):
        receiver, _ = ga.callee(call)
        call_args = ga.args(call)
        if receiver is None or not call_args:
            continue
        msg = ctx.literal_of(call_args[0])
        if msg is None or ga.qualified(msg)[1] != "Message" or ga.qualified(msg)[0] not in aliases:
            continue
        client = GoFile.match(producers, receiver)
        awaits: bool | None = None
        if len(call_args) > 1:
            chan = ga.unwrap(call_args[1])
            read = chan is not None and chan.type != "nil" and _channel_read(ctx, call, ga.text(chan))
            if read or (client is not None and id(client) in flushed):
                awaits = True
            elif chan is not None and chan.type == "nil":
                awaits = False
        _message_endpoints(ctx, call, msg, receiver, client, awaits)
    for send in ctx.caps["send"]:
        channel = ga.unwrap(send.child_by_field_name("channel"))
        if channel is None or channel.type != "call_expression" or ga.callee(channel)[1] != "ProduceChannel":
            continue
        msg = ctx.literal_of(send.child_by_field_name("value"))
        if msg is None or ga.qualified(msg)[1] != "Message":
            continue
        receiver = ga.callee(channel)[0]
        client = GoFile.match(producers, receiver)
        awaits = True if client is not None and id(client) in flushed else None
        _message_endpoints(ctx, send, msg, receiver, client, awaits)


def _channel_read(ctx: GoFile, call: Node, chan: str) -> bool:
    fn = ctx.index.func_of(call)
    body = ga.text(fn.node if fn is not None else ctx.root)
    return re.search(r"<-\s*" + re.escape(chan) + r"\b", body) is not None or (
        re.search(r"range\s+" + re.escape(chan) + r"\b", body) is not None
    )


def _message_endpoints(
    ctx: GoFile, call: Node, msg: Node, receiver: Node | None, client: Client | None, awaits: bool | None
) -> None:
    fields = ga.keyed(msg)
    partition = ctx.literal_of(fields["TopicPartition"][1]) if "TopicPartition" in fields else None
    if partition is None:
        return
    topic_fields = ga.keyed(partition)
    if "Topic" not in topic_fields:
        return
    settings = dict(client.settings) if client is not None else {}
    if "Value" in fields:
        fmt = value_format(ctx, fields["Value"][1])
        if fmt is not None:
            settings[fmt.key] = fmt
    values = ctx.values.values(topic_fields["Topic"][1])
    ctx.produce_topics[call.start_byte] = [v.ref.name or v.ref.text for v in values]
    for value in values:
        ctx.add_endpoint(
            "produce",
            value,
            msg,
            LIBRARY,
            client=ga.text(receiver) if receiver is not None else None,
            key=ga.text(fields["Key"][1]) if "Key" in fields else None,
            value=ga.text(fields["Value"][1]) if "Value" in fields else None,
            settings=settings if len(values) == 1 else dict(settings),
            awaits_ack=awaits,
        )


# ---- consumers ---------------------------------------------------------------------------
def _subscriptions(ctx: GoFile, consumers: list[Client]) -> None:
    for method in ("SubscribeTopics", "Subscribe"):
        for call in ctx.index.calls_by_name.get(method, []):
            receiver, _ = ga.callee(call)
            call_args = ga.args(call)
            client = GoFile.match(consumers, receiver)
            if client is None or not call_args:
                continue
            group = client.group
            for value in ctx.values.values(call_args[0]):
                if value.ref.name is not None and value.ref.name.startswith("^"):
                    value.ref.pattern = True
                    value.ref.origin = "pattern"
                endpoint = ctx.add_endpoint(
                    "consume",
                    value,
                    call,
                    LIBRARY,
                    client=ga.text(receiver),
                    settings=dict(client.settings),
                    group=group,
                )
                ctx.link_reads(endpoint, client.names + [ga.text(receiver)])
