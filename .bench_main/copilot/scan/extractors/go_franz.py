"""twmb/franz-go (``kgo``): clients configured by option calls, records carrying their topic.

- ``kgo.ConsumeTopics(t1, t2, ...)`` anywhere (in ``kgo.NewClient(...)``, in a wrapper such as
  ``factory.NewClient(id, kgo.ConsumeTopics(t))``, or in an options slice) is one consumer endpoint
  per topic, at the option.  The options passed alongside it in the same call (or slice) are that
  client's settings: ``kgo.ConsumerGroup(g)`` (group.id), ``kgo.DisableAutoCommit()``,
  ``kgo.ConsumeResetOffset(kgo.NewOffset().AtStart())``, ``kgo.FetchIsolationLevel(...)``.
- ``c.Produce(ctx, rec, cb)`` / ``c.ProduceSync(ctx, recs...)`` / ``c.TryProduce(...)`` with a
  ``kgo.Record{Topic: ...}`` (directly, ``&rec``, or a variable holding the literal) is one producer
  endpoint per topic value, at the call.  A record with no ``Topic`` goes to the client's
  ``kgo.DefaultProduceTopic(t)`` option when this file configures exactly one.  Producer settings
  come from the options of this file's clients: ``kgo.RequiredAcks(kgo.AllISRAcks())`` (acks),
  ``kgo.DisableIdempotentWrite()`` (enable.idempotence false), ``kgo.ProducerLinger``,
  ``kgo.RecordRetries``.  ``ProduceSync`` waits for the broker; ``Produce`` with a callback
  awaits through the callback.
"""

from __future__ import annotations

from tree_sitter import Node

from copilot.model.facts import Setting
from copilot.scan.extractors import go_ast as ga
from copilot.scan.extractors.go_context import GoFile

LIBRARY = "franz-go"
IMPORT = "github.com/twmb/franz-go/pkg/kgo"
PRODUCE_METHODS = {"Produce", "ProduceSync", "TryProduce"}
ACKS = {"AllISRAcks": "all", "LeaderAck": "1", "NoAck": "0"}


def extract(ctx: GoFile) -> None:
    aliases = {a for a, imp in ctx.index.imports.items() if imp.path == IMPORT}
    if not aliases:
        return
    options = _option_calls(ctx, aliases)
    groups = _option_groups(options)
    producer_settings: dict[str, Setting] = {}
    default_topics: list[Node] = []
    for group in groups:
        settings = _settings(ctx, aliases, group)
        consume = [o for o in group if ga.callee(o)[1] == "ConsumeTopics"]
        for option in consume:
            for arg in ga.args(option):
                for value in ctx.values.values(arg):
                    ctx.add_endpoint(
                        "consume",
                        value,
                        option,
                        LIBRARY,
                        settings={k: v for k, v in settings.items() if k in _CONSUMER_KEYS},
                        group=settings["group.id"].value if "group.id" in settings else None,
                    )
        producer_settings.update({k: v for k, v in settings.items() if k in _PRODUCER_KEYS})
        default_topics.extend(a for o in group if ga.callee(o)[1] == "DefaultProduceTopic" for a in ga.args(o)[:1])
    _producers(ctx, aliases, producer_settings, default_topics)


_CONSUMER_KEYS = {"group.id", "enable.auto.commit", "auto.offset.reset", "isolation.level", "client.id"}
_PRODUCER_KEYS = {"acks", "enable.idempotence", "linger.ms", "retries", "client.id", "transactional.id"}


def _option_calls(ctx: GoFile, aliases: set[str]) -> list[Node]:
    out = []
    for calls in ctx.index.calls_by_name.values():
        for call in calls:
            receiver, _ = ga.callee(call)
            if receiver is not None and ga.text(receiver) in aliases:
                out.append(call)
    return sorted(out, key=lambda n: n.start_byte)


def _option_groups(options: list[Node]) -> list[list[Node]]:
    """Options written side by side: the arguments of one call, or the elements of one slice
    literal (``opts := []kgo.Opt{...}``); an option alone otherwise."""
    groups: dict[int, list[Node]] = {}
    for opt in options:
        parent = opt.parent
        if parent is not None and parent.type in ("argument_list", "literal_value", "literal_element"):
            if parent.type == "literal_element" and parent.parent is not None:
                parent = parent.parent
            groups.setdefault(parent.id, []).append(opt)
        else:
            groups.setdefault(opt.id, []).append(opt)
    return list(groups.values())


def _settings(ctx: GoFile, aliases: set[str], group: list[Node]) -> dict[str, Setting]:
    out: dict[str, Setting] = {}
    for opt in group:
        name = ga.callee(opt)[1]
        args = ga.args(opt)
        if name == "ConsumerGroup" and args:
            out["group.id"] = ctx.value_setting("group.id", "string", args[0], opt, name)
        elif name == "ClientID" and args:
            out["client.id"] = ctx.value_setting("client.id", "string", args[0], opt, name)
        elif name == "TransactionalID" and args:
            out["transactional.id"] = ctx.value_setting("transactional.id", "string", args[0], opt, name)
        elif name == "DisableAutoCommit":
            out["enable.auto.commit"] = ctx.setting("enable.auto.commit", "false", opt, name)
        elif name == "DisableIdempotentWrite":
            out["enable.idempotence"] = ctx.setting("enable.idempotence", "false", opt, name)
        elif name == "RequiredAcks" and args:
            inner = ga.unwrap(args[0])
            acks = ACKS.get(ga.callee(inner)[1]) if inner is not None and inner.type == "call_expression" else None
            out["acks"] = ctx.setting("acks", acks or ga.text(args[0]), opt, name)
        elif name == "ConsumeResetOffset" and args:
            text = ga.text(args[0])
            reset = "earliest" if "AtStart" in text else "latest" if "AtEnd" in text else text
            out["auto.offset.reset"] = ctx.setting("auto.offset.reset", reset, opt, name)
        elif name == "FetchIsolationLevel" and args:
            text = ga.text(args[0])
            level = "read_committed" if "ReadCommitted" in text else "read_uncommitted" if "ReadUncommitted" in text else text
            out["isolation.level"] = ctx.setting("isolation.level", level, opt, name)
    return out


def _producers(ctx: GoFile, aliases: set[str], settings: dict[str, Setting], default_topics: list[Node]) -> None:
    for method in sorted(PRODUCE_METHODS):
        for call in ctx.index.calls_by_name.get(method, []):
            receiver, _ = ga.callee(call)
            if receiver is None or ga.text(receiver) in aliases:
                continue
            records = [lit for arg in ga.args(call)[1:] if (lit := _record(ctx, aliases, arg)) is not None]
            if not records:
                continue
            awaits = True if method == "ProduceSync" or len(ga.args(call)) > 2 else None
            for rec in records:
                fields = ga.keyed(rec)
                topics = [fields["Topic"][1]] if "Topic" in fields else default_topics[:1] if len(default_topics) == 1 else []
                key = ga.text(fields["Key"][1]) if "Key" in fields else None
                val = ga.text(fields["Value"][1]) if "Value" in fields else None
                names: list[str] = []
                for topic in topics:
                    for value in ctx.values.values(topic):
                        names.append(value.ref.name or value.ref.text)
                        ctx.add_endpoint(
                            "produce",
                            value,
                            call,
                            LIBRARY,
                            client=ga.text(receiver),
                            key=key,
                            value=val,
                            settings=dict(settings),
                            awaits_ack=awaits,
                        )
                ctx.produce_topics.setdefault(call.start_byte, []).extend(names)


def _record(ctx: GoFile, aliases: set[str], arg: Node) -> Node | None:
    """The ``kgo.Record{...}`` literal an argument is (``&kgo.Record{}``, ``&rec``, ``rec``)."""
    lit = ctx.literal_of(arg)
    if lit is None:
        return None
    pkg, typ = ga.qualified(lit)
    return lit if pkg in aliases and typ == "Record" else None
