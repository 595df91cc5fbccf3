"""Shared endpoint building: topic references, client settings, delivery acknowledgement."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field, replace

from copilot.model.facts import Endpoint, Loc, SchemaRef, Setting, TopicRef
from copilot.scan.extractors.py_calls import ACK_WAIT_METHODS
from copilot.scan.extractors.py_clients import Client
from copilot.scan.extractors.py_context import Context
from copilot.scan.extractors.py_dicts import Entry
from copilot.scan.extractors.py_handlers import Handlers
from copilot.scan.extractors.py_index import Scope
from copilot.scan.extractors.py_settings import normalise_key
from copilot.scan.extractors.py_source import arg, callee_text, is_none, kwarg, parent
from copilot.scan.extractors.py_values import UNRESOLVED, Val

# constructor keywords that are not client settings
_NOT_SETTINGS = frozenset(
    {"conf", "config", "loop", "default_key_schema", "default_value_schema", "topic", "topics", "pattern"}
)


@dataclass
class ClientConfig:
    settings: dict[str, Setting] = field(default_factory=dict)
    schema: SchemaRef | None = None


@dataclass
class _AckIndex:
    """Per scope: the last flush per receiver text and per client constructor (line, column),
    and the last line where each name is waited for (``.get()``, ``await``, ``gather``)."""

    flush_by_text: dict[str, tuple[int, int]] = field(default_factory=dict)
    flush_by_ctor: dict[int, tuple[int, int]] = field(default_factory=dict)
    last_wait: dict[str, int] = field(default_factory=dict)

    def wait(self, name: str, line: int) -> None:
        self.last_wait[name] = max(line, self.last_wait.get(name, -1))

    def add_call(self, other: ast.Call, ctx: Context, scope: Scope) -> None:
        func = other.func
        where = (other.lineno, other.col_offset)
        if isinstance(func, ast.Attribute) and func.attr == "flush":
            text = callee_text(func.value)
            if text is not None:
                self.flush_by_text[text] = max(where, self.flush_by_text.get(text, (-1, -1)))
            flushed = ctx.clients.client_of(func.value, scope)
            if flushed is not None:
                key = id(flushed.ctor)
                self.flush_by_ctor[key] = max(where, self.flush_by_ctor.get(key, (-1, -1)))
        if isinstance(func, ast.Attribute) and func.attr in ACK_WAIT_METHODS and isinstance(func.value, ast.Name):
            self.wait(func.value.id, other.lineno)
        if callee_text(func).endswith(("gather", "wait", "wait_for")):
            for a in other.args:
                if isinstance(a, ast.Name):
                    self.wait(a.id, other.lineno)


class EndpointBuilder:
    def __init__(self, ctx: Context, handlers: Handlers) -> None:
        self.ctx = ctx
        self.handlers = handlers
        self._configs: dict[int, ClientConfig] = {}
        self._acks: dict[int, _AckIndex] = {}

    # ------------------------------------------------------------------ topics
    def topic_refs(
        self, expr: ast.expr | None, scope: Scope, *, many: bool = False, pattern: bool = False
    ) -> list[TopicRef]:
        """TopicRefs for a topic expression; `many` expands lists (``subscribe([...])``)."""
        if expr is None:
            return []
        elements = self.ctx.resolver.items(expr, scope) if many else [(expr, scope, False)]
        refs: list[TopicRef] = []
        for element, element_scope, named in elements:
            text = self.ctx.text(element) or ""
            if named:  # reached through a list constant: show the name used at the call
                text = self.ctx.text(expr) or text
            for val in self.ctx.resolver.resolve(element, element_scope):
                if named and val.ok:
                    val = _named(val, self.ctx.loc(element))
                shown = text if val.ok or named else self.ctx.settings.shown_text(element, element_scope)
                refs.append(self.topic_ref(shown, val, pattern))
        return refs

    @staticmethod
    def topic_ref(text: str, val: Val, pattern: bool = False) -> TopicRef:
        val = _not_empty(val)
        return TopicRef(
            text=text,
            name=val.name,
            origin=val.origin,
            pending=val.pending,
            via=list(val.via),
            pattern=pattern or val.pattern,
        )

    # ------------------------------------------------------------------ settings
    def config(self, client: Client | None) -> ClientConfig:
        """Settings and schema carried by a Kafka client's constructor (cached per constructor)."""
        if client is None or client.ctor is None or client.scope is None:
            return ClientConfig()
        cached = self._configs.get(id(client.ctor))
        if cached is not None:
            return cached
        ctor, scope = client.ctor, client.scope
        entries: dict[str, Entry] = {}
        if client.library == "confluent-kafka":
            entries.update(self.ctx.resolver.dict_entries(arg(ctor, 0, "conf", "config"), scope) or {})
        for kw in ctor.keywords:
            if kw.arg is None:
                entries.update(self.ctx.resolver.dict_entries(kw.value, scope) or {})
            elif kw.arg not in _NOT_SETTINGS:
                entries[kw.arg] = Entry(kw.arg, kw.value, scope, kw.lineno)
        settings = self.ctx.settings.settings(entries)
        schema = None
        for raw, entry in entries.items():
            if normalise_key(raw) in ("value.serializer", "value.deserializer"):
                schema = self.ctx.schemas.find(entry.value, entry.scope)
        if client.kind in ("AvroProducer", "AvroConsumer"):
            loc = self.ctx.loc(ctor)
            settings["value.format"] = Setting("value.format", "avro", loc, client.kind)
            key_schema = kwarg(ctor, "default_key_schema")
            if key_schema is not None or client.kind == "AvroConsumer":
                settings["key.format"] = Setting("key.format", "avro", loc, client.kind)
            schema = self.ctx.schemas.find(kwarg(ctor, "default_value_schema"), scope) or schema
        config = ClientConfig(settings, schema)
        self._configs[id(ctor)] = config
        return config

    def infer_formats(
        self,
        settings: dict[str, Setting],
        call: ast.Call,
        scope: Scope,
        key: ast.expr | None,
        value: ast.expr | None,
    ) -> None:
        """For a producer without a configured serializer, read the format off the produced value/key."""
        for name, expr in (("value", value), ("key", key)):
            format_key = f"{name}.format"
            if format_key in settings or expr is None:
                continue
            label = self.ctx.settings.inferred_format(expr, scope)
            if label is not None:
                settings[format_key] = Setting(format_key, label, self.ctx.loc(expr), name)

    def consumer_settings(
        self, settings: dict[str, Setting], client: Client | None, receiver_text: str | None
    ) -> dict[str, Setting]:
        """A consumer's settings plus, with no deserializer configured, the format its handler decodes."""
        if "value.format" in settings:
            return settings
        read = self.handlers.read_format_for(client, receiver_text)
        if read is None:
            return settings
        label, line = read
        return {**settings, "value.format": Setting("value.format", label, self.ctx.loc(line), "value")}

    # ------------------------------------------------------------------ acks
    def awaits_ack(self, call: ast.Call, scope: Scope, client: Client | None) -> bool:
        """True when the send's delivery is confirmed: callback, future.get(), send_and_wait, later flush()."""
        func = call.func
        method = func.attr if isinstance(func, ast.Attribute) else ""
        if method == "send_and_wait" or kwarg(call, "on_delivery", "callback") is not None:
            return True
        up = parent(call)
        if isinstance(up, ast.Attribute) and up.attr in ACK_WAIT_METHODS:
            return True
        if isinstance(up, ast.Await) and isinstance(parent(up), ast.Await | ast.Attribute):
            return True
        holder = parent(up) if isinstance(up, ast.Await) else up
        if (
            isinstance(holder, ast.Assign)
            and len(holder.targets) == 1
            and isinstance(holder.targets[0], ast.Name)
            and self._future_awaited(holder.targets[0].id, call.lineno, scope)
        ):
            return True
        receiver = func.value if isinstance(func, ast.Attribute) else None
        receiver_text = callee_text(receiver) if receiver is not None else None
        acks = self._ack_index(scope)
        here = (call.lineno, call.col_offset)
        if receiver_text is not None and acks.flush_by_text.get(receiver_text, (-1, -1)) > here:
            return True  # only a flush after the send counts
        return client is not None and acks.flush_by_ctor.get(id(client.ctor), (-1, -1)) > here

    def _future_awaited(self, name: str, line: int, scope: Scope) -> bool:
        """The future a send returned is waited for later: ``fut.get()``, ``await fut``, ``gather(fut)``."""
        return self._ack_index(scope).last_wait.get(name, -1) >= line

    def _ack_index(self, scope: Scope) -> _AckIndex:
        """What confirms delivery in `scope`, read once: every send asks it in O(1) instead of
        rescanning the scope's calls and nodes (5,000 sends in one module were quadratic)."""
        key = id(scope.node)
        index = self._acks.get(key)
        if index is None:
            index = self._acks[key] = _AckIndex()
            for other in scope.calls:
                index.add_call(other, self.ctx, scope)
            for node in ast.walk(scope.node):
                if isinstance(node, ast.Await) and isinstance(node.value, ast.Name):
                    index.wait(node.value.id, node.lineno)
        return index

    # ------------------------------------------------------------------ endpoint
    def endpoint(
        self,
        role: str,
        topic: TopicRef,
        call: ast.Call,
        library: str,
        *,
        client_text: str | None,
        settings: dict[str, Setting],
        schema: SchemaRef | None = None,
        key: ast.expr | None = None,
        value: ast.expr | None = None,
        awaits_ack: bool | None = None,
        handler: str | None = None,
        loc: Loc | None = None,
    ) -> Endpoint:
        group = settings.get("group.id")
        return Endpoint(
            role=role,  # type: ignore[arg-type]
            topic=topic,
            loc=loc or self.ctx.loc(call),
            library=library,
            end_line=call.end_lineno or call.lineno,
            client=client_text,
            key=None if key is None or is_none(key) else self.ctx.text(key),
            value=None if value is None else self.ctx.text(value),
            settings=dict(settings),
            schema=schema,
            awaits_ack=awaits_ack if role == "produce" else None,
            handler=handler if role == "consume" else None,
            group=group.value if group is not None and role == "consume" else None,
        )

    def assigned_name(self, call: ast.Call) -> str | None:
        """The variable a constructor/factory call is bound to (``producer``, ``self.producer``)."""
        up = parent(call)
        if isinstance(up, ast.Await):
            up = parent(up)
        if isinstance(up, ast.Assign) and len(up.targets) == 1:
            return self.ctx.text(up.targets[0])
        if isinstance(up, ast.AnnAssign | ast.NamedExpr):
            return self.ctx.text(up.target)
        if isinstance(up, ast.withitem) and up.optional_vars is not None:
            return self.ctx.text(up.optional_vars)
        return None


def _not_empty(val: Val) -> Val:
    """An empty string is never a topic name: ``""`` (or an env/CLI default of ``""``) is unresolved,
    and a pending lookup keeps no empty default."""
    pending = val.pending
    if pending is not None and pending.default == "":
        pending = replace(pending, default=None)
    if val.name != "":
        return val if pending is val.pending else Val(val.name, val.origin, pending, val.via, val.pattern)
    if pending is None:
        return Val(None, UNRESOLVED, None, val.via, val.pattern)
    origin = {"env-default": "env", "property-default": "property"}.get(val.origin, val.origin)
    return Val(None, origin, pending, val.via, val.pattern)


def _named(val: Val, loc: Loc) -> Val:
    origin = "constant" if val.origin in ("literal", "f-string") and val.pending is None else val.origin
    return Val(val.name, origin, val.pending, (loc, *val.via), val.pattern)
