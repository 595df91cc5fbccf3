"""The pseudo-setting ``value.format`` of an endpoint, from the encodings catalogue.

A producer's value is traced back (through the evaluator) to the call that encoded it, past calls
that hand their argument on unchanged (sarama's ``ByteEncoder(b)``) and the items of a slice
built around it (``append(header, body...)``); a consumer's format is the decoding call inside its
handler.  Which calls encode and decode what is data (``encodings.yaml``); nothing found, no
setting.
"""

from __future__ import annotations

from copilot.lang.evaluate import Ctx, Program
from copilot.lang.ir import Expr, Module
from copilot.libraries import Encoding, encodings
from copilot.model.facts import Loc, Setting

KEY = "value.format"
MAX_HOPS = 4


def _table(language: str) -> tuple[tuple[Encoding, ...], tuple[str, ...]]:
    table, wrappers = encodings()
    return tuple(e for e in table if e.language == language), wrappers.get(language, ())


def has_encodings(language: str) -> bool:
    return bool(_table(language)[0])


def encoded(program: Program, places: list[tuple[Expr, Ctx]], language: str) -> Setting | None:
    """The format the value at `places` was encoded in, cited at the encoding call."""
    table, wrappers = _table(language)
    if not table:
        return None
    todo = places
    for _ in range(MAX_HOPS):
        found: list[tuple[Expr, Ctx]] = []
        for e, ctx in todo:
            for h in program.trace(e, ctx):
                t = h.expr
                if t.kind == "array":  # a slice built around the encoded bytes
                    found.extend((a, h.ctx) for a in t.args)
                elif t.kind == "call" and t.method in wrappers and len(t.args) == 1:
                    found.append((t.args[0], h.ctx))
                elif t.kind == "call":
                    fmt = _format(program, t, h.ctx, table, "encode")
                    if fmt is not None:
                        return _setting(fmt, t, h.ctx)
        if not found:
            return None
        todo = found
    return None


def decoded(program: Program, mod: Module, first: int, last: int) -> Setting | None:
    """The format a handler (lines `first`..`last` of `mod`) decodes record values with."""
    table, _ = _table(mod.language)
    names = {n for enc in table for n in enc.decode}
    for site in sorted(mod.calls, key=lambda s: s.expr.line):
        t = site.expr
        if first <= t.line <= last and t.kind == "call" and t.method in names:
            ctx = Ctx(mod.path, site.scope, site.cls)
            fmt = _format(program, t, ctx, table, "decode")
            if fmt is not None:
                return _setting(fmt, t, ctx)
    return None


def _setting(fmt: str, call: Expr, ctx: Ctx) -> Setting:
    return Setting(KEY, fmt, Loc(ctx.path, call.line), raw_key=call.obj.text if call.obj is not None else call.text)


def _format(program: Program, call: Expr, ctx: Ctx, table: tuple[Encoding, ...], direction: str) -> str | None:
    recv = call.receiver
    for enc in table:
        if call.method not in (enc.encode if direction == "encode" else enc.decode):
            continue
        if enc.package is not None and (recv is None or not enc.package.search(_where(program, recv, ctx))):
            continue
        if enc.made_by is not None and (recv is None or not _made_by(program, recv, ctx, enc)):
            continue
        return enc.format
    return None


def _import_path(program: Program, e: Expr | None, ctx: Ctx) -> str | None:
    mod = program.module(ctx.path)
    if e is None or e.kind != "name" or mod is None or e.value not in mod.imports:
        return None
    return mod.imports[e.value][0]


def _where(program: Program, recv: Expr, ctx: Ctx) -> str:
    """The import path of the package a call is made on, else the receiver as written."""
    return _import_path(program, recv, ctx) or recv.text.lower()


def _made_by(program: Program, recv: Expr, ctx: Ctx, enc: Encoding) -> bool:
    assert enc.made_by is not None
    for h in program.trace(recv, ctx):
        path = _import_path(program, h.expr.receiver, h.ctx) if h.expr.kind == "call" else None
        if path is not None and enc.made_by.search(path):
            return True
    return False
