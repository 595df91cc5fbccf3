"""sentry-arroyo endpoints.

- ``StreamProcessor(consumer, topic, strategy_factory)`` consumes ``topic`` (second argument or
  ``topic=``) at the call; the consumer's ``group_id=`` (on ``KafkaConsumer(...)`` or the call that
  builds its configuration) is the group.
- The ``Produce(producer, topic, next_step)`` strategy step produces to ``topic``.
- ``producer.produce(destination, payload)`` produces when ``destination`` is an arroyo ``Topic``
  (built with ``Topic(name)`` where it is assigned, in this scope or in ``__init__``): arroyo's
  producer takes a Topic, confluent-kafka's a string.

A topic is an arroyo ``Topic(name)``: its name is what the endpoint names; ``topic.name`` is the
same string.  Whatever cannot be followed to a ``Topic(...)`` is resolved as written.
"""

from __future__ import annotations

import ast

from copilot.model.facts import Endpoint
from copilot.scan.extractors.py_endpoints import EndpointBuilder
from copilot.scan.extractors.py_index import Scope, method_scope
from copilot.scan.extractors.py_source import arg, kwarg

LIBRARY = "arroyo"
_TOPIC = frozenset({"arroyo.Topic", "arroyo.types.Topic"})
_PROCESSOR = frozenset({"arroyo.StreamProcessor", "arroyo.processing.StreamProcessor",
                        "arroyo.processing.processor.StreamProcessor"})  # fmt: skip
_PRODUCE_STEP = frozenset({"arroyo.processing.strategies.Produce", "arroyo.processing.strategies.produce.Produce"})
MAX_DEPTH = 6


def arroyo_endpoints(b: EndpointBuilder, taken: set[int]) -> list[Endpoint]:
    """Endpoints of this file's arroyo calls; `taken` holds lines another library's pass already claimed."""
    index = b.ctx.index
    if not any(m.split(".")[0] == "arroyo" for m, _ in index.import_lines):
        return []
    out: list[Endpoint] = []
    for call, scope in index.calls:
        name = index.qualified_call(call.func)
        if name in _PROCESSOR:
            out.extend(_consumer(b, call, scope))
        elif name in _PRODUCE_STEP:
            out.extend(_produce(b, call, scope, arg(call, 1, "topic"), arg(call, 0, "producer")))
        elif isinstance(call.func, ast.Attribute) and call.func.attr == "produce" and call.lineno not in taken:
            dest = arg(call, 0, "destination")
            if dest is not None and _unwrap(b, dest, scope, 0)[2]:
                out.extend(_produce(b, call, scope, dest, call.func.value, payload=arg(call, 1, "payload")))
    return out


def _unwrap(b: EndpointBuilder, expr: ast.expr, scope: Scope, depth: int) -> tuple[ast.expr, Scope, bool]:
    """(name expression, its scope, whether a `Topic(...)` was passed through)."""
    if depth > MAX_DEPTH:
        return expr, scope, False
    index = b.ctx.index
    if isinstance(expr, ast.Call) and index.qualified_call(expr.func) in _TOPIC:
        name = arg(expr, 0, "name")
        return (name, scope, True) if name is not None else (expr, scope, False)
    if isinstance(expr, ast.Attribute) and expr.attr == "name":  # `topic.name`: the Topic's string
        inner, inner_scope, wrapped = _unwrap(b, expr.value, scope, depth + 1)
        if wrapped:
            return inner, inner_scope, True
    if isinstance(expr, ast.Name):
        found = index.lookup(expr.id, scope, expr.lineno)
        if found is not None and found[0] == "assign":
            assigns = found[1]
            if len(assigns) == 1 and assigns[0].value is not None:  # type: ignore[index]
                inner, inner_scope, wrapped = _unwrap(b, assigns[0].value, assigns[0].scope, depth + 1)  # type: ignore[index]
                if wrapped:
                    return inner, inner_scope, True
    if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name):
        method = method_scope(scope)
        if method is not None and expr.value.id == method.self_name and method.owner_class is not None:
            assigns = method.owner_class.self_assigns.get(expr.attr) or []
            if len(assigns) == 1 and assigns[0].value is not None:
                inner, inner_scope, wrapped = _unwrap(b, assigns[0].value, assigns[0].scope, depth + 1)
                if wrapped:
                    return inner, inner_scope, True
    return expr, scope, False


def _consumer(b: EndpointBuilder, call: ast.Call, scope: Scope) -> list[Endpoint]:
    topic = arg(call, 1, "topic")
    if topic is None:
        return []
    name, name_scope, _ = _unwrap(b, topic, scope, 0)
    settings: dict = {}
    group = _group_of(arg(call, 0, "consumer"))
    if group is not None:
        b.ctx.settings.add(settings, "group_id", group, scope, group.lineno)
    return [
        b.endpoint("consume", ref, call, LIBRARY, client_text=None, settings=settings)
        for ref in b.topic_refs(name, name_scope, many=True)
    ]


def _group_of(consumer: ast.expr | None) -> ast.expr | None:
    """`group_id=` on the consumer's constructor or on the call that builds its configuration."""
    todo = [consumer]
    while todo:
        node = todo.pop()
        if not isinstance(node, ast.Call):
            continue
        group = kwarg(node, "group_id")
        if group is not None:
            return group
        todo.extend(node.args)
    return None


def _produce(
    b: EndpointBuilder,
    call: ast.Call,
    scope: Scope,
    topic: ast.expr | None,
    producer: ast.expr | None,
    payload: ast.expr | None = None,
) -> list[Endpoint]:
    if topic is None:
        return []
    name, name_scope, _ = _unwrap(b, topic, scope, 0)
    client = b.ctx.text(producer) if producer is not None else None
    return [
        b.endpoint("produce", ref, call, LIBRARY, client_text=client, settings={}, value=payload)
        for ref in b.topic_refs(name, name_scope, many=True)
    ]
