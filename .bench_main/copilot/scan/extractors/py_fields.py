"""Record fields read by consuming code: ``value["amount_cents"]``, ``order.get("currency")``.

Good enough rather than exact: in a file that consumes, every string-keyed subscript or
``.get("key")`` read counts, except on things that are plainly configuration (environment,
config/settings dicts, dict literals built in the file, imported modules such as ``requests``).
"""

from __future__ import annotations

import ast
import re

from copilot.model.facts import FieldRead
from copilot.scan.extractors.py_context import Context
from copilot.scan.extractors.py_index import Scope
from copilot.scan.extractors.py_source import callee_text, root_name, str_const

_FIELD = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*$")
_CONFIG_WORDS = ("environ", "conf", "setting", "header", "args", "kwargs", "options", "params")


def field_reads(ctx: Context) -> list[FieldRead]:
    reads: list[FieldRead] = []
    for node, scope in ctx.index.subscripts:
        if not isinstance(node.ctx, ast.Load):
            continue
        key = str_const(node.slice)
        if key is not None and _FIELD.match(key) and not _is_config(ctx, node.value, scope):
            reads.append(FieldRead(key, node.lineno))
    for call, scope in ctx.index.calls_by_attr.get("get", ()):
        key = str_const(call.args[0]) if call.args else None
        receiver = call.func.value  # type: ignore[attr-defined]
        if key is not None and _FIELD.match(key) and not _is_config(ctx, receiver, scope):
            reads.append(FieldRead(key, call.lineno))
    return reads


def _is_config(ctx: Context, receiver: ast.expr, scope: Scope) -> bool:
    text = callee_text(receiver).lower()
    if any(word in text for word in _CONFIG_WORDS):
        return True
    root = root_name(receiver)
    imported = ctx.index.imports.get(root) if root else None
    if imported is not None and imported.attr is None:  # a module: requests.get("..."), os.environ[...]
        return True
    if isinstance(receiver, ast.Name):
        found = ctx.index.lookup(receiver.id, scope, receiver.lineno)
        if found is not None and found[0] == "assign":
            value = found[1][-1].value  # type: ignore[index]
            if isinstance(value, ast.Dict) or (
                isinstance(value, ast.Call) and callee_text(value.func) == "dict"
            ):
                return True
    return False
