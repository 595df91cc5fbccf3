"""Put each call inside message-handling code into a CallFact category a rule can reason about."""

from __future__ import annotations

import ast
import re

from copilot.model.facts import CallFact
from copilot.scan.extractors.py_clients import Client, Clients, named_like
from copilot.scan.extractors.py_context import Context
from copilot.scan.extractors.py_index import Scope, method_scope
from copilot.scan.extractors.py_source import arg, callee_text, dotted, kwarg, parent, root_name

SEND_METHODS = frozenset(
    {"produce", "send", "send_and_wait", "send_batch", "send_soon", "send_async", "cast", "ask"}
)
POLL_METHODS = frozenset({"poll", "consume", "receive", "getmany", "getone", "batch_receive"})
COMMIT_METHODS = frozenset(
    {"commit", "commit_async", "acknowledge", "acknowledge_cumulative", "store_offsets"}
)
ACK_WAIT_METHODS = frozenset({"get", "result", "add_callback", "add_both", "add_done_callback"})
METRIC_ROOTS = frozenset({"prometheus_client", "aioprometheus", "prometheus_async", "statsd", "datadog"})
TRACING_ROOTS = frozenset({"opentelemetry", "ddtrace", "opentracing", "jaeger_client"})
LAG_METHODS = frozenset({"get_watermark_offsets", "highwater", "end_offsets", "highwaters"})
DB_CONNECT = frozenset(
    {
        "psycopg2.connect",
        "psycopg.connect",
        "sqlite3.connect",
        "pymysql.connect",
        "mysql.connector.connect",
        "pymongo.MongoClient",
    }
)
BLOCKING_ROOTS = frozenset({"requests", "urllib3", "subprocess"})
# calls that read data or are plumbing, not processing
ACCESSORS = frozenset(
    {
        "value", "key", "error", "topic", "partition", "offset", "headers", "timestamp", "data", "properties",
        "message_id", "partition_key", "code", "name", "get", "items", "keys", "values", "append", "extend",
        "encode", "decode", "strip", "split", "lower", "upper", "format", "startswith", "endswith", "replace",
        "join", "pop", "setdefault", "copy", "labels", "is_set", "isoformat", "str", "retriable", "fatal",
        "json", "raise_for_status",
    }
)  # fmt: skip
BUILTINS = frozenset(
    {
        "len", "str", "int", "float", "bool", "dict", "list", "set", "tuple", "isinstance", "range", "enumerate",
        "min", "max", "sum", "sorted", "repr", "getattr", "hasattr", "setattr", "zip", "any", "all", "print",
        "type", "round", "abs", "iter", "next", "id", "hash", "format", "bytes", "super", "vars", "pprint",
    }
)  # fmt: skip
PLUMBING = frozenset(
    {
        "json.loads", "json.dumps", "json.load", "json.dump", "time.time", "time.monotonic", "time.perf_counter",
        "datetime.now", "datetime.utcnow", "datetime.datetime.now", "datetime.datetime.utcnow", "uuid.uuid4",
        "warnings.warn", "traceback.print_exc", "traceback.format_exc",
    }
)  # fmt: skip
RETRY_DECORATORS = ("retry", "on_exception", "on_predicate", "retrying")
_LOGGER = re.compile(r"^_*(log|logger|logging|structlog)$", re.IGNORECASE)
_DEAD_LETTER = re.compile(r"dlq|dead|dlt|error", re.IGNORECASE)
_LAG = re.compile(r"(?<![a-z])lag(?![a-z])|_lag|lag_", re.IGNORECASE)


def is_logging(name: str) -> bool:
    parts = name.split(".")
    if parts[0] in ("self", "cls") and len(parts) > 1:
        parts = parts[1:]
    return bool(_LOGGER.match(parts[0].removesuffix("()"))) if parts else False


def send_topic(
    call: ast.Call, client: Client | None, scope: Scope, clients: Clients
) -> tuple[ast.expr | None, Scope]:
    """The topic expression a send goes to (for a faust topic/agent or pulsar producer: its definition)."""
    if client is not None and client.ctor is not None and client.scope is not None:
        if client.kind == "Topic" or (client.library == "pulsar" and client.role == "produce"):
            return arg(client.ctor, 0, "topic"), client.scope
        if client.kind == "Agent":
            channel = arg(client.ctor, 0, "channel")
            topic = clients.client_of(channel, client.scope) if channel is not None else None
            if (
                topic is not None
                and topic.kind == "Topic"
                and topic.ctor is not None
                and topic.scope is not None
            ):
                return arg(topic.ctor, 0, "topic"), topic.scope
            return channel, client.scope
    if isinstance(call.func, ast.Attribute) and call.func.attr == "send_batch":  # aiokafka (batch, topic)
        return arg(call, 1, "topic"), scope
    return arg(call, 0, "topic"), scope


class Categorizer:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.index = ctx.index
        self.clients = ctx.clients
        self.metric_vars = self._metric_vars()
        imported = ctx.clients.libraries_imported
        self.only_library = next(iter(imported)) if len(imported) == 1 else None

    def _metric_vars(self) -> dict[str, str]:
        """Variables bound to a metrics object -> the metric's name (for lag detection)."""
        out: dict[str, str] = {}
        scopes = [self.index.module, *self.index.classes]
        for scope in scopes:
            groups = list(scope.assigns.values()) + list(scope.self_assigns.values())
            for assigns in groups:
                for asg in assigns:
                    value = asg.value
                    if not isinstance(value, ast.Call):
                        continue
                    qualified = self.index.qualified_call(value.func)
                    is_metric = qualified.split(".")[0] in METRIC_ROOTS or qualified.startswith(
                        "opentelemetry.metrics"
                    )
                    is_meter = (  # opentelemetry: meter.create_counter(...)
                        isinstance(value.func, ast.Attribute)
                        and value.func.attr.startswith("create_")
                        and "meter" in (dotted(value.func.value) or "").lower()
                    )
                    if is_metric or is_meter:
                        out[asg.name] = str(getattr(value.args[0], "value", "")) if value.args else ""
        return out

    # ------------------------------------------------------------------ handler calls
    def categorize(self, call: ast.Call, scope: Scope) -> CallFact | None:
        func = call.func
        name = callee_text(func)
        qualified = self.index.qualified_call(func)  # "" for a chain through a call: requests.post().json
        method = func.attr if isinstance(func, ast.Attribute) else None
        receiver = func.value if isinstance(func, ast.Attribute) else None
        line = call.lineno
        if is_logging(name) or name in ("print", "pprint") or self._is_exception(call, name):
            return None
        if qualified in ("time.sleep", "asyncio.sleep", "gevent.sleep", "trio.sleep"):
            return CallFact("sleep", name, line)
        if self._blocking(call, qualified, method, receiver, scope):
            return CallFact("blocking-io", name, line)
        if qualified.split(".")[0] in ("tenacity", "backoff"):
            return CallFact("retry", name, line)
        if receiver is not None and method is not None:
            fact = self._client_call(call, name, method, receiver, scope)
            if fact is not False:
                return fact  # type: ignore[return-value]
        observed = self.observe(call, scope)
        if observed is not None:
            return CallFact("metrics" if observed == "lag" else observed, name, line)
        if name in BUILTINS or qualified in PLUMBING or (method in ACCESSORS):
            return None
        target = self.same_file_function(call, scope)
        if target is not None and _has_retry_decorator(target):
            return CallFact("retry", name, line)
        return CallFact("process", name, line)

    @staticmethod
    def _is_exception(call: ast.Call, name: str) -> bool:
        return isinstance(parent(call), ast.Raise) or name.endswith(("Error", "Exception"))

    def _blocking(
        self, call: ast.Call, qualified: str, method: str | None, receiver: ast.expr | None, scope: Scope
    ) -> bool:
        root = qualified.split(".")[0]
        if root in BLOCKING_ROOTS or qualified.startswith("urllib.request.") or qualified in DB_CONNECT:
            return True
        if root == "httpx" and "Async" not in qualified:
            return True
        if qualified == "socket.create_connection" or (
            method == "connect" and receiver is not None and "sock" in callee_text(receiver).lower()
        ):
            return True
        if method in ("execute", "executemany", "fetchall", "fetchone"):
            return True
        if method is not None and isinstance(
            receiver, ast.Name
        ):  # session = requests.Session(); session.get(...)
            origin = self._bound_call(receiver, scope)
            if origin and (origin.split(".")[0] in ("requests", "urllib3") or origin == "httpx.Client"):
                return True
        return False

    def _bound_call(self, name: ast.Name, scope: Scope) -> str | None:
        found = self.index.lookup(name.id, scope, name.lineno)
        if found is None or found[0] != "assign":
            return None
        value = found[1][-1].value  # type: ignore[index]
        return self.index.qualified_call(value.func) if isinstance(value, ast.Call) else None

    def _client_call(
        self, call: ast.Call, name: str, method: str, receiver: ast.expr, scope: Scope
    ) -> CallFact | None | bool:
        """A call on a Kafka/faust/pulsar client; False when the receiver is not a client."""
        interesting = method in SEND_METHODS or method in COMMIT_METHODS or method in POLL_METHODS
        interesting = interesting or method in ("flush", "create_batch", *ACK_WAIT_METHODS)
        if not interesting:
            return False
        client = self.clients.client_of(receiver, scope)
        text = callee_text(receiver).lower()
        line = call.lineno
        consumer = (client is not None and client.role == "consume") or (
            client is None and named_like(text, "consume")
        )
        producer = (client is not None and client.role in ("produce", "topic", "agent")) or (
            client is None and named_like(text, "produce")
        )
        if method in COMMIT_METHODS and consumer:
            return self._commit(call, name, method, client)
        if method in COMMIT_METHODS and method == "commit" and re.search(r"conn|db|cursor|session|tx", text):
            return CallFact("blocking-io", name, line)
        if method in SEND_METHODS and client is None:
            channel = self.clients.imported_send(call, scope)  # an agent/topic of another module
            if channel is not None:
                category = "dead-letter" if _DEAD_LETTER.search(channel) else "produce"
                return CallFact(category, name, line, channel)
        if method in SEND_METHODS and producer:
            topic_expr, topic_scope = send_topic(call, client, scope, self.clients)
            topic_text = self.ctx.text(topic_expr) or ""
            resolved = (
                self.ctx.resolver.resolve_one(topic_expr, topic_scope).name
                if topic_expr is not None
                else None
            )
            label = resolved or topic_text
            category = "dead-letter" if _DEAD_LETTER.search(f"{topic_text} {resolved or ''}") else "produce"
            return CallFact(category, name, line, label)
        if method == "flush" and producer:
            return CallFact("flush", name, line)
        if method == "create_batch" and producer:
            return None  # aiokafka: an empty batch to fill, sent by send_batch
        if method in POLL_METHODS and consumer:
            return None
        if method in ACK_WAIT_METHODS and self._is_send_future(receiver, scope):
            return CallFact("wait-ack", name, line)
        return False

    def _commit(self, call: ast.Call, name: str, method: str, client: Client | None) -> CallFact:
        line = call.lineno
        if method == "commit_async":
            return CallFact("commit-async", name, line)
        if method in ("acknowledge", "acknowledge_cumulative", "store_offsets"):
            return CallFact("commit-async", name, line, method)
        flag = kwarg(call, "asynchronous")
        if flag is not None:
            text = self.ctx.text(flag) or ""
            is_async = not (isinstance(flag, ast.Constant) and not flag.value)
            return CallFact("commit-async" if is_async else "commit-sync", name, line, f"asynchronous={text}")
        library = client.library if client is not None else self.only_library
        if library == "confluent-kafka":
            # confluent-kafka's Consumer.commit() defaults to asynchronous=True.
            return CallFact("commit-async", name, line, "asynchronous=True (default)")
        return CallFact("commit-sync", name, line)

    def _is_send_future(self, receiver: ast.expr, scope: Scope) -> bool:
        if isinstance(receiver, ast.Await):
            receiver = receiver.value
        if isinstance(receiver, ast.Call):
            func = receiver.func
            return isinstance(func, ast.Attribute) and func.attr in SEND_METHODS
        if isinstance(receiver, ast.Name):
            found = self.index.lookup(receiver.id, scope, receiver.lineno)
            if found is not None and found[0] == "assign":
                value = found[1][-1].value  # type: ignore[index]
                if isinstance(value, ast.Await):
                    value = value.value
                return (
                    isinstance(value, ast.Call)
                    and isinstance(value.func, ast.Attribute)
                    and value.func.attr in SEND_METHODS
                )
        return False

    # ------------------------------------------------------------------ observability
    def observe(self, call: ast.Call, scope: Scope) -> str | None:
        """metrics | tracing | lag for a metrics/tracing/lag-reporting call, else None."""
        func = call.func
        name = callee_text(func)
        qualified = self.index.qualified_call(func)
        method = func.attr if isinstance(func, ast.Attribute) else None
        root = root_name(func) or ""
        if method in LAG_METHODS:
            return "lag"
        metric_name = None
        if qualified.split(".")[0] in METRIC_ROOTS or root in ("statsd", "metrics"):
            metric_name = str(getattr(call.args[0], "value", "")) if call.args else ""
        elif root in self.metric_vars:
            metric_name = self.metric_vars[root]
        elif method in ("inc", "observe"):
            metric_name = ""
        if metric_name is not None:
            if method == "labels" and isinstance(parent(call), ast.Attribute):
                return None  # the chained .inc()/.set() is the use
            return "lag" if _LAG.search(f"{name} {metric_name}") else "metrics"
        lowered = name.lower()
        if (
            qualified.split(".")[0] in TRACING_ROOTS
            or root in ("tracer", "span")
            or ".tracer." in f".{lowered}"
            or method in ("start_as_current_span", "start_span")
        ):
            return "tracing"
        return None

    # ------------------------------------------------------------------ helpers
    def same_file_function(self, call: ast.Call, scope: Scope) -> Scope | None:
        func = call.func
        if isinstance(func, ast.Name):
            found = self.index.lookup(func.id, scope, call.lineno)
            if found is not None and found[0] == "function":
                return found[1]  # type: ignore[return-value]
            return None
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            method = method_scope(scope)
            if method is not None and func.value.id == method.self_name and method.owner_class is not None:
                return method.owner_class.functions.get(func.attr)
        return None


def _has_retry_decorator(fn: Scope) -> bool:
    for decorator in fn.decorators:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        text = dotted(target) or ""
        if text.split(".")[-1] in RETRY_DECORATORS or text.split(".")[0] in ("tenacity", "backoff"):
            return True
    return False
