"""Classifying the calls inside Go message-handling code into `CallFact` categories.

sleep (``time.Sleep``), blocking-io (``http.Get``/``Post``, ``client.Do``, ``db.Query``/``Exec``/
``QueryRow``...), commit-sync (``CommitMessages``, ``c.Commit``, ``CommitMessage``, ``sess.Commit``),
commit-async (``sess.MarkMessage``, ``StoreMessage``/``StoreOffsets``: offsets committed later in
the background), produce / dead-letter (a produce whose client or message mentions dlq/dlt/dead;
the topics it writes to are added when the endpoints are linked), metrics (prometheus
``.Inc()``/``.Observe(``..., lag reads ``r.Lag()``/``r.Stats()``), tracing (otel ``tracer.Start``,
``span.*``), error-swallowed (``if err != nil {}`` empty or only ``continue``), and process: any
other call except logging, fmt/errors/strings-style helpers, builtins, ``json.Unmarshal`` and
message accessors.
"""

from __future__ import annotations

import bisect
import re

from tree_sitter import Node

from copilot.lang import treesitter as ts
from copilot.lang.go_nodes import GoCode, callee, unwrap
from copilot.model.facts import CallFact

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
DEAD_LETTER = re.compile(r"dlq|dlt|dead(?!line)", re.I)
_ERR_CHECK = re.compile(r"^\s*(\w*err\w*)\s*!=\s*nil\s*$", re.I)


def classify(code: GoCode, region: Node, exclude: set[int]) -> list[CallFact]:
    """The categorised calls inside `region` (but the calls starting at the bytes in `exclude`),
    in line order."""
    found: list[tuple[int, CallFact]] = []
    for call in _within(code.nodes["call"], region):
        if call.start_byte in exclude:
            continue
        fact = _call_fact(call)
        if fact is not None:
            found.append((call.start_byte, fact))
    for send in _within(code.nodes["send"], region):
        channel = unwrap(send.child_by_field_name("channel"))
        if channel is not None and channel.type == "call_expression" and callee(channel)[1] in ("Input", "ProduceChannel"):
            found.append((send.start_byte, _produce_fact(send, ts.text(channel) + " <-")))
    for stmt in _within(code.nodes["if"], region):
        if _swallows_error(stmt):
            cond = ts.text(stmt.child_by_field_name("condition"))
            # ordered by the condition: `if err := commit(); err != nil {}` commits, then swallows
            at = stmt.child_by_field_name("condition").start_byte
            found.append((at, CallFact("error-swallowed", f"if {cond}", ts.line(stmt))))
    found.sort(key=lambda item: (item[1].line, item[0]))
    return [fact for _, fact in found]


def _within(nodes: list[Node], region: Node) -> list[Node]:
    starts = [n.start_byte for n in nodes]
    lo = bisect.bisect_left(starts, region.start_byte)
    hi = bisect.bisect_right(starts, region.end_byte)
    return [n for n in nodes[lo:hi] if n.end_byte <= region.end_byte]


def _last_segment(name: str) -> str:
    return name.rsplit(".", 1)[-1].strip()


def _call_fact(call: Node) -> CallFact | None:
    fn = unwrap(call.child_by_field_name("function"))
    if fn is None or fn.type not in ("identifier", "selector_expression"):
        return None  # func literals (their bodies are classified on their own), generics ...
    receiver, name = callee(call)
    text = ts.text(fn)
    line = ts.line(call)
    if receiver is None:
        return None if name in _BUILTINS else CallFact("process", text, line)
    recv = ts.text(receiver)
    pkg = recv if receiver.type == "identifier" else ""
    low = _last_segment(recv).lower()
    if pkg == "time":
        return CallFact("sleep", text, line) if name == "Sleep" else None
    if pkg == "http" and name in _HTTP:
        return CallFact("blocking-io", text, line, "http")
    if name == "Do" and ("client" in low or "http" in recv.lower()):
        return CallFact("blocking-io", text, line, "http")
    if name in _SQL:
        return CallFact("blocking-io", text, line, "sql")
    if name in ("Commit", "Rollback") and (low.endswith(("tx", "txn")) or "transaction" in low):
        return CallFact("blocking-io", text, line, "sql")
    if name in _COMMIT_SYNC:
        return CallFact("commit-sync", text, line)
    if name in _COMMIT_ASYNC:
        return CallFact("commit-async", text, line)
    if name in _PRODUCE:
        return _produce_fact(call, text)
    if name in ("Lag", "ReadLag", "Stats"):
        return CallFact("metrics", text, line, "lag")
    if name in _METRIC_ALWAYS or (name in _METRIC_NAMED and _METRIC_RECEIVER.search(recv)):
        return CallFact("metrics", text, line)
    if (name == "Start" and ("tracer" in recv.lower() or "otel.Tracer" in recv)) or low.endswith("span") or (name in ("Extract", "Inject") and "Propagator" in recv):
        return CallFact("tracing", text, line)
    if pkg in _QUIET_PACKAGES or name.startswith("Unmarshal"):
        return None
    if name in _LOG_METHODS and ("log" in recv.lower() or low in ("l", "lg", "sugar", "z")):
        return None
    if name in _ACCESSORS or name in ("ReadMessage", "FetchMessage", "Poll"):
        return None
    return CallFact("process", text, line)


def _produce_fact(node: Node, text: str) -> CallFact:
    return CallFact("dead-letter" if DEAD_LETTER.search(ts.text(node)) else "produce", text, ts.line(node))


def _swallows_error(stmt: Node) -> bool:
    if not _ERR_CHECK.match(ts.text(stmt.child_by_field_name("condition"))):
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
