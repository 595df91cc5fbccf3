"""Which client object an expression is: follow a receiver back to its constructor.

``producer.produce(...)`` only means something once ``producer`` is known to be a
confluent-kafka ``Producer(conf)``: the constructor carries the library and the settings.
`Clients.client_of` follows local/module assignments, ``self.x`` attributes, ``with ... as``,
factory functions returning a client, parameters (annotation or call sites), pulsar
``client.create_producer``/``subscribe`` and faust ``app.topic``/``@app.agent``.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from copilot.scan.extractors.py_index import ImportRef, ModuleIndex, Scope, method_scope
from copilot.scan.extractors.py_resolve import Resolver
from copilot.scan.extractors.py_source import dotted, kwarg, root_name

LIBRARIES = {
    "confluent_kafka": "confluent-kafka",
    "kafka": "kafka-python",
    "aiokafka": "aiokafka",
    "faust": "faust",
    "pulsar": "pulsar",
}
# class name -> role, per library
CLASSES: dict[str, dict[str, str]] = {
    "confluent-kafka": {
        "Producer": "produce",
        "SerializingProducer": "produce",
        "AvroProducer": "produce",
        "Consumer": "consume",
        "DeserializingConsumer": "consume",
        "AvroConsumer": "consume",
    },
    "kafka-python": {"KafkaProducer": "produce", "KafkaConsumer": "consume"},
    "aiokafka": {"AIOKafkaProducer": "produce", "AIOKafkaConsumer": "consume"},
    "faust": {"App": "app"},
    "pulsar": {"Client": "client"},
}
MAX_DEPTH = 6
# Shapes only a faust app has: ``@app.agent(...)``, ``@app.timer(...)``, ``@app.page(...)`` decorators
# (any file), ``app.topic(...)`` / ``app.Table(...)`` calls (in a file that imports faust).
FAUST_DECORATORS = frozenset({"agent", "timer", "page", "crontab"})
FAUST_APP_CALLS = frozenset({"topic", "Table", "GlobalTable", "SetTable", "SetGlobalTable"})
FAUST_SEND_METHODS = frozenset({"send", "send_soon", "cast", "ask"})
# keywords of faust's Topic.send / Agent.send (both keyword-only)
_FAUST_SEND_KEYWORDS = frozenset(
    {"key", "value", "partition", "timestamp", "headers", "schema", "key_serializer", "value_serializer",
     "callback", "force", "reply_to", "correlation_id"}
)  # fmt: skip


@dataclass(eq=False)
class Client:
    """A client object: a Kafka producer/consumer, a faust app/topic/agent, a pulsar client/producer/consumer."""

    library: str
    kind: str  # the class: Producer, KafkaConsumer, App, Topic, Agent, Client, ...
    role: str  # produce | consume | app | topic | agent | client
    ctor: ast.Call | None  # the constructor/factory call (None: known only from a type annotation)
    scope: Scope | None
    parent: Client | None = None  # pulsar client of a producer, faust app of a topic/agent
    function: Scope | None = None  # faust agent function
    imported: ImportRef | None = None  # a faust app made in another module (``from .app import app``)


class Clients:
    def __init__(self, index: ModuleIndex, resolver: Resolver) -> None:
        self.index = index
        self.resolver = resolver
        self._cache: dict[tuple[int, int], Client | None] = {}
        self._active: set[tuple[int, int]] = set()
        self._constructors: list[Client] | None = None
        self.libraries_imported = {
            LIBRARIES[m.split(".")[0]] for m, _ in index.import_lines if m.split(".")[0] in LIBRARIES
        }
        self.faust_apps = self._imported_faust_apps()
        if self.faust_apps:
            self.libraries_imported.add("faust")

    def _imported_faust_apps(self) -> dict[str, ImportRef]:
        """Names imported from another module that the file uses as a faust app.

        Faust's standard layout creates ``app = faust.App(...)`` in ``app.py`` and imports it into
        every agents module; there the app is known only by the shape of its use.
        """
        names: dict[str, ImportRef] = {}

        def consider(receiver: ast.AST) -> None:
            if isinstance(receiver, ast.Name):
                imp = self.index.imports.get(receiver.id)
                found = self.index.lookup(receiver.id, self.index.module, 10**9)
                if imp is not None and imp.attr is not None and found is not None and found[0] == "import":
                    names[receiver.id] = imp

        for fn in self.index.functions:
            for decorator in fn.decorators:
                func = decorator.func if isinstance(decorator, ast.Call) else decorator
                if isinstance(func, ast.Attribute) and func.attr in FAUST_DECORATORS:
                    consider(func.value)
        if any(m.split(".")[0] == "faust" for m, _ in self.index.import_lines):
            for attr in FAUST_APP_CALLS:
                for call, _scope in self.index.calls_by_attr.get(attr, ()):
                    consider(call.func.value)  # type: ignore[attr-defined]
        return names

    def match_class(self, func: ast.AST) -> tuple[str, str, str] | None:
        """(library, class, role) when `func` names a known client class."""
        text = dotted(func)
        if text is None:
            return None
        qualified = self.index.qualify(text)
        if qualified is None:
            if "." in text:
                return None
            candidates = [
                LIBRARIES[m.split(".")[0]] for m in self.index.star_imports if m.split(".")[0] in LIBRARIES
            ]
            for library in candidates:
                role = CLASSES[library].get(text)
                if role:
                    return library, text, role
            return None
        library = LIBRARIES.get(qualified.split(".")[0])
        name = qualified.rsplit(".", 1)[-1]
        if library is None:
            return None
        role = CLASSES[library].get(name)
        return (library, name, role) if role else None

    def client_of(self, expr: ast.AST | None, scope: Scope, depth: int = 0) -> Client | None:
        if expr is None or depth > MAX_DEPTH:
            return None
        key = (id(expr), id(scope))
        if key in self._cache:
            return self._cache[key]
        if key in self._active:
            return None
        self._active.add(key)
        try:
            client = self._client(expr, scope, depth)
        finally:
            self._active.discard(key)
        self._cache[key] = client
        return client

    def _client(self, expr: ast.AST, scope: Scope, depth: int) -> Client | None:
        if isinstance(expr, ast.Await):
            return self.client_of(expr.value, scope, depth + 1)
        if isinstance(expr, ast.Call):
            return self._call(expr, scope, depth)
        if isinstance(expr, ast.Name):
            return self._name(expr, scope, depth)
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name):
            method = method_scope(scope)
            if method is not None and expr.value.id == method.self_name and method.owner_class is not None:
                cls = method.owner_class
                for asg in reversed(cls.self_assigns.get(expr.attr, []) + cls.assigns.get(expr.attr, [])):
                    client = self.client_of(asg.value, asg.scope, depth + 1)
                    if client is not None:
                        return client
                fn = cls.functions.get(expr.attr)
                if fn is not None:  # a @property returning the client
                    return self._returns(fn, depth)
        return None

    def _call(self, expr: ast.Call, scope: Scope, depth: int) -> Client | None:
        match = self.match_class(expr.func)
        if match is not None:
            library, kind, role = match
            return Client(library, kind, role, expr, scope)
        func = expr.func
        if isinstance(func, ast.Attribute):
            if func.attr in ("create_producer", "subscribe", "create_reader"):
                owner = self.client_of(func.value, scope, depth + 1)
                if owner is not None and owner.library == "pulsar" and owner.role == "client":
                    if func.attr == "create_producer":
                        return Client("pulsar", "Producer", "produce", expr, scope, owner)
                    return Client(
                        "pulsar",
                        "Consumer" if func.attr == "subscribe" else "Reader",
                        "consume",
                        expr,
                        scope,
                        owner,
                    )
            if func.attr == "topic":
                owner = self.client_of(func.value, scope, depth + 1)
                if owner is not None and owner.role == "app":
                    return Client("faust", "Topic", "topic", expr, scope, owner)
            method = method_scope(scope)
            if (
                isinstance(func.value, ast.Name)
                and method is not None
                and func.value.id == method.self_name
                and method.owner_class is not None
            ):
                fn = method.owner_class.functions.get(func.attr)
                return self._returns(fn, depth) if fn is not None else None
        if isinstance(func, ast.Name):
            found = self.index.lookup(func.id, scope, expr.lineno)
            if found is not None and found[0] == "function":
                return self._returns(found[1], depth)  # type: ignore[arg-type]
        return None

    def _returns(self, fn: Scope, depth: int) -> Client | None:
        for ret in fn.returns:
            client = self.client_of(ret, fn, depth + 1)
            if client is not None:
                return client
        return None

    def _name(self, expr: ast.Name, scope: Scope, depth: int) -> Client | None:
        found = self.index.lookup(expr.id, scope, expr.lineno)
        if found is None:
            return None
        kind, obj = found
        if kind == "assign":
            for asg in reversed(obj):  # type: ignore[call-overload]
                if asg.kind in ("assign", "with"):
                    client = self.client_of(asg.value, asg.scope, depth + 1)
                    if client is not None:
                        return client
            return None
        if kind == "param":
            fn, param = obj  # type: ignore[misc]
            annotated = self._annotation(param.annotation)
            if annotated is not None:
                return annotated
            for value, site_scope, _ in self.resolver.param_sources(fn, param):
                client = self.client_of(value, site_scope, depth + 1) if value is not None else None
                if client is not None:
                    return client
            return None
        if kind == "function":
            return self.agent(obj)  # type: ignore[arg-type]
        if kind == "import" and expr.id in self.faust_apps:
            return Client("faust", "App", "app", None, None, imported=self.faust_apps[expr.id])
        return None

    def _annotation(self, node: ast.AST | None) -> Client | None:
        if node is None:
            return None
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            try:
                node = ast.parse(node.value, mode="eval").body
            except SyntaxError:
                return None
        if isinstance(node, ast.Subscript):
            return self._annotation(node.slice)
        if isinstance(node, ast.BinOp):
            return self._annotation(node.left) or self._annotation(node.right)
        match = self.match_class(node)
        if match is None:
            return None
        library, kind, role = match
        return self.sole(role, library, kind) or Client(library, kind, role, None, None)

    def sole(self, role: str, library: str | None = None, kind: str | None = None) -> Client | None:
        """The file's only constructor of such a client, if it has exactly one.

        ``def build(): return Producer(conf)`` next to ``def publish(producer: Producer, ...)``: the
        parameter is the producer `build` makes (the wiring is in another file, the settings are here).
        """
        if self._constructors is None:
            self._constructors = []
            for call, scope in self.index.calls:
                match = self.match_class(call.func)
                if match is not None:
                    self._constructors.append(Client(*match, call, scope))
        found = [
            c
            for c in self._constructors
            if c.role == role and library in (None, c.library) and kind in (None, c.kind)
        ]
        return found[0] if len(found) == 1 else None

    def agent(self, fn: Scope) -> Client | None:
        """A faust agent: a function decorated with ``@app.agent(...)``."""
        for decorator in fn.decorators:
            if isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute):
                if decorator.func.attr != "agent":
                    continue
                scope = fn.parent or fn
                app = self.client_of(decorator.func.value, scope)
                if app is not None and app.role == "app":
                    return Client("faust", "Agent", "agent", decorator, scope, app, fn)
        return None

    def imported_channel(self, expr: ast.AST, scope: Scope, line: int) -> str | None:
        """``products.reserve`` / ``reserve`` when `expr` names something imported from another
        module (an agent or topic defined there) in a file using faust; None otherwise."""
        if "faust" not in self.libraries_imported:
            return None
        text = dotted(expr)
        root = root_name(expr)
        if text is None or root is None or named_like(text, "produce") or named_like(text, "consume"):
            return None
        found = self.index.lookup(root, scope, line)
        if found is None or found[0] != "import":
            return None
        if found[1].attr is None and "." not in text:  # type: ignore[union-attr]  # a module is no channel
            return None
        return text

    def imported_send(self, call: ast.Call, scope: Scope) -> str | None:
        """The channel text of ``await products.reserve.send(key=..., value=...)`` (faust's
        keyword-only send on an agent/topic of another module), else None."""
        func = call.func
        if not isinstance(func, ast.Attribute) or func.attr not in FAUST_SEND_METHODS:
            return None
        if call.args or not call.keywords or any(kw.arg not in _FAUST_SEND_KEYWORDS for kw in call.keywords):
            return None
        if kwarg(call, "key", "value") is None:
            return None
        return self.imported_channel(func.value, scope, call.lineno)

    def role_text_fallback(self, receiver_text: str, role: str) -> bool:
        """For receivers we cannot follow (e.g. an untyped parameter): judge by the variable name."""
        return bool(self.libraries_imported) and named_like(receiver_text, role)


def named_like(receiver_text: str, role: str) -> bool:
    """``producer``/``self._producer``/``kafka_producer`` for role produce (consumer likewise); not ``consumers``."""
    last = receiver_text.rsplit(".", 1)[-1].removesuffix("()").lower()
    return last.endswith("producer" if role == "produce" else "consumer")


def faust_app_id(client: Client) -> ast.expr | None:
    """The ``id`` argument of a faust ``App(...)`` constructor."""
    if client.ctor is None:
        return None
    if client.ctor.args:
        return client.ctor.args[0]
    for kw in client.ctor.keywords:
        if kw.arg == "id":
            return kw.value
    return None
