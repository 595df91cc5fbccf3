"""Classify the calls inside message-handling code (CallFact categories) and the record
fields it reads (FieldRead)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from copilot.model.facts import CallFact, FieldRead
from copilot.scan.extractors.jvm_context import FileCtx
from copilot.scan.extractors.jvm_ir import ClassDecl, Expr, Method

SEND_NAMES = {"send", "sendDefault", "sendAndAwait", "sendAndForget", "sendMessage", "sendMessageAndAwait",
              "sendMessageAndForget", "sendOffsetsToTransaction"}
WAITERS = {"get", "join", "await", "whenComplete", "whenCompleteAsync", "addCallback", "thenAccept",
           "thenAcceptAsync", "thenApply", "handle", "handleAsync", "exceptionally", "subscribe", "block",
           "onComplete", "invoke"}
TRANSPARENT = {"completable", "toCompletableFuture", "asDeferred", "toFuture"}
RECORD_ACCESSORS = {
    "value", "key", "topic", "partition", "offset", "headers", "timestamp", "timestampType", "leaderEpoch",
    "serializedKeySize", "serializedValueSize", "getPayload", "getHeaders", "payload", "getMetadata",
    "getKey", "getTopic", "getPartition", "getOffset", "getTimestamp", "getValue",
}
_DEAD_RE = re.compile(r"dlq|dlt|dead", re.I)
_SLEEP_RECEIVERS = {"Thread", "TimeUnit", "SECONDS", "MILLISECONDS", "MINUTES", "MICROSECONDS", "NANOSECONDS",
                    "HOURS", "DAYS", "Uninterruptibles"}
_RETRY_CLASSES = {"DefaultErrorHandler", "SeekToCurrentErrorHandler", "SeekToCurrentBatchErrorHandler",
                  "RecoveringBatchErrorHandler", "FixedBackOff", "ExponentialBackOff",
                  "ExponentialBackOffWithMaxRetries", "RetryTemplate", "CommonDelegatingErrorHandler",
                  "DefaultAfterRollbackProcessor", "RetryingBatchErrorHandler", "RetryTopicConfigurationBuilder"}
_DLT_CLASSES = {"DeadLetterPublishingRecoverer", "DeadLetterPublishingRecovererFactory"}
_SWALLOWING_CLASSES = {"CommonLoggingErrorHandler", "LoggingErrorHandler", "BatchLoggingErrorHandler"}
ERROR_HANDLER_CLASSES = _RETRY_CLASSES | _DLT_CLASSES | _SWALLOWING_CLASSES
ERROR_HANDLER_SETTERS = {"setCommonErrorHandler", "setErrorHandler", "setBatchErrorHandler", "setRetryTemplate",
                         "setRecoveryCallback", "setAfterRollbackProcessor"}
_BLOCKERS = {"block", "blockFirst", "blockLast", "blockOptional"}
_JDBC_METHODS = {"executeQuery", "executeUpdate", "executeBatch", "executeLargeUpdate"}
# variable names that say "this is a meter": suffixes, so `schemaRegistry` or `summaryService` do not count
_METRIC_SUFFIXES = ("meterregistry", "metrics", "counter", "timer", "histogram", "gauge", "meter")
_TRACE_SUFFIXES = ("tracer", "span", "tracing", "observation", "telemetry")
_METRIC_STATICS = {"Metrics", "Counter", "Timer", "DistributionSummary", "Gauge", "LongTaskTimer",
                   "KafkaClientMetrics", "KafkaStreamsMetrics", "MicrometerConsumerListener",
                   "MicrometerProducerListener"}
_TRACE_STATICS = {"Span", "GlobalOpenTelemetry", "Observation", "Context", "Baggage", "KafkaTelemetry",
                  "TracingConsumerInterceptor", "TracingProducerInterceptor"}
_TRIVIAL_RECEIVERS = {
    "String", "Objects", "Optional", "List", "Map", "Set", "Collections", "Arrays", "Math", "Duration",
    "Instant", "LocalDate", "LocalDateTime", "ZonedDateTime", "OffsetDateTime", "UUID", "System", "Integer",
    "Long", "Double", "Boolean", "BigDecimal", "Stream", "Collectors", "TimeUnit", "Pattern", "LoggerFactory",
    "Assert", "Preconditions", "Mono", "Flux", "CompletableFuture", "System.out", "System.err", "Thread",
    "Character", "Float", "Short", "Byte", "StringUtils", "ObjectUtils", "CollectionUtils", "Validate",
    "Serdes", "Consumed", "Produced", "Materialized", "Grouped", "Joined", "StreamJoined", "Named",
    "Branched", "Printed", "Repartitioned", "TimeWindows", "SessionWindows", "JoinWindows", "KeyValue",
    "MessageBuilder", "KafkaHeaders", "Clock", "ChronoUnit", "Locale", "Charset", "StandardCharsets",
}
# Kotlin standard-library functions called without a receiver
_TRIVIAL_FUNCTIONS = {
    "println", "print", "require", "requireNotNull", "check", "checkNotNull", "listOf", "mapOf", "setOf",
    "emptyList", "emptyMap", "emptySet", "lazy", "error", "TODO", "repeat", "mutableListOf", "mutableMapOf",
    "arrayOf", "with", "run", "maxOf", "minOf", "buildString", "buildList", "assert",
}
_TRIVIAL_METHODS = {
    "equals", "hashCode", "toString", "valueOf", "format", "of", "builder", "build", "stream", "map", "filter",
    "collect", "forEach", "toList", "size", "isEmpty", "isNotEmpty", "add", "put", "contains", "orElse",
    "orElseThrow", "ifPresent", "printf",
    "let", "also", "apply", "use", "takeIf", "takeUnless", "append", "length", "substring", "startsWith",
    "endsWith", "split", "trim", "lowercase", "uppercase", "toLowerCase", "toUpperCase", "toInt", "toLong",
    "toDouble", "compareTo", "name", "ordinal", "iterator", "hasNext", "next", "count", "sum", "first",
    "firstOrNull", "last", "joinToString", "mutableListOf", "arrayOf", "trimIndent", "copy", "addAll",
    "remove", "clear", "keys", "values", "entries", "containsKey", "getOrDefault", "getOrElse",
    "isPresent", "isBlank", "isNotBlank", "ifBlank", "ifEmpty", "repeat", "plus", "minus", "times",
    "currentTimeMillis", "nanoTime", "now", "ofMillis", "ofSeconds", "randomUUID", "requireNonNull",
    "emptySet", "singletonList", "asList", "close", "interrupt", "currentThread", "getAndIncrement",
    "incrementAndGet", "set", "poll", "wakeup", "withPayload", "setHeader", "mapNotNull", "flatMap",
    "forEachIndexed", "sortedBy", "groupBy", "associate", "associateBy", "any", "all", "none", "distinct",
}
_FACTORY_PREFIXES = ("of", "from", "valueOf", "create", "new", "parse", "with", "empty", "builder")
_GETTER_RE = re.compile(r"^(get|is)([A-Z]\w*)$")


@dataclass
class Scope:
    """The variables of a handler holding consumed records (``record``) or their values (``order``)."""

    records: set[str] = field(default_factory=set)
    values: set[str] = field(default_factory=set)
    listener: bool = True  # acknowledge() counts as a per-record commit


def call_name(e: Expr, depth: int = 0) -> str:
    """A short readable name: ``kafkaTemplate.send``, ``TimeUnit.SECONDS.sleep``, ``client.post().block``."""
    if e.kind == "new":
        return f"new {e.name}"
    recv = e.recv
    if recv is None or depth > 6:
        return e.name
    if recv.kind == "name":
        return f"{recv.name}.{e.name}"
    if recv.kind in ("call", "new"):
        return f"{call_name(recv, depth + 1)}().{e.name}"
    return f"{recv.text[:40]}.{e.name}"


def chain_root(e: Expr) -> Expr:
    cur = e
    while cur.recv is not None and cur.recv.kind in ("call", "new"):
        cur = cur.recv
    return cur


class CallClassifier:
    def __init__(self, ctx: FileCtx) -> None:
        self.ctx = ctx

    # ---- single calls -----------------------------------------------------------------

    def send_topic_expr(self, call: Expr) -> Expr | None:
        """The topic argument of a send: send(topic, ...) or send(new ProducerRecord<>(topic, ...))."""
        if not call.args:
            return None
        first = call.args[0]
        if first.kind == "new" and first.name.rsplit(".", 1)[-1] == "ProducerRecord" and first.args:
            return first.args[0]
        if len(call.args) >= 2:
            return first
        return None

    def categorize(self, call: Expr, cls: ClassDecl | None, m: Method, scope: Scope) -> CallFact | None:
        ctx = self.ctx
        name, recv = call.name, call.recv
        line = call.name_line or call.line
        cname = call_name(call)
        if call.kind == "new":
            base = call.name.rsplit(".", 1)[-1]
            if base in _DLT_CLASSES:
                return CallFact("dead-letter", base, line, _args_text(call))
            if base in _RETRY_CLASSES:
                return CallFact("retry", base, line, _args_text(call))
            if base in _SWALLOWING_CLASSES:
                return CallFact("error-swallowed", base, line, "logs and skips failed records")
            if base in ("KafkaClientMetrics", "KafkaStreamsMetrics", "MicrometerConsumerListener",
                        "MicrometerProducerListener"):
                return CallFact("metrics", base, line, "client metrics")
            return None
        recv_text = recv.name if recv is not None and recv.kind == "name" else ""
        kind = ctx.kind_of(recv, cls, m) if recv is not None else None
        if kind == "logger" or recv_text in ("System.out", "System.err"):
            return None
        # sleeps
        if name in ("sleep", "sleepUninterruptibly") and (
                recv_text.split(".")[0] in _SLEEP_RECEIVERS or recv_text in _SLEEP_RECEIVERS or recv is None):
            return CallFact("sleep", cname, line)
        if name == "delay" and recv is None and call.args:
            return CallFact("sleep", cname, line, "coroutine delay")
        # producing, waiting for acks, flushing
        if name == "send" and recv is not None and recv.kind == "call":
            channel = ctx.binding_channel(recv, cls, m)  # source.output().send(message)
            if channel is not None and channel.role == "produce":
                detail = channel.binding or recv.short
                return CallFact("dead-letter" if _DEAD_RE.search(detail) else "produce", cname, line, detail)
        if not call.args and ctx.binding_channel(call, cls, m) is not None:
            return None  # `source.output()`: the channel a send goes through
        if name in SEND_NAMES and kind in ("template", "producer", "bridge", "emitter"):
            topic_expr = self.send_topic_expr(call) if kind in ("template", "producer") else (
                call.args[0] if kind == "bridge" and call.args else None)
            topic = ""
            if topic_expr is not None:
                v = ctx.ev.value(topic_expr, cls, m)
                topic = v.value if v.value is not None else topic_expr.text
            if topic and _DEAD_RE.search(topic):
                return CallFact("dead-letter", cname, line, topic)
            return CallFact("produce", cname, line, topic)
        if name == "flush" and kind in ("template", "producer"):
            return CallFact("flush", cname, line)
        if name in ("get", "join", "await") and recv is not None and self.is_send(recv, cls, m):
            return CallFact("wait-ack", cname, line)
        # commits
        if name == "commitSync":
            return CallFact("commit-sync", cname, line)
        if name == "commitAsync":
            return CallFact("commit-async", cname, line)
        if name == "acknowledge" and (kind == "ack" or recv_text.lower().startswith("ack")):
            return CallFact("commit-sync" if scope.listener else "commit-async", cname, line)
        if name == "nack" and kind == "ack":
            return CallFact("retry", cname, line, "nack: redeliver")
        if name == "ack" and recv_text in scope.records:
            return CallFact("commit-async", cname, line)
        # blocking I/O
        if kind == "rest" and (call.args or not name.startswith(("get", "set"))):
            return CallFact("blocking-io", cname, line)
        if name in _BLOCKERS:
            return CallFact("blocking-io", cname, line)
        if kind == "http" and name in ("send", "execute"):
            return CallFact("blocking-io", cname, line)
        if name == "execute" and recv is not None and recv.kind == "call" and recv.name == "newCall":
            return CallFact("blocking-io", cname, line)
        if name in _JDBC_METHODS or kind == "jdbc" and name not in ("close", "setAutoCommit"):
            return CallFact("blocking-io", cname, line)
        # error handling wiring
        if name in ERROR_HANDLER_SETTERS:
            return CallFact("retry", cname, line, _args_text(call))
        # observability
        obs = self.observability(call, kind)
        if obs is not None:
            return CallFact(obs, cname, line)
        # record getters are field reads, not processing
        on_record = recv is not None and recv.kind == "name" and recv.name in scope.records | scope.values
        if on_record and (name in RECORD_ACCESSORS or _GETTER_RE.match(name) or name == "get"):
            return None
        if recv is not None and recv.kind in ("call", "new"):
            return None  # only the root of a call chain counts as a processing step
        if kind in ("webclient", "records", "record", "stream", "builder", "consumer"):
            return None
        if recv_text in _TRIVIAL_RECEIVERS or recv_text.split(".")[0] in _TRIVIAL_RECEIVERS:
            return None
        if name in _TRIVIAL_METHODS or (_GETTER_RE.match(name) and not call.args) or not name or (
                recv is None and name in _TRIVIAL_FUNCTIONS):
            return None
        if recv is not None and recv.kind not in ("name",):
            return None
        if recv_text[:1].isupper() and ctx.var(recv_text, cls, m) is None and name.startswith(_FACTORY_PREFIXES):
            return None  # BodyHandlers.ofString(), Instant.from(...): building a value, not processing
        return CallFact("process", cname, line)

    def observability(self, call: Expr, kind: str | None) -> str | None:
        recv = call.recv
        recv_text = recv.name if recv is not None and recv.kind == "name" else ""
        root = chain_root(call)
        root_recv = root.recv.name if root.recv is not None and root.recv.kind == "name" else ""
        if kind == "metrics" or recv_text in _METRIC_STATICS or root_recv in _METRIC_STATICS:
            return "metrics"
        if kind == "tracing" or recv_text in _TRACE_STATICS or root_recv in _TRACE_STATICS:
            return "tracing"
        if call.name in ("setObservationEnabled", "setMicrometerEnabled") or call.name.startswith("startSpan"):
            return "tracing" if "Observation" in call.name or "Span" in call.name else "metrics"
        low = (root_recv or recv_text).lower().rsplit(".", 1)[-1]
        if low and (call.name in ("increment", "inc", "observe", "recordCallable") or low.endswith(_METRIC_SUFFIXES)
                    or low == "registry"):
            return "metrics"
        if call.name in ("spanBuilder", "makeCurrent", "currentSpan", "nextSpan") or low.endswith(_TRACE_SUFFIXES):
            return "tracing"
        return None

    def is_send(self, e: Expr, cls: ClassDecl | None, m: Method) -> bool:
        cur: Expr | None = e
        while cur is not None and cur.kind == "call" and cur.name in TRANSPARENT:
            cur = cur.recv
        if cur is None:
            return False
        if cur.kind == "name" and "." not in cur.name:
            v = m.vars.get(cur.name)
            return v is not None and v.init is not None and v.init is not e and self.is_send(v.init, cls, m)
        return cur.kind == "call" and cur.name in SEND_NAMES and self.ctx.kind_of(cur.recv, cls, m) in (
            "template", "producer", "emitter")

    # ---- handler bodies ---------------------------------------------------------------

    def handler_calls(self, cls: ClassDecl | None, m: Method, start: int, end: int, scope: Scope,
                      only_lines: list[tuple[int, int]] | None = None, skip: set[int] | None = None) -> list[CallFact]:
        out: list[CallFact] = []
        seen: set[tuple[str, int]] = set()  # (category, id of the call chain's root): one fact per chain

        def inside(line: int) -> bool:
            if not start <= line <= end:
                return False
            return only_lines is None or any(a <= line <= b for a, b in only_lines)

        for call in m.calls:
            if not inside(call.name_line or call.line) or (skip and id(call) in skip):
                continue
            fact = self.categorize(call, cls, m, scope)
            if fact is not None and (fact.category, id(chain_root(call))) not in seen:
                seen.add((fact.category, id(chain_root(call))))
                out.append(fact)
        for c in m.catches:
            if c.empty and inside(c.line):
                out.append(CallFact("error-swallowed", f"catch ({' | '.join(c.types) or '?'})", c.line,
                                    "empty catch block"))
        out.sort(key=lambda f: f.line)
        return out

    def field_reads(self, m: Method, start: int, end: int, scope: Scope,
                    only_lines: list[tuple[int, int]] | None = None) -> list[FieldRead]:
        out: list[FieldRead] = []
        seen: set[tuple[str, int]] = set()

        def add(name: str, line: int) -> None:
            if name and (name, line) not in seen:
                seen.add((name, line))
                out.append(FieldRead(name, line))

        def inside(line: int) -> bool:
            return start <= line <= end and (only_lines is None or any(a <= line <= b for a, b in only_lines))

        def is_value(e: Expr | None) -> bool:
            if e is None:
                return False
            if e.kind == "name" and e.name in scope.values:
                return True
            return (e.kind == "call" and e.name in ("value", "getPayload", "payload", "getValue") and not e.args
                    and e.recv is not None and e.recv.kind == "name" and e.recv.name in scope.records) or (
                e.kind == "prop" and e.name in ("payload", "value") and e.recv is not None
                and e.recv.kind == "name" and e.recv.name in scope.records) or (
                e.kind == "name" and "." in e.name and e.name.split(".")[0] in scope.records
                and e.name.split(".")[1] in ("payload", "value") and len(e.name.split(".")) == 2)

        for call in m.calls:
            line = call.name_line or call.line
            if call.kind != "call" or not inside(line) or call.recv is None:
                continue
            if is_value(call.recv):
                g = _GETTER_RE.match(call.name)
                if g and not call.args:
                    add(g.group(2)[0].lower() + g.group(2)[1:], line)
                elif call.name in ("get", "getField", "hasField") and call.args and call.args[0].kind == "str":
                    add(call.args[0].value or "", line)
            elif call.recv.kind == "name" and "." in call.recv.name:
                head, second = call.recv.name.split(".")[:2]
                if head in scope.values:
                    add(second, line)
        for nav in m.navs:
            if not inside(nav.line):
                continue
            if nav.kind == "index" and is_value(nav.recv) and nav.args and nav.args[0].kind == "str":
                add(nav.args[0].value or "", nav.line)
            elif nav.kind == "prop" and is_value(nav.recv):
                add(nav.name, nav.line)
            elif nav.kind == "name" and "." in nav.name:
                parts = nav.name.split(".")
                if parts[0] in scope.values:
                    add(parts[1], nav.line)
                elif parts[0] in scope.records and len(parts) >= 3 and parts[1] in ("value", "payload"):
                    add(parts[2], nav.line)
        out.sort(key=lambda f: f.line)
        return out


def _args_text(call: Expr) -> str:
    text = " ".join(", ".join(a.text for a in call.args).split())
    return text if len(text) <= 120 else text[:117] + "..."
