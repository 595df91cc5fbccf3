"""The Go extractor: ``extract(path, source) -> FileFacts`` for ``.go`` files.

Parses with the ``tree-sitter-go`` grammar package and runs one pass per client library
(segmentio/kafka-go, IBM/Shopify sarama, confluent-kafka-go, twmb/franz-go), then finds handlers (poll loops,
``ConsumeClaim`` listeners), record field reads and observability.  Files that mention none of
the libraries (nor a poll/handler method) only export ``symbols``: their package-level string
consts/vars, which other files of the package may use as topic names (still parsed, so their
syntax errors are reported).

Never raises: syntax errors, undecodable bytes and internal failures become warnings
("path:line: message") and the facts found so far are kept.
"""

from __future__ import annotations

from collections.abc import Callable

from tree_sitter import Node

from copilot.model.facts import FileFacts
from copilot.scan.extractors import (
    go_ast,
    go_confluent,
    go_fields,
    go_franz,
    go_handlers,
    go_kafkago,
    go_observability,
    go_sarama,
)
from copilot.scan.extractors.go_context import GoFile
from copilot.scan.extractors.go_index import FileIndex
from copilot.scan.extractors.go_values import Resolver

LANGUAGE = "go"
_CLIENT_MARKERS = (b"segmentio/kafka-go", b"sarama", b"confluent-kafka-go", b"franz-go")
_HANDLER_MARKERS = (b"ReadMessage", b"FetchMessage", b"ConsumeClaim")


def extract(path: str, source: bytes) -> FileFacts:
    facts = FileFacts(path=path, language=LANGUAGE)
    try:
        data = _decode(path, source, facts)
        has_client = any(marker in data for marker in _CLIENT_MARKERS)
        relevant = has_client or any(marker in data for marker in _HANDLER_MARKERS)
        root = go_ast.parse(data).root_node
        facts.warnings.extend(go_ast.syntax_warnings(root, path))
        if not relevant:
            # package-level values only, unless the file reads the environment: then its helper
            # functions (`getTopic()` returning an env var or a default) are indexed too
            helpers = b"Getenv" in data or b"LookupEnv" in data or b"GetString" in data
            index = FileIndex(path, root, go_ast.capture(root) if helpers else go_ast.capture_toplevel(root))
            facts.symbols = symbols(index, Resolver(index), facts.symbol_env)
            return facts
        _extract_all(path, root, facts, has_client)
    except Exception as exc:  # an extractor never raises: report and keep what was found
        facts.warnings.append(f"{path}:1: go extractor failed: {exc!r}")
    return facts


def _decode(path: str, source: bytes | str, facts: FileFacts) -> bytes:
    if isinstance(source, str):
        return source.encode("utf-8", "replace")
    try:
        source.decode("utf-8")
        return source
    except UnicodeDecodeError as exc:
        line = source[: exc.start].count(b"\n") + 1
        facts.warnings.append(f"{path}:{line}: not valid UTF-8; undecodable bytes replaced")
        return source.decode("utf-8", "replace").encode("utf-8")


def _extract_all(path: str, root: Node, facts: FileFacts, has_client: bool) -> None:
    ctx = GoFile(path, root, go_ast.capture(root), facts)
    _guarded(facts, path, "symbols", lambda: facts.symbols.update(symbols(ctx.index, ctx.values, facts.symbol_env)))
    imports = [imp.path for imp in ctx.index.imports.values()]
    has_sarama = any(p in go_sarama.IMPORTS for p in imports)
    has_confluent = any("confluent-kafka-go" in p for p in imports)
    for name, step in (
        ("kafka-go", go_kafkago.extract),
        ("sarama", go_sarama.extract),
        ("confluent-kafka-go", go_confluent.extract),
        ("franz-go", go_franz.extract),
    ):
        _guarded(facts, path, name, lambda step=step: step(ctx))
    facts.endpoints.sort(key=lambda e: (e.loc.line, e.role))
    _guarded(
        facts,
        path,
        "handlers",
        lambda: facts.handlers.extend(go_handlers.extract(ctx, has_confluent, has_sarama)),
    )
    _guarded(
        facts, path, "field reads", lambda: facts.field_reads.extend(go_fields.extract(ctx, facts.handlers))
    )
    _guarded(
        facts,
        path,
        "observability",
        lambda: facts.observability.extend(go_observability.extract(ctx, has_client)),
    )


def code_facts(path: str, source: bytes, facts: FileFacts) -> None:
    """What the catalogue does not say about a .go file the Go front-end lowered: its handlers
    (poll loops, ``ConsumeClaim`` listeners), the record fields they read and its observability.
    Its endpoints are the catalogue's, found once every file is read (`copilot.lang.link`, which
    also ties consumer endpoints to these handlers)."""
    has_client = any(marker in source for marker in _CLIENT_MARKERS)
    if not has_client and not any(marker in source for marker in _HANDLER_MARKERS):
        return
    data = source.decode("utf-8", "replace").encode("utf-8")
    root = go_ast.parse(data).root_node
    ctx = GoFile(path, root, go_ast.capture(root), facts)
    imports = [imp.path for imp in ctx.index.imports.values()]
    has_sarama = any(p in go_sarama.IMPORTS for p in imports)
    has_confluent = any("confluent-kafka-go" in p for p in imports)
    _guarded(facts, path, "handlers", lambda: facts.handlers.extend(go_handlers.extract(ctx, has_confluent, has_sarama)))
    _guarded(facts, path, "field reads", lambda: facts.field_reads.extend(go_fields.extract(ctx, facts.handlers)))
    _guarded(facts, path, "observability", lambda: facts.observability.extend(go_observability.extract(ctx, has_client)))


def _guarded(facts: FileFacts, path: str, what: str, step: Callable[[], object]) -> None:
    try:
        step()
    except Exception as exc:  # one failing pass must not lose the others' facts
        facts.warnings.append(f"{path}:1: go extractor: {what} failed: {exc!r}")


def symbols(index: FileIndex, values: Resolver, env: dict[str, str] | None = None) -> dict[str, tuple[str, int]]:
    """Package-level string consts/vars whose value this file alone determines, and what exported
    parameterless functions return (``"Topic()"``).  A value that is an env var's default
    (``Topic = getTopic()`` reading ``KAFKA_TOPIC`` else "orders") records the var in `env`, so the
    deployment's env settles it."""
    out: dict[str, tuple[str, int]] = {}
    named = [(name, b.value, b.line, b) for name, b in index.consts.items()]
    named += [(f"{fn.simple}()", fn.node, go_ast.line(fn.node), None) for fn in index.funcs if _exported_getter(fn)]
    for name, node, line, binding in named:
        if binding is not None and (binding.value is None or binding.tuple_rhs or values.run_time(name, binding)):
            continue
        if binding is None:
            found = values.returns(next(f for f in index.funcs if f.node == node))
        else:
            found = values.values(node)
        if len(found) != 1 or found[0].ref.name is None:
            continue
        ref = found[0].ref
        if ref.pending is None:
            out[name] = (ref.name, line)
        elif ref.pending.kind == "env" and env is not None:
            out[name] = (ref.name, line)
            env[name] = ref.pending.key
    out.update(_field_defaults(index, values))
    if index.funcs or index.calls_by_name:
        out.update(values.call_arguments())
    return out


# origins of a value a deployment can set, whose default the code states
_SETTINGS_ORIGINS = ("cli-default", "env-default")


def _field_defaults(index: FileIndex, values: Resolver) -> dict[str, tuple[str, int]]:
    """``opts.Topic = v.GetString("kafka.topic")`` (a flag's default), ``c.Group = getEnv("G", "g")``:
    a settings struct's field with the default the code gives it, exported as ``opts.Topic``."""
    out: dict[str, tuple[str, int]] = {}
    for stmt in index.caps.get("assign", []):
        if go_ast.text(stmt.child_by_field_name("operator")) != "=":
            continue
        left = go_ast.unwrap(stmt.child_by_field_name("left"))
        right = go_ast.unwrap(stmt.child_by_field_name("right"))
        if left is None or right is None or left.type != "selector_expression" or right.type != "call_expression":
            continue
        found = values.values(right)
        if len(found) == 1 and found[0].ref.name and found[0].ref.origin in _SETTINGS_ORIGINS:
            out.setdefault(go_ast.text(left), (found[0].ref.name, go_ast.line(stmt)))
    return out


def _exported_getter(fn) -> bool:
    return not fn.is_method and not fn.params and fn.simple[:1].isupper()
