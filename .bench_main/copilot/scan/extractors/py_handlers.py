"""Code that handles consumed records: poll loops, ``for msg in consumer``, faust agents, listeners.

Each handler lists its calls in line order.  A call to a function of the same file is followed
(two levels deep): the callee's non-``process`` calls (sleeps, blocking I/O, commits, sends...)
are listed right after the call that reached them, with ``detail`` ending in ``via <function>``.
"""

from __future__ import annotations

import ast
from dataclasses import replace

from copilot.model.facts import CallFact, HandlerFact
from copilot.scan.extractors.py_calls import POLL_METHODS, Categorizer
from copilot.scan.extractors.py_clients import Client
from copilot.scan.extractors.py_context import Context
from copilot.scan.extractors.py_index import Scope
from copilot.scan.extractors.py_source import callee_text, dotted, parent

LISTENER_DECORATORS = frozenset({"handler", "on_message", "subscriber", "listener", "on_event", "consume"})
_NESTED_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
_SWALLOW_ONLY = (ast.Pass, ast.Continue)
_RETRY_WORDS = ("attempt", "retr", "tries")
MAX_FOLLOW = 2


class Handlers:
    def __init__(self, ctx: Context, categorizer: Categorizer) -> None:
        self.ctx = ctx
        self.categorizer = categorizer
        self.facts: list[HandlerFact] = []
        self.by_client: dict[int, str | None] = {}  # id(consumer ctor) -> handler name
        self.by_text: dict[str, str | None] = {}  # consumer receiver text -> handler name
        # how the loop decodes record values (json.loads(msg.value()) ...), by ctor id / receiver text
        self.read_formats: dict[int | str, tuple[str, int]] = {}
        self._loop_ids: set[int] = set()

    def find(self) -> None:
        for loop, scope in self.ctx.index.loops:
            if self._inside_handler(loop):
                continue
            found = self._consumer_of_loop(loop, scope)
            if found is None:
                continue
            client, receiver_text = found
            self._loop_ids.add(id(loop))
            name = scope.display_name
            body = [*loop.body, *loop.orelse]  # type: ignore[attr-defined]
            self.facts.append(
                HandlerFact(
                    "poll-loop",
                    self.ctx.loc(loop),
                    loop.end_lineno or loop.lineno,
                    self.collect(body, scope),
                    name,
                )  # type: ignore[attr-defined]
            )
            if client is not None and client.ctor is not None:
                self.by_client.setdefault(id(client.ctor), name)
            self.by_text.setdefault(receiver_text, name)
            read = self._read_format(body, scope)
            if read is not None:
                if client is not None and client.ctor is not None:
                    self.read_formats.setdefault(id(client.ctor), read)
                self.read_formats.setdefault(receiver_text, read)
        for fn in self.ctx.index.functions:
            if self.ctx.clients.agent(fn) is not None:
                self.add_function(fn, "agent")
            elif self._is_listener(fn):
                self.add_function(fn, "listener")

    def add_function(self, fn: Scope, kind: str) -> None:
        node = fn.node
        if any(h.name == fn.qualname and h.kind == kind for h in self.facts):
            return
        calls = self.collect(node.body, fn)  # type: ignore[attr-defined]
        self.facts.append(
            HandlerFact(kind, self.ctx.loc(node), node.end_lineno or node.lineno, calls, fn.qualname)
        )  # type: ignore[attr-defined]

    def handler_for(self, client: Client | None, receiver_text: str | None) -> str | None:
        if client is not None and client.ctor is not None and id(client.ctor) in self.by_client:
            return self.by_client[id(client.ctor)]
        if receiver_text is not None:
            return self.by_text.get(receiver_text)
        return None

    def read_format_for(self, client: Client | None, receiver_text: str | None) -> tuple[str, int] | None:
        """(format label, line) of how the consumer's handler decodes record values, if seen."""
        if client is not None and client.ctor is not None and id(client.ctor) in self.read_formats:
            return self.read_formats[id(client.ctor)]
        return self.read_formats.get(receiver_text) if receiver_text is not None else None

    def _read_format(self, body: list[ast.stmt], scope: Scope) -> tuple[str, int] | None:
        """``json.loads(msg.value())`` -> json, ``msg.value().decode()`` -> string, an Avro reader -> avro."""
        for node in sorted((n for n in _walk_body(body) if isinstance(n, ast.Call)), key=_position):
            text = self.ctx.text(node) or ""
            if ".value" not in text and ".data()" not in text:
                continue
            qualified = self.ctx.index.qualified_call(node.func).lower()
            method = node.func.attr if isinstance(node.func, ast.Attribute) else ""
            if qualified.endswith("json.loads"):
                return "json", node.lineno
            if "avro" in qualified or qualified.endswith("schemaless_reader"):
                return "avro", node.lineno
            if method == "ParseFromString":
                return "protobuf", node.lineno
            if method == "decode":
                return "string", node.lineno
        return None

    # ------------------------------------------------------------------ detection
    def _inside_handler(self, node: ast.AST) -> bool:
        current = parent(node)
        while current is not None:
            if id(current) in self._loop_ids:
                return True
            if isinstance(current, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                return False
            current = parent(current)
        return False

    def _consumer_of_loop(self, loop: ast.AST, scope: Scope) -> tuple[Client | None, str] | None:
        clients = self.ctx.clients
        if isinstance(loop, ast.While):
            for node in _walk_body(loop.body):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in POLL_METHODS
                ):
                    receiver = node.func.value
                    client = clients.client_of(receiver, scope)
                    text = callee_text(receiver)
                    if client is not None and client.role == "consume":
                        return client, text
                    if client is None and clients.role_text_fallback(text, "consume"):
                        return clients.sole("consume"), text
            return None
        if isinstance(loop, ast.For | ast.AsyncFor):
            client = clients.client_of(loop.iter, scope)
            text = callee_text(loop.iter)
            if client is not None and client.role == "consume":
                return client, text
            if (
                client is None
                and isinstance(loop.iter, ast.Name | ast.Attribute)
                and clients.role_text_fallback(text, "consume")
            ):
                return clients.sole("consume"), text
        return None

    def _is_listener(self, fn: Scope) -> bool:
        if not self.ctx.clients.libraries_imported:
            return False
        for decorator in fn.decorators:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            text = dotted(target) or ""
            if "." in text and text.rsplit(".", 1)[-1] in LISTENER_DECORATORS:
                return True
        return False

    # ------------------------------------------------------------------ calls
    def collect(
        self, body: list[ast.stmt], scope: Scope, depth: int = 0, seen: frozenset[int] = frozenset()
    ) -> list[CallFact]:
        nodes = [
            n for n in _walk_body(body) if isinstance(n, ast.Call | ast.ExceptHandler | ast.For | ast.While)
        ]
        nodes.sort(key=_position)
        facts: list[CallFact] = []
        for node in nodes:
            if isinstance(node, ast.ExceptHandler):
                swallowed = _swallowed(node)
                if swallowed is not None:
                    name = self.ctx.text(node.type) or "except"
                    facts.append(CallFact("error-swallowed", name, node.lineno, swallowed))
                continue
            if isinstance(node, ast.For | ast.While):
                retry = self._retry_loop(node)
                if retry is not None:
                    facts.append(retry)
                continue
            fact = self.categorizer.categorize(node, scope)
            if fact is None:
                continue
            facts.append(fact)
            if fact.category in ("process", "retry") and depth < MAX_FOLLOW:
                target = self.categorizer.same_file_function(node, scope)
                if target is not None and id(target) not in seen:
                    inner = self.collect(target.node.body, target, depth + 1, seen | {id(target)})  # type: ignore[attr-defined]
                    facts.extend(
                        replace(f, detail=_via(f.detail, target.qualname))
                        for f in inner
                        if f.category != "process"
                    )
        return facts

    def _retry_loop(self, node: ast.For | ast.While) -> CallFact | None:
        if not any(isinstance(n, ast.Try) for n in _walk_body(node.body)):
            return None
        if isinstance(node, ast.For):
            header = f"{self.ctx.text(node.target)} {self.ctx.text(node.iter)}".lower()
            is_range = isinstance(node.iter, ast.Call) and dotted(node.iter.func) == "range"
            if is_range or any(word in header for word in _RETRY_WORDS):
                return CallFact("retry", self.ctx.text(node.iter) or "for", node.lineno, "retry loop")
            return None
        test = (self.ctx.text(node.test) or "").lower()
        if any(word in test for word in _RETRY_WORDS):
            return CallFact("retry", self.ctx.text(node.test) or "while", node.lineno, "retry loop")
        return None


def _walk_body(body: list[ast.stmt]) -> list[ast.AST]:
    """All nodes of `body` in any order, not entering nested functions, classes or lambdas."""
    out: list[ast.AST] = []
    stack: list[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        out.append(node)
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, _NESTED_DEFS):
                stack.append(child)
    return out


def _position(node: ast.AST) -> tuple[int, int, int, int]:
    return (
        node.lineno,  # type: ignore[attr-defined]
        node.col_offset,  # type: ignore[attr-defined]
        node.end_lineno or 0,  # type: ignore[attr-defined]
        node.end_col_offset or 0,  # type: ignore[attr-defined]
    )


def _swallowed(handler: ast.ExceptHandler) -> str | None:
    """'pass' / 'continue' / '...' when the except body does nothing else (no raise, no logging)."""
    kinds = []
    for stmt in handler.body:
        if isinstance(stmt, _SWALLOW_ONLY):
            kinds.append("continue" if isinstance(stmt, ast.Continue) else "pass")
        elif (
            isinstance(stmt, ast.Expr)
            and isinstance(stmt.value, ast.Constant)
            and stmt.value.value is Ellipsis
        ):
            kinds.append("...")
        else:
            return None
    return ", ".join(kinds)


def _via(detail: str, qualname: str) -> str:
    return f"{detail}; via {qualname}" if detail else f"via {qualname}"
