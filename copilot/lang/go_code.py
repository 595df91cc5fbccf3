"""What a .go file's code says besides its endpoints: message handlers, record field reads and
observability, read from the tree-sitter tree next to the Go front-end's lowering.

- Handlers: the innermost ``for`` around a poll call (``ReadMessage``/``FetchMessage``, a
  confluent ``Poll``, a ``range pc.Messages()`` / ``range c.Events()`` or ``<-pc.Messages()``) is a
  poll loop; a ``ConsumeClaim`` method (sarama's ConsumerGroupHandler) a listener.  Their calls
  are classified (`copilot.lang.go_calls`); the poll call itself is left out.  Consumer endpoints
  are tied to them when the catalogue's endpoints are linked (`copilot.lang.link`).
- Field reads: after ``json.Unmarshal(m.Value, &v)`` (or any decode inside a handler), ``v["amount"]``
  of a map, or ``v.Amount`` of a struct of this file (its ``json:"..."`` tag, else the field name).
- Observability: metrics/tracing imports, and lag reads (``r.Stats()``, ``pc.HighWaterMarkOffset()``)
  in a file that uses a client library.
"""

from __future__ import annotations

from tree_sitter import Node

from copilot.lang import treesitter as ts
from copilot.lang.go_calls import classify
from copilot.lang.go_nodes import GoCode, ancestors, args, callee, inside, unwrap, unwrap_ref
from copilot.lang.golang import string_value
from copilot.model.facts import CallFact, FieldRead, FileFacts, HandlerFact, Loc

CLIENT_MARKERS = (b"segmentio/kafka-go", b"sarama", b"confluent-kafka-go", b"franz-go")
HANDLER_MARKERS = (b"ReadMessage", b"FetchMessage", b"ConsumeClaim")
SARAMA_IMPORTS = ("github.com/IBM/sarama", "github.com/Shopify/sarama")
_POLL = {"ReadMessage", "FetchMessage"}
_OBSERVABILITY_IMPORTS = (
    ("github.com/prometheus/client_golang", "metrics", "prometheus"),
    ("github.com/rcrowley/go-metrics", "metrics", "go-metrics"),
    ("go.opentelemetry.io/otel/metric", "metrics", "otel"),
    ("go.opentelemetry.io/contrib", "tracing", "otel"),
    ("go.opentelemetry.io/otel", "tracing", "otel"),
    ("github.com/opentracing", "tracing", "opentracing"),
    ("dd-trace-go", "tracing", "datadog"),
)
_LAG = {"Stats", "Lag", "ReadLag", "HighWaterMarkOffset"}


def code_facts(path: str, source: bytes, facts: FileFacts, root: Node | None = None) -> None:
    """Handlers, field reads and observability of a .go file that mentions a client library or a
    poll/handler method (any other file has none); `root` is its tree when already parsed."""
    has_client = any(marker in source for marker in CLIENT_MARKERS)
    if not has_client and not any(marker in source for marker in HANDLER_MARKERS):
        return
    if root is None:
        root = ts.parser("tree_sitter_go").parse(source).root_node
    code = GoCode.of(root)
    facts.handlers.extend(handlers(path, code))
    facts.field_reads.extend(field_reads(code, facts.handlers))
    facts.observability.extend(observability(code, has_client))


# -- handlers ---------------------------------------------------------------------------------


def handlers(path: str, code: GoCode) -> list[HandlerFact]:
    listeners = [f for f in code.nodes["func"] if f.type == "method_declaration" and ts.text(f.child_by_field_name("name")) == "ConsumeClaim"]
    out = [
        HandlerFact("listener", Loc(path, ts.line(fn)), ts.end_line(fn), classify(code, fn.child_by_field_name("body"), set()), function_name(fn))
        for fn in listeners
        if fn.child_by_field_name("body") is not None
    ]
    loops: dict[int, tuple[Node, set[int]]] = {}
    for call in _poll_calls(code):
        if any(inside(call, fn) for fn in listeners):
            continue
        loop = _innermost_for(call)
        if loop is not None:
            loops.setdefault(loop.start_byte, (loop, set()))[1].add(call.start_byte)
    for loop, calls in sorted(loops.values(), key=lambda lc: lc[0].start_byte):
        fn = code.function_of(loop)
        out.append(HandlerFact("poll-loop", Loc(path, ts.line(loop)), ts.end_line(loop), classify(code, loop, calls), function_name(fn) if fn is not None else None))
    out.sort(key=lambda h: h.loc.line)
    return out


def _poll_calls(code: GoCode) -> list[Node]:
    confluent = code.uses("github.com/confluentinc/confluent-kafka-go")
    sarama = any(code.uses(p) for p in SARAMA_IMPORTS)
    names = _POLL | ({"Poll"} if confluent else set())
    out = [c for c in code.calls_named(*names) if callee(c)[0] is not None]
    channels = ({"Messages"} if sarama else set()) | ({"Events"} if confluent else set())
    for node in code.nodes["range"] + code.nodes["recv"]:
        right = unwrap(node.child_by_field_name("right"))
        if right is not None and right.type == "unary_expression":
            right = unwrap(right.child_by_field_name("operand"))
        if right is not None and right.type == "call_expression":
            receiver, name = callee(right)
            if receiver is not None and name in channels:
                out.append(right)
    return out


def _innermost_for(node: Node) -> Node | None:
    for anc in ancestors(node):
        if anc.type == "for_statement":
            return anc
        if anc.type in ("func_literal", "function_declaration", "method_declaration"):
            return None
    return None


def function_name(fn: Node) -> str:
    """``run``, or ``Consumer.Run`` for a method (its receiver's type)."""
    name = ts.text(fn.child_by_field_name("name"))
    receiver = fn.child_by_field_name("receiver")
    for decl in receiver.named_children if receiver is not None else ():
        typ = decl.child_by_field_name("type")
        while typ is not None and typ.type in ("pointer_type", "generic_type"):
            typ = (typ.named_children[0] if typ.named_child_count else None) if typ.type == "pointer_type" else typ.child_by_field_name("type")
        if typ is not None:
            return f"{ts.text(typ)}.{name}"
    return name


# -- field reads ------------------------------------------------------------------------------


def field_reads(code: GoCode, found: list[HandlerFact]) -> list[FieldRead]:
    out: list[FieldRead] = []
    seen: set[tuple[str, int]] = set()
    for call in code.calls_named("Unmarshal"):
        receiver, _ = callee(call)
        call_args = args(call)
        if receiver is None or "json" not in ts.text(receiver).lower() or len(call_args) < 2:
            continue
        line = ts.line(call)
        if ".Value" not in ts.text(call_args[0]) and not any(h.loc.line <= line <= h.end_line for h in found):
            continue
        target = unwrap_ref(call_args[1])
        fn = code.function_of(call)
        if target is None or target.type != "identifier" or fn is None:
            continue
        for read in _reads(code, call, ts.text(target), fn):
            if (read.name, read.line) not in seen:
                seen.add((read.name, read.line))
                out.append(read)
    return out


def _declared_type(code: GoCode, call: Node, name: str, fn: Node) -> str:
    """The type of local `name` as declared before `call` in `fn` (``var v T``, ``v := T{}``,
    ``v := make(map[string]any)``)."""
    typ = ""
    for decl in code.nodes["bind"]:
        if not (fn.start_byte <= decl.start_byte < call.start_byte):
            continue
        if decl.type == "var_spec":
            names = [ts.text(n) for n in decl.children_by_field_name("name")]
            value = decl.child_by_field_name("value")
            if name not in names:
                continue
            declared = decl.child_by_field_name("type")
            typ = ts.text(declared) if declared is not None else _value_type(value.named_children[0] if value is not None and value.named_children else None)
        else:
            left, right = decl.child_by_field_name("left"), decl.child_by_field_name("right")
            lefts = [ts.text(n) for n in left.named_children] if left is not None else []
            rights = right.named_children if right is not None else []
            if name in lefts and len(rights) == len(lefts):
                typ = _value_type(rights[lefts.index(name)])
    return typ.lstrip("*")


def _value_type(value: Node | None) -> str:
    value = unwrap_ref(value)
    if value is None:
        return ""
    if value.type == "composite_literal":
        return ts.text(value.child_by_field_name("type"))
    if value.type == "call_expression" and callee(value)[1] in ("make", "new") and args(value):
        return ts.text(args(value)[0])
    return ""


def _reads(code: GoCode, call: Node, name: str, fn: Node) -> list[FieldRead]:
    typ = _declared_type(code, call, name, fn)
    fields = code.structs.get(typ)
    is_map = typ.startswith("map[string]")
    if not is_map and fields is None:
        return []
    found: list[tuple[int, FieldRead]] = []
    stack = [fn]
    while stack:
        n = stack.pop()
        stack.extend(n.named_children)
        if n.start_byte < call.end_byte:
            continue
        operand = n.child_by_field_name("operand") if n.type in ("index_expression", "selector_expression") else None
        if operand is None or operand.type != "identifier" or ts.text(operand) != name:
            continue
        if is_map and n.type == "index_expression":
            index = n.child_by_field_name("index")
            if index is not None and index.type == "interpreted_string_literal":
                found.append((n.start_byte, FieldRead(string_value(index), ts.line(n))))
        elif fields is not None and n.type == "selector_expression":
            f = ts.text(n.child_by_field_name("field"))
            if f in fields:
                found.append((n.start_byte, FieldRead(fields[f], ts.line(n))))
    return [r for _, r in sorted(found, key=lambda item: item[0])]


# -- observability ----------------------------------------------------------------------------


def observability(code: GoCode, has_client: bool) -> list[CallFact]:
    out: list[CallFact] = []
    for path, line in sorted(code.imports.values(), key=lambda i: i[1]):
        for prefix, category, library in _OBSERVABILITY_IMPORTS:
            if path.startswith(prefix) or (prefix == "dd-trace-go" and prefix in path):
                out.append(CallFact(category, path, line, library))
                break
    if has_client:
        for call in code.calls_named(*_LAG):
            if callee(call)[0] is not None:
                out.append(CallFact("metrics", ts.text(call.child_by_field_name("function")), ts.line(call), "lag"))
    out.sort(key=lambda c: c.line)
    return out
