"""segmentio/kafka-go: ``kafka.Writer`` producers and ``kafka.NewReader`` consumers.

- A Writer literal (``kafka.Writer{...}``, ``&kafka.Writer{...}``, ``kafka.NewWriter(kafka.WriterConfig{...})``)
  with a ``Topic`` is one producer endpoint at the literal; key/value come from the first
  ``kafka.Message`` written through it (``w.WriteMessages(ctx, kafka.Message{...})``).  A Writer
  without ``Topic`` gives one producer endpoint per ``kafka.Message{Topic: ...}`` it writes (so does
  a WriteMessages call on a Writer built in another file, with no settings and ``awaits_ack`` None).
- ``Async: true`` -> ``awaits_ack`` False, else True (WriteMessages blocks until acknowledged).
- ``kafka.NewReader(kafka.ReaderConfig{...})`` is one consumer endpoint per ``Topic`` /
  ``GroupTopics`` entry, at the NewReader call.  With a GroupID, ``ReadMessage`` commits for you
  (``enable.auto.commit`` "true", at the ReadMessage line); ``FetchMessage`` + ``CommitMessages``
  is manual ("false", at the FetchMessage line).
"""

from __future__ import annotations

from tree_sitter import Node

from copilot.model.facts import Setting
from copilot.scan.extractors import go_ast as ga
from copilot.scan.extractors.go_context import Client, GoFile
from copilot.scan.extractors.go_format import value_format
from copilot.scan.extractors.go_settings import KAFKAGO_READER, KAFKAGO_WRITER
from copilot.scan.extractors.go_values import Value

LIBRARY = "kafka-go"
IMPORT = "github.com/segmentio/kafka-go"


def extract(ctx: GoFile) -> None:
    aliases = {a for a, imp in ctx.index.imports.items() if imp.path == IMPORT}
    if not aliases:
        return
    writers = _writers(ctx, aliases)
    used: set[Node] = set()
    for writer, fields in writers:
        used.update(_writer_endpoints(ctx, aliases, writer, fields, single=len(writers) == 1))
    _unknown_writers(ctx, aliases, used)
    readers = _readers(ctx, aliases)
    for reader, fields in readers:
        _reader_endpoints(ctx, reader, fields, single=len(readers) == 1)


def _settings(ctx: GoFile, fields: dict[str, tuple[Node, Node]], table: dict) -> dict[str, Setting]:
    out: dict[str, Setting] = {}
    for raw, (element, value) in fields.items():
        if raw in table:
            key, kind = table[raw]
            out[key] = ctx.value_setting(key, kind, value, element, raw)
    return out


def _config_literal(ctx: GoFile, aliases: set[str], call: Node, type_name: str) -> Node | None:
    receiver, _ = ga.callee(call)
    call_args = ga.args(call)
    if receiver is None or ga.text(receiver) not in aliases or not call_args:
        return None
    lit = ctx.literal_of(call_args[0])
    if lit is None or ga.qualified(lit)[1] != type_name:
        return None
    return lit


# ---- producers ---------------------------------------------------------------------------
def _writers(ctx: GoFile, aliases: set[str]) -> list[tuple[Client, dict]]:
    out = []
    for lit in ctx.caps["lit"]:
        pkg, typ = ga.qualified(lit)
        if pkg in aliases and typ == "Writer":
            out.append((lit, lit))
    for call in ctx.index.calls_by_name.get("NewWriter", []):
        lit = _config_literal(ctx, aliases, call, "WriterConfig")
        if lit is not None:
            out.append((call, lit))
    writers = []
    for anchor, lit in sorted(out, key=lambda p: p[0].start_byte):
        fields = ga.keyed(lit)
        client = Client("writer", anchor, ctx.bound_names(anchor), _settings(ctx, fields, KAFKAGO_WRITER))
        writers.append((client, fields))
    return writers


def _messages(ctx: GoFile, aliases: set[str], call: Node) -> list[Node]:
    """The ``kafka.Message`` literals a WriteMessages call writes."""
    out: list[Node] = []
    for arg in ga.args(call)[1:]:
        if arg.type == "variadic_argument":
            fn = ctx.index.func_of(call)
            scope = fn.node if fn is not None else ctx.root
            out.extend(
                lit
                for lit in ctx.caps["lit"]
                if _is_message(lit, aliases) and ga.inside(lit, scope) and lit.start_byte < call.start_byte
            )
            continue
        lit = ctx.literal_of(arg)
        if lit is not None and _is_message(lit, aliases):
            out.append(lit)
    return out


def _is_message(lit: Node, aliases: set[str]) -> bool:
    pkg, typ = ga.qualified(lit)
    return pkg in aliases and typ == "Message"


def _writer_endpoints(
    ctx: GoFile, aliases: set[str], writer: Client, fields: dict, single: bool
) -> list[Node]:
    """Endpoints of one Writer; returns the WriteMessages calls attributed to it."""
    awaits = ga.text(fields["Async"][1]) != "true" if "Async" in fields else True
    writes = ctx.calls_on(writer, {"WriteMessages"}, single)
    messages = [(call, msg) for call in writes for msg in _messages(ctx, aliases, call)]
    first = ga.keyed(messages[0][1]) if messages else {}
    if "Topic" in fields:
        values = ctx.values.values(fields["Topic"][1])
        names = [v.ref.name or v.ref.text for v in values]
        for call in writes:
            ctx.produce_topics[call.start_byte] = names
        for value in values:
            _produce(ctx, value, writer.node, writer.name, writer.settings, first, awaits)
        return writes
    _message_topics(ctx, messages, writer.name, writer.settings, awaits)
    return writes


def _unknown_writers(ctx: GoFile, aliases: set[str], used: set[Node]) -> None:
    """WriteMessages on a Writer made in another file: only ``Message{Topic: ...}`` names a topic."""
    for call in ctx.index.calls_by_name.get("WriteMessages", []):
        receiver, _ = ga.callee(call)
        if call in used or receiver is None:
            continue
        messages = [(call, msg) for msg in _messages(ctx, aliases, call)]
        _message_topics(ctx, messages, ga.text(receiver), {}, None)


def _message_topics(
    ctx: GoFile,
    messages: list[tuple[Node, Node]],
    client: str | None,
    writer_settings: dict[str, Setting],
    awaits: bool | None,
) -> None:
    for call, msg in messages:
        msg_fields = ga.keyed(msg)
        if "Topic" not in msg_fields:
            continue
        values = ctx.values.values(msg_fields["Topic"][1])
        ctx.produce_topics.setdefault(call.start_byte, []).extend(v.ref.name or v.ref.text for v in values)
        for value in values:
            _produce(ctx, value, msg, client, writer_settings, msg_fields, awaits)


def _produce(
    ctx: GoFile,
    value: Value,
    anchor: Node,
    client: str | None,
    writer_settings: dict[str, Setting],
    msg_fields: dict,
    awaits: bool | None,
) -> None:
    settings = dict(writer_settings)
    key = ga.text(msg_fields["Key"][1]) if "Key" in msg_fields else None
    val = ga.text(msg_fields["Value"][1]) if "Value" in msg_fields else None
    if "Value" in msg_fields:
        fmt = value_format(ctx, msg_fields["Value"][1])
        if fmt is not None:
            settings[fmt.key] = fmt
    ctx.add_endpoint(
        "produce",
        value,
        anchor,
        LIBRARY,
        client=client,
        key=key,
        value=val,
        settings=settings,
        awaits_ack=awaits,
    )


# ---- consumers ---------------------------------------------------------------------------
def _readers(ctx: GoFile, aliases: set[str]) -> list[tuple[Client, dict]]:
    readers = []
    for call in ctx.index.calls_by_name.get("NewReader", []):
        lit = _config_literal(ctx, aliases, call, "ReaderConfig")
        if lit is None:
            continue
        fields = ga.keyed(lit)
        client = Client("reader", call, ctx.bound_names(call), _settings(ctx, fields, KAFKAGO_READER))
        readers.append((client, fields))
    return readers


def _reader_endpoints(ctx: GoFile, reader: Client, fields: dict, single: bool) -> None:
    group = ctx.values.string(fields["GroupID"][1]) if "GroupID" in fields else None
    settings = dict(reader.settings)
    if "GroupID" in fields:
        reads = ctx.calls_on(reader, {"ReadMessage"}, single)
        fetches = ctx.calls_on(reader, {"FetchMessage"}, single)
        if reads:
            settings["enable.auto.commit"] = ctx.setting(
                "enable.auto.commit", "true", reads[0], "ReadMessage"
            )
        elif fetches:
            settings["enable.auto.commit"] = ctx.setting(
                "enable.auto.commit", "false", fetches[0], "FetchMessage"
            )
    values = []
    for name in ("Topic", "GroupTopics"):
        if name in fields:
            values.extend(ctx.values.values(fields[name][1]))
    for value in values:
        endpoint = ctx.add_endpoint(
            "consume", value, reader.node, LIBRARY, client=reader.name, settings=dict(settings), group=group
        )
        ctx.link_reads(endpoint, reader.names)
