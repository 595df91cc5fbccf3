"""The value model of Python name resolution: `Val` and how values combine.

Every answer is a list of `Val` because one expression can stand for several names: a
parameter whose call sites disagree, ``for t in ("a", "b")``, ``"a" if x else "b"``.  What
cannot be settled in this file becomes a `Pending` (py-const, env, template); what cannot be
settled at all is ``origin="unresolved"`` and the caller shows the expression text instead.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from copilot.model.facts import Loc, Pending

UNRESOLVED = "unresolved"
_PLACEHOLDER = re.compile(r"\{(\d+)\}")


@dataclass(frozen=True)
class Val:
    name: str | None
    origin: str
    pending: Pending | None = None
    via: tuple[Loc, ...] = ()
    pattern: bool = False

    @property
    def ok(self) -> bool:
        return self.origin != UNRESOLVED

    @property
    def known(self) -> bool:
        """Fully known in this file (no Pending left)."""
        return self.ok and self.pending is None and self.name is not None


UNRES = Val(None, UNRESOLVED)


def through(val: Val, loc: Loc, origin: str = "constant") -> Val:
    """`val` reached through a named definition at `loc` (a same-file constant, enum member, ...)."""
    if not val.ok:
        return val
    new_origin = (
        origin if val.origin in ("literal", "f-string", "constant") and val.pending is None else val.origin
    )
    return Val(val.name, new_origin, val.pending, (loc, *val.via), val.pattern)


def dedupe(vals: list[Val]) -> list[Val]:
    merged: dict[tuple, Val] = {}
    for val in vals:
        key = (val.name, val.pending, val.origin, val.pattern)
        old = merged.get(key)
        if old is None:
            merged[key] = val
        else:
            via = old.via + tuple(loc for loc in val.via if loc not in old.via)
            merged[key] = replace(old, via=via)
    return list(merged.values()) or [UNRES]


def combine(parts: list[str | Val]) -> Val:
    """Join template parts; pending parts become ``{0}``, ``{1}``... of a ``template`` Pending."""
    vals = [p for p in parts if isinstance(p, Val)]
    if any(not v.ok or (v.name is None and v.pending is None) for v in vals):
        return UNRES
    via = tuple(itertools.chain.from_iterable(v.via for v in vals))
    if all(v.pending is None for v in vals):
        return Val("".join(p if isinstance(p, str) else p.name or "" for p in parts), "f-string", None, via)
    key: list[str] = []
    pending: list[Pending] = []
    names: list[str] | None = []
    for part in parts:
        if isinstance(part, str) or part.pending is None:
            text = part if isinstance(part, str) else part.name or ""
            key.append(text)
            if names is not None:
                names.append(text)
            continue
        if part.pending.kind == "template":
            offset = len(pending)
            key.append(_PLACEHOLDER.sub(lambda m, o=offset: f"{{{int(m.group(1)) + o}}}", part.pending.key))
            pending.extend(part.pending.parts)
        else:
            key.append(f"{{{len(pending)}}}")
            pending.append(part.pending)
        if part.name is None or names is None:
            names = None
        else:
            names.append(part.name)
    name = "".join(names) if names is not None else None
    return Val(name, "f-string", Pending("template", "".join(key), default=name, parts=tuple(pending)), via)


def constant(value: object) -> Val:
    if isinstance(value, str):
        return Val(value, "literal")
    if isinstance(value, bool):
        return Val("true" if value else "false", "literal")
    if isinstance(value, int | float):
        return Val(str(value), "literal")
    if isinstance(value, bytes):
        try:
            return Val(value.decode("utf-8"), "literal")
        except UnicodeDecodeError:
            return UNRES
    return UNRES
