"""Classifying the calls inside message-handling code into `CallFact` categories.

sleep (``time.Sleep``), blocking-io (``http.Get``/``Post``, ``client.Do``, ``db.Query``/``Exec``/
``QueryRow``...), commit-sync (``CommitMessages``, ``c.Commit``, ``CommitMessage``, ``sess.Commit``),
commit-async (``sess.MarkMessage``, ``StoreMessage``/``StoreOffsets``: offsets committed later in
the background), produce / dead-letter (a produce whose topic, client or message mentions
dlq/dlt/dead), metrics (prometheus ``.Inc()``/``.Observe(``..., lag reads ``r.Lag()``/``r.Stats()``), tracing (otel ``tracer.Start``,
``span.*``), error-swallowed (``if err != nil {}`` empty or only ``continue``), and process: any
other call except logging, fmt/errors/strings-style helpers, builtins, ``json.Unmarshal`` and
message accessors.
"""

from __future__ import annotations

import bisect
import re

from tree_sitter import Node

from copilot.model.facts import CallFact
from copilot.scan.extractors import go_ast as ga
from copilot.scan.extractors.go_context import GoFile, last_segment

_BUILTINS = {
    "len",
    "cap",
    "append",
    "make",
    "new",
    "copy",
    "delete",
    "panic",
    "recover",
    "print",
    "println",
    "close",
    "min",
    "max",
    "clear",
    "string",
    "int",
    "int32",
    "int64",
    "uint",
    "uint32",
    "uint64",
    "float32",
    "float64",
    "byte",
    "rune",
    "bool",
    "complex",
    "real",
    "imag",
}
_QUIET_PACKAGES = {
    "log",
    "fmt",
    "errors",
    "slog",
    "strings",
    "strconv",
    "bytes",
    "context",
    "sync",
    "atomic",
    "math",
    "sort",
    "slices",
    "maps",
    "unicode",
    "utf8",
    "json",
    "zap",
    "logrus",
    "zerolog",
    "reflect",
    "base64",
    "hex",
    "binary",
    "filepath",
    "path",
    "regexp",
    "uuid",
    "otel",
    "trace",
    "attribute",
    "codes",
}
_LOG_METHODS = {
    "Print",
    "Printf",
    "Println",
    "Fatal",
    "Fatalf",
    "Fatalln",
    "Panic",
    "Panicf",
    "Debug",
    "Debugf",
    "Debugw",
    "Info",
    "Infof",
    "Infow",
    "Warn",
    "Warnf",
    "Warnw",
    "Warning",
    "Warningf",
    "Error",
    "Errorf",
    "Errorw",
    "Log",
    "Logf",
    "With",
    "WithField",
    "WithFields",
    "WithError",
    "Msg",
    "Msgf",
}
_ACCESSORS = {
    "Error",
    "String",
    "Context",
    "Done",
    "Err",
    "Messages",
    "Events",
    "Bytes",
    "Now",
    "Since",
    "Unix",
    "Lock",
    "Unlock",
    "RLock",
    "RUnlock",
    "Wait",
    "Headers",
    "Topic",
    "Partition",
    "Offset",
    "Key",
    "Value",
    "Timestamp",
    "HighWaterMarkOffset",
    "Cancel",
    "WithLabelValues",
    "GetMetricWithLabelValues",
    "CurryWith",
}
_HTTP = {"Get", "Post", "Head", "PostForm"}
_SQL = {
    "Query",
    "QueryRow",
    "Exec",
    "QueryContext",
    "QueryRowContext",
    "ExecContext",
    "NamedExec",
    "NamedExecContext",
    "Prepare",
    "PrepareContext",
}
_COMMIT_SYNC = {"CommitMessages", "Commit", "CommitMessage", "CommitOffsets"}
_COMMIT_ASYNC = {"MarkMessage", "MarkOffset", "StoreMessage", "StoreOffsets"}
_PRODUCE = {"WriteMessages", "SendMessage", "SendMessages", "Produce"}
_METRIC_ALWAYS = {"Inc", "Dec", "Observe"}
_METRIC_NAMED = {"Add", "Set", "Sub"}
_METRIC_RECEIVER = re.compile(
    r"WithLabelValues|\.With\(|counter|gauge|histogram|summary|metric|total|lag", re.I
)
_DEAD_LETTER = re.compile(r"dlq|dlt|dead(?!line)", re.I)
_ERR_CHECK = re.compile(r"^\s*(\w*err\w*)\s*!=\s*nil\s*$", re.I)


def classify(ctx: GoFile, region: Node, exclude: set[Node]) -> list[CallFact]:
    """The categorised calls inside `region`, in line order."""
    found: list[tuple[int, CallFact]] = []
    for call in _within(ctx.caps["call"], region):
        if call in exclude:
            continue
        fact = _call_fact(ctx, call)
        if fact is not None:
            found.append((call.start_byte, fact))
    for send in _within(ctx.caps["send"], region):
        channel = ga.unwrap(send.child_by_field_name("channel"))
        if (
            channel is not None
            and channel.type == "call_expression"
            and ga.callee(channel)[1] in ("Input", "ProduceChannel")
        ):
            found.append((send.start_byte, _produce_fact(ctx, send, ga.text(channel) + " <-")))
    for stmt in _within(ctx.caps["if"], region):
        if _swallows_error(stmt):
            cond = ga.text(stmt.child_by_field_name("condition"))
            # ordered by the condition: `if err := commit(); err != nil {}` commits, then swallows
            at = stmt.child_by_field_name("condition").start_byte
            found.append((at, CallFact("error-swallowed", f"if {cond}", ga.line(stmt))))
    found.sort(key=lambda item: (item[1].line, item[0]))
    return [fact for _, fact in found]


def _within(nodes: list[Node], region: Node) -> list[Node]:
    starts = [n.start_byte for n in nodes]
    lo = bisect.bisect_left(starts, region.start_byte)
    hi = bisect.bisect_right(starts, region.end_byte)
    return [n for n in nodes[lo:hi] if n.end_byte <= region.end_byte]


def _call_fact(ctx: GoFile, call: Node) -> CallFact | None:
    fn = ga.unwrap(call.child_by_field_name("function"))
    if fn is None or fn.type not in ("identifier", "selector_expression"):
        return None  # func literals (their bodies are classified on their own), generics ...
    receiver, name = ga.callee(call)
    callee = ga.text(fn)
    line = ga.line(call)
    if receiver is None:
        if name in _BUILTINS:
            return None
        return CallFact("process", callee, line)
    recv = ga.text(receiver)
    pkg = recv if receiver.type == "identifier" else ""
    low = last_segment(recv).lower()
    if pkg == "time":
        return CallFact("sleep", callee, line) if name == "Sleep" else None
    if pkg == "http" and name in _HTTP:
        return CallFact("blocking-io", callee, line, "http")
    if name == "Do" and ("client" in low or "http" in recv.lower()):
        return CallFact("blocking-io", callee, line, "http")
    if name in _SQL:
        return CallFact("blocking-io", callee, line, "sql")
    if name in ("Commit", "Rollback") and (low.endswith(("tx", "txn")) or "transaction" in low):
        return CallFact("blocking-io", callee, line, "sql")
    if name in _COMMIT_SYNC:
        return CallFact("commit-sync", callee, line)
    if name in _COMMIT_ASYNC:
        return CallFact("commit-async", callee, line)
    if name in _PRODUCE:
        return _produce_fact(ctx, call, callee)
    if name in ("Lag", "ReadLag", "Stats"):
        return CallFact("metrics", callee, line, "lag")
    if name in _METRIC_ALWAYS or (name in _METRIC_NAMED and _METRIC_RECEIVER.search(recv)):
        return CallFact("metrics", callee, line)
    if (
        (name == "Start" and ("tracer" in recv.lower() or "otel.Tracer" in recv))
        or low.endswith("span")
        or (name in ("Extract", "Inject") and "Propagator" in recv)
    ):
        return CallFact("tracing", callee, line)
    if pkg in _QUIET_PACKAGES or name.startswith("Unmarshal"):
        return None
    if name in _LOG_METHODS and ("log" in recv.lower() or low in ("l", "lg", "sugar", "z")):
        return None
    if name in _ACCESSORS or name in ("ReadMessage", "FetchMessage", "Poll"):
        return None
    return CallFact("process", callee, line)


def _produce_fact(ctx: GoFile, node: Node, callee: str) -> CallFact:
    topics = ctx.produce_topics.get(node.start_byte, [])
    dead = any(_DEAD_LETTER.search(t) for t in topics) or bool(_DEAD_LETTER.search(ga.text(node)))
    return CallFact("dead-letter" if dead else "produce", callee, ga.line(node), ",".join(topics))


def _swallows_error(stmt: Node) -> bool:
    if not _ERR_CHECK.match(ga.text(stmt.child_by_field_name("condition"))):
        return False
    block = stmt.child_by_field_name("consequence")
    if block is None:
        return False
    statements: list[Node] = []
    for child in block.named_children:
        if child.type == "statement_list":
            statements.extend(c for c in child.named_children if c.type != "comment")
        elif child.type != "comment":
            statements.append(child)
    return all(s.type == "continue_statement" for s in statements)
