"""IBM/Shopify sarama: ``ProducerMessage`` producers, consumer groups and partition consumers.

- Config: assignments like ``config.Producer.RequiredAcks = sarama.WaitForAll`` are settings of
  the config variable (see `go_settings.SARAMA`); a client built with ``sarama.NewSyncProducer(brokers,
  config)`` gets that variable's settings (``Producer.*`` ones for producers, ``Consumer.*`` ones
  for consumers).  When the config can't be traced, the file's config applies if it has just one;
  with several, the client gets no settings (unknown is better than another client's).
- ``&sarama.ProducerMessage{Topic: ..., Key: ..., Value: ...}`` is a producer endpoint at the
  literal; ``producer.SendMessage(msg)`` -> ``awaits_ack`` True, ``producer.Input() <- msg`` -> False.
- ``sarama.NewConsumerGroup(brokers, "group", config)`` + ``group.Consume(ctx, []string{...}, handler)``
  -> one consumer endpoint per topic at the Consume call, handler ``<Type>.ConsumeClaim``.
- ``consumer.ConsumePartition("orders", p, sarama.OffsetOldest)`` -> a consumer endpoint (no group).
- bsm/sarama-cluster ``cluster.NewConsumer(brokers, group, topics, config)`` -> one consumer per topic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from tree_sitter import Node

from copilot.model.facts import Setting
from copilot.scan.extractors import go_ast as ga
from copilot.scan.extractors.go_context import Client, GoFile, last_segment
from copilot.scan.extractors.go_format import value_format
from copilot.scan.extractors.go_settings import SARAMA, normalise

LIBRARY = "sarama"
IMPORTS = ("github.com/IBM/sarama", "github.com/Shopify/sarama")
CLUSTER_IMPORT = "github.com/bsm/sarama-cluster"
_ROOTS = ("Producer", "Consumer", "Net", "ClientID")
_PRODUCERS = {
    "NewSyncProducer": "sync",
    "NewAsyncProducer": "async",
    "NewSyncProducerFromClient": "sync",
    "NewAsyncProducerFromClient": "async",
}
_GROUPS = ("NewConsumerGroup", "NewConsumerGroupFromClient")
_CLIENT_LIBRARIES = ("sarama", "kafka-go", "confluent-kafka-go", "franz-go")
_CONSUMERS = ("NewConsumer", "NewConsumerFromClient")


def extract(ctx: GoFile) -> None:
    aliases = {a for a, imp in ctx.index.imports.items() if imp.path in IMPORTS}
    cluster = {a for a, imp in ctx.index.imports.items() if imp.path == CLUSTER_IMPORT}
    if not aliases and not cluster:
        return
    configs = _config_settings(ctx)
    _cluster_consumers(ctx, cluster, configs)
    _producers(ctx, aliases, configs)
    _groups(ctx, aliases, configs)
    _partition_consumers(ctx, aliases, configs)


# ---- config ------------------------------------------------------------------------------
Configs = dict[tuple[int, str], dict[str, Setting]]  # (function start byte or -1, variable) -> settings


def _config_settings(ctx: GoFile) -> Configs:
    configs: Configs = {}
    for stmt in ctx.caps["assign"]:
        if ga.text(stmt.child_by_field_name("operator")) != "=":
            continue
        left = ga.unwrap(stmt.child_by_field_name("left"))
        right = ga.unwrap(stmt.child_by_field_name("right"))
        if left is None or right is None or left.type != "selector_expression":
            continue
        raw = ga.text(left)
        parts = raw.split(".")
        start = next((i for i, p in enumerate(parts) if p in _ROOTS and i > 0), None)
        if start is None:
            continue
        path = ".".join(parts[start:])
        if path not in SARAMA:
            continue
        key, kind = SARAMA[path]
        fn = ctx.index.func_of(stmt)
        scope = fn.node.start_byte if fn is not None else -1
        side = parts[start]
        setting = ctx.value_setting(key, kind, right, stmt, raw)
        configs.setdefault((scope, ".".join(parts[:start])), {})[f"{side}:{key}"] = setting
    return configs


def _settings_for(ctx: GoFile, configs: Configs, arg: Node | None, side: str) -> dict[str, Setting]:
    """Settings of the config passed as `arg`, for one side ("Producer" or "Consumer").

    A config that can't be traced gets the file's settings only when the file builds one config:
    with several, no settings is better than another client's."""
    chosen = _trace_config(ctx, configs, arg) if arg is not None else None
    if chosen is None:
        chosen = list(next(iter(configs.values())).items()) if len(configs) == 1 else []
    out: dict[str, Setting] = {}
    other = "Consumer" if side == "Producer" else "Producer"
    for tagged, setting in chosen:
        if not tagged.startswith(other + ":"):
            out[setting.key] = setting
    return out


def _trace_config(ctx: GoFile, configs: Configs, arg: Node) -> list[tuple[str, Setting]] | None:
    arg = ga.unwrap_ref(arg)
    if arg is None:
        return None
    if arg.type == "call_expression":
        return _function_configs(ctx, configs, arg)
    name = ga.text(arg)
    fn = ctx.index.func_of(arg)
    scope = fn.node.start_byte if fn is not None else -1
    if (scope, name) in configs:
        return list(configs[(scope, name)].items())
    bindings = ctx.index.bindings_before(name, arg) if arg.type == "identifier" else []
    if bindings and bindings[-1].value is not None and bindings[-1].value.type == "call_expression":
        return _function_configs(ctx, configs, bindings[-1].value)
    return None


def _function_configs(ctx: GoFile, configs: Configs, call: Node) -> list[tuple[str, Setting]] | None:
    """``cfg := newSaramaConfig()``: the config settings made inside that function of this file."""
    receiver, name = ga.callee(call)
    for fn in ctx.index.funcs:
        if fn.simple == name and fn.is_method == (receiver is not None):
            found = [
                item
                for (scope, _), group in configs.items()
                if scope == fn.node.start_byte
                for item in group.items()
            ]
            return found or None
    return None


def _constructors(ctx: GoFile, aliases: set[str], names) -> list[Node]:
    out = []
    for name in names:
        for call in ctx.index.calls_by_name.get(name, []):
            receiver, _ = ga.callee(call)
            if receiver is not None and ga.text(receiver) in aliases:
                out.append(call)
    return sorted(out, key=lambda n: n.start_byte)


def _config_arg(ctx: GoFile, aliases: set[str], call: Node) -> Node | None:
    """The config argument of a constructor; for ``...FromClient(client)`` the client's config."""
    call_args = ga.args(call)
    if not call_args:
        return None
    _, name = ga.callee(call)
    if not name.endswith("FromClient"):
        return call_args[-1]
    client_names = {ga.text(call_args[-1])}
    for client_call in _constructors(ctx, aliases, ("NewClient",)):
        if set(ctx.bound_names(client_call)) & client_names and ga.args(client_call):
            return ga.args(client_call)[-1]
    return None


# ---- producers ---------------------------------------------------------------------------
def _producers(ctx: GoFile, aliases: set[str], configs: Configs) -> None:
    clients = []
    for call in _constructors(ctx, aliases, _PRODUCERS):
        settings = _settings_for(ctx, configs, _config_arg(ctx, aliases, call), "Producer")
        clients.append(Client(_PRODUCERS[ga.callee(call)[1]], call, ctx.bound_names(call), settings))
        ctx.export_factory(clients[-1])
    factories = ctx.factory_clients("factory", _CLIENT_LIBRARIES)
    for lit in ctx.caps["lit"]:
        pkg, typ = ga.qualified(lit)
        if pkg not in aliases or typ != "ProducerMessage":
            continue
        fields = ga.keyed(lit)
        if "Topic" not in fields:
            continue
        sends = _sends(ctx, lit)
        client = None
        awaits: bool | None = None
        if sends:
            send, receiver, sync = sends[0]
            named = GoFile.match(clients, receiver) if clients else None
            if named is None or len(clients) == 1 and not _same_name(named, receiver):
                # `svc.p, err = kafka.CreateKafkaProducer(...)` in this file: that factory's client
                named = next((f for f in factories if _same_name(f, receiver)), named)
            client = named
            awaits = sync
        elif clients:
            kinds = {c.kind for c in clients}
            awaits = True if kinds == {"sync"} else False if kinds == {"async"} else None
            client = clients[0] if len(clients) == 1 else None
        if client is not None:
            settings = dict(client.settings)
        elif sends or clients:  # sent through a client we can't tell apart from the others
            settings = {}
        else:  # the producer is built in another file: the config of this file, if only one
            settings = _settings_for(ctx, configs, None, "Producer")
        values = ctx.values.values(fields["Topic"][1])
        for send, _, _ in sends:
            ctx.produce_topics[send.start_byte] = [v.ref.name or v.ref.text for v in values]
        if "Value" in fields:
            fmt = value_format(ctx, fields["Value"][1])
            if fmt is not None:
                settings[fmt.key] = fmt
        client_name = ga.text(sends[0][1]) if sends else client.name if client else None
        for value in values:
            ctx.add_endpoint(
                "produce",
                value,
                lit,
                LIBRARY,
                client=client_name,
                key=ga.text(fields["Key"][1]) if "Key" in fields else None,
                value=ga.text(fields["Value"][1]) if "Value" in fields else None,
                settings=dict(settings),
                awaits_ack=awaits,
            )


def _same_name(client: Client, receiver: Node | None) -> bool:
    return receiver is not None and last_segment(ga.text(receiver)) in {last_segment(n) for n in client.names}


def _sends(ctx: GoFile, lit: Node) -> list[tuple[Node, Node, bool]]:
    """(send call or statement, producer receiver, synchronous?) for a ProducerMessage literal."""
    names = set(ctx.bound_names(lit))
    fn = ctx.index.func_of(lit)
    scope = fn.node if fn is not None else ctx.root
    index = _send_index(ctx)
    spans = []  # the literal and every node around it: a send whose argument holds the literal
    node: Node | None = lit
    while node is not None:
        spans.append((node.start_byte, node.end_byte))
        node = node.parent
    out: dict[int, tuple[Node, Node, bool]] = {}
    for sends, sync in ((index.calls, True), (index.channel, False)):
        candidates = set(sends.always)
        for span in spans:
            candidates.update(sends.by_span.get(span, ()))
        for name in names:
            candidates.update(sends.by_text.get(name, ()))
        for i in candidates:
            send, receiver = sends.items[i]
            if ga.inside(send, scope):
                out[send.start_byte] = (send, receiver, sync)
    return [out[k] for k in sorted(out)]


@dataclass
class _Sends:
    items: list[tuple[Node, Node]] = field(default_factory=list)  # (send, receiver)
    by_span: dict[tuple[int, int], list[int]] = field(default_factory=dict)  # the sent value's span
    by_text: dict[str, list[int]] = field(default_factory=dict)  # the sent variable's name
    always: list[int] = field(default_factory=list)  # `SendMessages`: sends whatever is in scope

    def add(self, send: Node, receiver: Node, value: Node, always: bool = False) -> None:
        i = len(self.items)
        self.items.append((send, receiver))
        self.by_span.setdefault((value.start_byte, value.end_byte), []).append(i)
        self.by_text.setdefault(ga.text(ga.unwrap_ref(value)), []).append(i)
        if always:
            self.always.append(i)


@dataclass
class _SendIndex:
    """Every send of the file, read once: each ProducerMessage literal looks its sends up instead
    of rescanning every send call of the file (quadratic in a file with thousands of them)."""

    calls: _Sends = field(default_factory=_Sends)  # producer.SendMessage(msg) / SendMessages(msgs)
    channel: _Sends = field(default_factory=_Sends)  # producer.Input() <- msg


_INDEXES: WeakKeyDictionary[GoFile, _SendIndex] = WeakKeyDictionary()


def _send_index(ctx: GoFile) -> _SendIndex:
    index = _INDEXES.get(ctx)
    if index is not None:
        return index
    index = _INDEXES[ctx] = _SendIndex()
    for method in ("SendMessage", "SendMessages"):
        for call in ctx.index.calls_by_name.get(method, []):
            receiver, _ = ga.callee(call)
            call_args = ga.args(call)
            if receiver is not None and call_args:
                index.calls.add(call, receiver, call_args[0], always=method == "SendMessages")
    for send in ctx.caps["send"]:
        channel = ga.unwrap(send.child_by_field_name("channel"))
        value = send.child_by_field_name("value")
        if channel is None or channel.type != "call_expression" or value is None:
            continue
        receiver, method = ga.callee(channel)
        if method == "Input" and receiver is not None:
            index.channel.add(send, receiver, value)
    return index


# ---- consumers ---------------------------------------------------------------------------
def _groups(ctx: GoFile, aliases: set[str], configs: Configs) -> None:
    groups: list[tuple[Client, Node | None]] = []
    for call in _constructors(ctx, aliases, _GROUPS):
        call_args = ga.args(call)
        _, name = ga.callee(call)
        group_arg = (
            call_args[1]
            if name == "NewConsumerGroup" and len(call_args) > 1
            else (call_args[0] if call_args else None)
        )
        settings = _settings_for(ctx, configs, _config_arg(ctx, aliases, call), "Consumer")
        if group_arg is not None:
            settings["group.id"] = ctx.value_setting("group.id", "string", group_arg, call, name)
        groups.append((Client("group", call, ctx.bound_names(call), settings), group_arg))
    if not groups:
        return
    clients = [g for g, _ in groups]
    for call in ctx.index.calls_by_name.get("Consume", []):
        receiver, _ = ga.callee(call)
        call_args = ga.args(call)
        client = GoFile.match(clients, receiver)
        if client is None or len(call_args) < 3:
            continue
        group_arg = next(arg for g, arg in groups if g is client)
        group = ctx.values.string(group_arg) if group_arg is not None else None
        handler = _handler_name(ctx, call_args[2])
        for value in ctx.values.values(call_args[1]):
            ctx.add_endpoint(
                "consume",
                value,
                call,
                LIBRARY,
                client=ga.text(receiver),
                settings=dict(client.settings),
                group=group,
                handler=handler,
            )


def _cluster_consumers(ctx: GoFile, aliases: set[str], configs: Configs) -> None:
    """bsm/sarama-cluster: ``cluster.NewConsumer(brokers, groupID, topics, config)`` consumes every
    topic of `topics` as group `groupID`, at the call."""
    for call in _constructors(ctx, aliases, ("NewConsumer",)):
        call_args = ga.args(call)
        if len(call_args) < 3:
            continue
        settings = _settings_for(ctx, configs, call_args[3] if len(call_args) > 3 else None, "Consumer")
        settings["group.id"] = ctx.value_setting("group.id", "string", call_args[1], call, "NewConsumer")
        group = settings["group.id"].value if not settings["group.id"].unresolved else None
        for value in ctx.values.values(call_args[2]):
            ctx.add_endpoint(
                "consume", value, call, "sarama-cluster", client=None, settings=dict(settings), group=group
            )


def _handler_name(ctx: GoFile, expr: Node) -> str | None:
    """``<Type>.ConsumeClaim`` for the ConsumerGroupHandler passed to Consume."""
    type_name = _type_of(ctx, expr)
    claims = [f for f in ctx.index.funcs if f.simple == "ConsumeClaim" and f.is_method]
    if type_name:
        return f"{type_name}.ConsumeClaim"
    if len(claims) == 1:
        return claims[0].name
    return None


def _type_of(ctx: GoFile, expr: Node, depth: int = 0) -> str | None:
    node = ga.unwrap_ref(expr)
    if node is None or depth > 3:
        return None
    if node.type == "composite_literal":
        return ga.literal_type(node).rsplit(".", 1)[-1]
    if node.type == "identifier":
        bindings = ctx.index.bindings_before(ga.text(node), node)
        if bindings and bindings[-1].value is not None:
            if bindings[-1].type is not None:
                return ga.text(bindings[-1].type).lstrip("*").rsplit(".", 1)[-1]
            return _type_of(ctx, bindings[-1].value, depth + 1)
        if bindings and bindings[-1].type is not None:
            return ga.text(bindings[-1].type).lstrip("*").rsplit(".", 1)[-1]
    if node.type == "call_expression":
        _, name = ga.callee(node)
        for fn in ctx.index.funcs:
            if fn.simple == name and not fn.is_method:
                result = fn.node.child_by_field_name("result")
                if result is not None and result.type in ("pointer_type", "type_identifier"):
                    return ga.text(result).lstrip("*").rsplit(".", 1)[-1]
    return None


def _partition_consumers(ctx: GoFile, aliases: set[str], configs: Configs) -> None:
    clients = []
    for call in _constructors(ctx, aliases, _CONSUMERS):
        settings = _settings_for(ctx, configs, _config_arg(ctx, aliases, call), "Consumer")
        clients.append(Client("consumer", call, ctx.bound_names(call), settings))
    for call in ctx.index.calls_by_name.get("ConsumePartition", []):
        receiver, _ = ga.callee(call)
        call_args = ga.args(call)
        if receiver is None or not call_args:
            continue
        client = GoFile.match(clients, receiver)
        settings = dict(client.settings) if client else _settings_for(ctx, configs, None, "Consumer")
        if len(call_args) > 2:
            offset = normalise("offset", call_args[2], ctx.values)
            if offset in ("earliest", "latest"):
                settings["auto.offset.reset"] = ctx.setting(
                    "auto.offset.reset", offset, call_args[2], "ConsumePartition"
                )
        for value in ctx.values.values(call_args[0]):
            endpoint = ctx.add_endpoint(
                "consume", value, call, LIBRARY, client=ga.text(receiver), settings=dict(settings)
            )
            ctx.link_reads(endpoint, ctx.bound_names(call))
