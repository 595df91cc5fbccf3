"""Turn a lowered JVM file (``jvm_ir.FileIR``) into `FileFacts`.

Each stage is guarded: a bug or an unexpected shape in one stage becomes a warning and the
facts of the other stages are still returned.
"""

from __future__ import annotations

from collections.abc import Callable

from copilot.model.facts import FileFacts
from copilot.scan.extractors import jvm_bindings, jvm_clients, jvm_schemas, jvm_spring, jvm_streams
from copilot.scan.extractors.jvm_context import FileCtx
from copilot.scan.extractors.jvm_ir import FileIR


def symbols_only(ir: FileIR, path: str) -> FileFacts:
    ctx = FileCtx(ir, path)
    _guard(ctx, "constants", lambda: ctx.facts.symbols.update(ctx.ev.symbols()))
    return ctx.facts


def analyze(ir: FileIR, path: str) -> FileFacts:
    ctx = FileCtx(ir, path)
    _guard(ctx, "constants", lambda: ctx.facts.symbols.update(ctx.ev.symbols()))
    _guard(ctx, "settings", ctx.build_containers)
    _guard(ctx, "annotations", lambda: jvm_spring.detect(ctx))
    _guard(ctx, "clients", lambda: jvm_clients.detect(ctx))
    _guard(ctx, "bindings", lambda: jvm_bindings.detect(ctx))
    _guard(ctx, "streams", lambda: jvm_streams.detect(ctx))
    _guard(ctx, "schemas", lambda: jvm_schemas.detect(ctx))
    _guard(ctx, "schema links", lambda: jvm_schemas.link(ctx))
    _guard(ctx, "file settings", lambda: _file_settings(ctx))
    ctx.facts.field_reads.sort(key=lambda r: (r.line, r.name))
    return ctx.facts


def _guard(ctx: FileCtx, stage: str, step: Callable[[], object]) -> None:
    try:
        step()
    except Exception as exc:  # an extractor never raises; report and keep the other stages' facts
        ctx.facts.warnings.append(f"{ctx.path}:1: {stage} extraction failed: {type(exc).__name__}: {exc}")


def _file_settings(ctx: FileCtx) -> None:
    """Settings not tied to a client of this file (e.g. a @Configuration class's factories)."""
    for c in ctx.containers:
        if not c.used:
            ctx.facts.settings.extend(c.settings.values())
