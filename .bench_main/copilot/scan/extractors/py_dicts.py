"""Dict literals built in one file: config dicts for client settings, config-key topic lookups."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import TYPE_CHECKING

from copilot.scan.extractors.py_index import Assignment, Scope, method_scope

if TYPE_CHECKING:
    from copilot.scan.extractors.py_resolve import Resolver

MAX_DEPTH = 10


@dataclass
class Entry:
    """One key of a dict literal (or dict(...) kwarg / ``conf[k] = v`` / ``conf.update``)."""

    raw_key: str
    value: ast.expr
    scope: Scope
    line: int


class Dicts:
    """``{...}``, ``{**BASE, ...}``, ``dict(...)``, ``a | b``, copies, and later ``conf[k] = v`` /
    ``conf.update(...)`` on the same name."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.index = resolver.index

    def const_key(self, node: ast.AST | None, scope: Scope, depth: int) -> str | None:
        return self.resolver.const_key(node, scope, depth)

    def entries(self, expr: ast.AST | None, scope: Scope, depth: int = 0) -> dict[str, Entry] | None:
        """The keys of a dict built in this file (literal, ``{**BASE, ...}``, ``dict(...)``, ``a | b``),
        including later ``conf[k] = v`` and ``conf.update(...)`` on the same name; None when unknown."""
        if expr is None or depth > MAX_DEPTH:
            return None
        if isinstance(expr, ast.Dict):
            out: dict[str, Entry] = {}
            for key_node, value in zip(expr.keys, expr.values, strict=True):
                if key_node is None:
                    out.update(self.entries(value, scope, depth + 1) or {})
                    continue
                key = self.const_key(key_node, scope, depth)
                if key is not None:
                    out[key] = Entry(key, value, scope, key_node.lineno)
            return out
        if isinstance(expr, ast.Call):
            return self._dict_call(expr, scope, depth)
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.BitOr):
            left = self.entries(expr.left, scope, depth + 1)
            right = self.entries(expr.right, scope, depth + 1)
            if left is None and right is None:
                return None
            return {**(left or {}), **(right or {})}
        if isinstance(expr, ast.Name):
            return self._dict_name(expr, scope, depth)
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name):
            method = method_scope(scope)
            if method is not None and expr.value.id == method.self_name and method.owner_class is not None:
                assigns = method.owner_class.self_assigns.get(expr.attr) or method.owner_class.assigns.get(
                    expr.attr
                )
                if assigns and assigns[-1].value is not None:
                    return self.entries(assigns[-1].value, assigns[-1].scope, depth + 1)
            return None
        if isinstance(expr, ast.Subscript):
            base = self.entries(expr.value, scope, depth + 1)
            key = self.const_key(expr.slice, scope, depth)
            entry = base.get(key) if base is not None and key is not None else None
            return self.entries(entry.value, entry.scope, depth + 1) if entry else None
        return None

    def _dict_call(self, expr: ast.Call, scope: Scope, depth: int) -> dict[str, Entry] | None:
        qualified = self.index.qualified_call(expr.func)
        if qualified == "dict":
            out: dict[str, Entry] = {}
            for a in expr.args:
                out.update(self.entries(a, scope, depth + 1) or {})
            self._merge_keywords(out, expr, scope, depth)
            return out
        if qualified in ("copy.copy", "copy.deepcopy") and expr.args:
            return self.entries(expr.args[0], scope, depth + 1)
        if isinstance(expr.func, ast.Attribute) and expr.func.attr == "copy" and not expr.args:
            return self.entries(expr.func.value, scope, depth + 1)
        if isinstance(expr.func, ast.Name):
            found = self.index.lookup(expr.func.id, scope, expr.lineno)
            if found is not None and found[0] == "function":
                fn: Scope = found[1]  # type: ignore[assignment]
                for ret in fn.returns:
                    entries = self.entries(ret, fn, depth + 1)
                    if entries is not None:
                        return entries
        return None

    def _merge_keywords(self, out: dict[str, Entry], call: ast.Call, scope: Scope, depth: int) -> None:
        for kw in call.keywords:
            if kw.arg is None:
                out.update(self.entries(kw.value, scope, depth + 1) or {})
            else:
                out[kw.arg] = Entry(kw.arg, kw.value, scope, kw.lineno)

    def _dict_name(self, expr: ast.Name, scope: Scope, depth: int) -> dict[str, Entry] | None:
        found = self.index.lookup(expr.id, scope, expr.lineno)
        if found is None:
            return None
        kind, obj = found
        if kind == "param":
            fn, param = obj  # type: ignore[misc]
            for value, site_scope, _ in self.resolver.param_sources(fn, param):
                entries = self.entries(value, site_scope, depth + 1) if value is not None else None
                if entries is not None:
                    return entries
            return None
        if kind != "assign":
            return None
        asg: Assignment = obj[-1]  # type: ignore[index]
        if asg.kind != "assign":
            return None
        entries = self.entries(asg.value, asg.scope, depth + 1)
        if entries is None:
            return None
        entries = dict(entries)
        for key_node, value, line in asg.scope.item_sets.get(expr.id, ()):
            key = self.const_key(key_node, asg.scope, depth)
            if key is not None and line > asg.line:
                entries[key] = Entry(key, value, asg.scope, line)
        for call in asg.scope.updates.get(expr.id, ()):
            if call.lineno > asg.line:
                for a in call.args:
                    entries.update(self.entries(a, asg.scope, depth + 1) or {})
                self._merge_keywords(entries, call, asg.scope, depth)
        return entries
