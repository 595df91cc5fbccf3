"""The constants a module exports for other files' imports (``FileFacts.symbols``).

Keys: ``NAME`` for module-level string constants, ``Class.NAME`` for class attributes (also
enum members and settings-class defaults), and ``NAME.key`` / ``NAME.a.b`` for the string,
number and boolean leaves of module-level (or class-level) dicts.  A value is exported when it
is known in this file: a literal, a same-file constant, an f-string of those, or the default
of an environment lookup (``os.getenv("ORDERS_TOPIC", "orders")`` exports ``"orders"``).
"""

from __future__ import annotations

import ast

from copilot.scan.extractors.py_dicts import Entry
from copilot.scan.extractors.py_index import Scope
from copilot.scan.extractors.py_resolve import Resolver

MAX_DEPTH = 6


def export_symbols(resolver: Resolver, env: dict[str, str] | None = None) -> dict[str, tuple[str, int]]:
    """Module and class constants; `env` (when given) receives symbol -> environment variable
    for constants that are an env lookup's default."""
    out: dict[str, tuple[str, int]] = {}
    module = resolver.index.module
    _scope_symbols(resolver, module, "", out, env)
    for cls in resolver.index.classes:
        if _module_level_class(cls):
            _scope_symbols(resolver, cls, f"{cls.qualname}.", out, env)
    return out


def _module_level_class(cls: Scope) -> bool:
    current = cls.parent
    while current is not None:
        if current.kind == "function":
            return False
        current = current.parent
    return True


def _scope_symbols(
    resolver: Resolver, scope: Scope, prefix: str, out: dict[str, tuple[str, int]], env: dict[str, str] | None = None
) -> None:
    for name, assigns in scope.assigns.items():
        top = [a for a in assigns if a.kind == "assign" and a.value is not None and a.top]
        if not top:
            continue
        asg = top[-1]
        value = asg.value
        assert value is not None
        entries = resolver.dict_entries(value, scope) if _dict_like(value) else None
        if entries is not None:
            _flatten(resolver, f"{prefix}{name}", entries, out, 0)
            continue
        if isinstance(value, ast.Constant | ast.UnaryOp) and not isinstance(
            getattr(value, "value", None), str
        ):
            continue  # numbers and booleans are only exported inside dicts
        exported = _known(resolver, value, scope)
        if exported is not None:
            out[f"{prefix}{name}"] = (exported, asg.line)
            pending = resolver.resolve_one(value, scope).pending
            if env is not None and pending is not None and pending.kind == "env":
                env[f"{prefix}{name}"] = pending.key


def _dict_like(value: ast.expr) -> bool:
    if isinstance(value, ast.Dict):
        return True
    return isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "dict"


def _known(resolver: Resolver, value: ast.expr, scope: Scope) -> str | None:
    val = resolver.resolve_one(value, scope)
    if not val.ok or not val.name:  # "" names no topic (it is filled in at run time)
        return None
    if val.pending is not None and val.pending.kind not in ("env", "template"):
        return None
    return val.name


def _flatten(
    resolver: Resolver, prefix: str, entries: dict[str, Entry], out: dict[str, tuple[str, int]], depth: int
) -> None:
    for key, entry in entries.items():
        path = f"{prefix}.{key}"
        nested = (
            resolver.dict_entries(entry.value, entry.scope)
            if _dict_like(entry.value) and depth < MAX_DEPTH
            else None
        )
        if nested is not None:
            _flatten(resolver, path, nested, out, depth + 1)
            continue
        exported = _known(resolver, entry.value, entry.scope)
        if exported is not None:
            out[path] = (exported, entry.line)
