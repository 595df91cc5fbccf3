"""The Python extractor: ``extract(path, source) -> FileFacts`` with the stdlib ``ast``.

Libraries: confluent-kafka, kafka-python, aiokafka, faust, pulsar-client (sentry-arroyo is a
catalogue entry read through the Python front-end, `copilot.lang.python`, which runs this
extractor for everything the IR does not carry yet).  The work is split
into small passes over one shared `Context` (see the ``py_*`` modules):

- py_index     one AST walk: scopes, assignments, imports, calls, loops
- py_resolve   topic-name / setting-value resolution (literal, constant, f-string, config-key,
               env-default, parameter, imported constant -> Pending); py_values, py_dicts
- py_clients   receiver -> client constructor (library, settings)
- py_kafka / py_faust / py_pulsar   endpoints per library
- py_handlers / py_calls            poll loops, agents, listeners and their categorised calls
- py_schema, py_fields, py_observe, py_symbols

A file that mentions none of the client libraries only gets a shallow walk for its exported
``symbols`` (constants other files import), its inline schemas and observability imports.
Nothing here raises: problems become ``"path:line: message"`` warnings.
"""

from __future__ import annotations

import ast
import codecs
import io
import re
import tokenize
from collections.abc import Callable

from copilot.model.facts import FieldRead, FileFacts
from copilot.scan.extractors.py_calls import Categorizer
from copilot.scan.extractors.py_context import Context
from copilot.scan.extractors.py_endpoints import EndpointBuilder
from copilot.scan.extractors.py_faust import faust_app_settings, faust_endpoints, faust_symbols
from copilot.scan.extractors.py_fields import field_reads
from copilot.scan.extractors.py_handlers import Handlers
from copilot.scan.extractors.py_kafka import kafka_endpoints
from copilot.scan.extractors.py_observe import observability, observability_imports
from copilot.scan.extractors.py_pulsar import pulsar_endpoints
from copilot.scan.extractors.py_symbols import export_symbols

LANGUAGE = "python"
# Import names of the supported client libraries (confluent_kafka, kafka, aiokafka, faust, pulsar, arroyo).
_CLIENT_MARKERS = ("kafka", "faust", "pulsar", "arroyo")
# A faust agents module that imports its app (``from .app import app``) need not say "faust".
_FAUST_SHAPE = re.compile(r"@\s*[A-Za-z_][\w.]*\.(?:agent|timer|page|crontab)\s*\(")


def extract(path: str, source: bytes) -> FileFacts:
    facts = FileFacts(path=path, language=LANGUAGE)
    text, tree = parse(path, source, facts.warnings)
    if tree is not None:
        extract_tree(path, text, tree, facts)
    return facts


def parse(path: str, source: bytes, warnings: list[str]) -> tuple[str, ast.Module | None]:
    """The decoded text and its syntax tree (None when it does not parse, with a warning)."""
    text = _decode(path, source, warnings)
    try:
        return text, ast.parse(text, filename=path)
    except SyntaxError as exc:
        warnings.append(f"{path}:{exc.lineno or _null_line(text)}: syntax error: {exc.msg}")
    except (ValueError, RecursionError, MemoryError) as exc:  # null bytes (before 3.12), absurd nesting
        warnings.append(f"{path}:{_null_line(text)}: cannot parse: {exc}")
    return text, None


def extract_tree(path: str, text: str, tree: ast.Module, facts: FileFacts) -> None:
    """The facts of a parsed file (the Python front-end shares its parse with this)."""
    try:
        _extract(path, text, tree, facts)
    except Exception as exc:  # never raise: keep what was gathered, say what went wrong
        facts.warnings.append(f"{path}:1: python extractor failed: {type(exc).__name__}: {exc}")


def _extract(path: str, text: str, tree: ast.Module, facts: FileFacts) -> None:
    deep = any(marker in text for marker in _CLIENT_MARKERS) or bool(_FAUST_SHAPE.search(text))
    ctx = Context.build(path, text, tree, deep)
    _stage(facts, path, "symbols", lambda: facts.symbols.update(export_symbols(ctx.resolver, facts.symbol_env)))
    _stage(facts, path, "schemas", lambda: facts.schemas.extend(ctx.schemas.facts))
    if not deep:
        facts.observability.extend(observability_imports(ctx.index))
        return
    categorizer = Categorizer(ctx)
    handlers = Handlers(ctx, categorizer)
    _stage(facts, path, "handlers", handlers.find)
    builder = EndpointBuilder(ctx, handlers)
    faust_reads: list[FieldRead] = []

    def _faust() -> None:
        endpoints, reads = faust_endpoints(builder)
        facts.endpoints.extend(endpoints)
        faust_reads.extend(reads)
        for name, symbol in faust_symbols(builder).items():
            facts.symbols.setdefault(name, symbol)
        facts.settings.extend(faust_app_settings(builder))

    _stage(facts, path, "kafka endpoints", lambda: facts.endpoints.extend(kafka_endpoints(builder)))
    _stage(facts, path, "faust endpoints", _faust)
    _stage(facts, path, "pulsar endpoints", lambda: facts.endpoints.extend(pulsar_endpoints(builder)))
    facts.endpoints.sort(key=lambda e: e.loc.line)  # stable: a subscribe list keeps its order
    facts.handlers.extend(sorted(handlers.facts, key=lambda h: h.loc.line))
    _stage(
        facts,
        path,
        "observability",
        lambda: facts.observability.extend(observability(ctx.index, categorizer)),
    )
    if any(e.role == "consume" for e in facts.endpoints) or facts.handlers:

        def _reads() -> None:
            unique = {(r.name, r.line): r for r in [*field_reads(ctx), *faust_reads]}
            facts.field_reads.extend(sorted(unique.values(), key=lambda r: (r.line, r.name)))

        _stage(facts, path, "field reads", _reads)


def _null_line(text: str) -> int:
    """The line of the first NUL character (which the parser reports without a line), else 1."""
    index = text.find("\0")
    return text.count("\n", 0, index) + 1 if index >= 0 else 1


def _stage(facts: FileFacts, path: str, what: str, run: Callable[[], object]) -> None:
    """Run one pass; a failure costs that pass only, as a warning."""
    try:
        run()
    except Exception as exc:
        facts.warnings.append(f"{path}:1: python extractor: {what} skipped: {type(exc).__name__}: {exc}")


def _decode(path: str, source: bytes, warnings: list[str]) -> str:
    """UTF-8 (or the PEP 263 coding cookie); undecodable bytes are replaced, with a warning."""
    if source.startswith(codecs.BOM_UTF8):
        source = source[len(codecs.BOM_UTF8) :]
    try:
        return source.decode("utf-8")
    except UnicodeDecodeError as exc:
        error = exc
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
    except SyntaxError:
        encoding = "utf-8"
    if encoding not in ("utf-8", "utf-8-sig"):
        try:
            return source.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            pass
    line = source.count(b"\n", 0, error.start) + 1
    warnings.append(
        f"{path}:{line}: not valid UTF-8 ({error.reason} at byte {error.start}); decoded with replacement"
    )
    return source.decode("utf-8", "replace")
