"""Avro schemas in Python code: inline schema strings/dicts, and how an endpoint names its schema."""

from __future__ import annotations

import ast
import json

from copilot.model.facts import Loc, SchemaFact, SchemaRef
from copilot.scan.extractors.py_index import ModuleIndex, Scope, method_scope
from copilot.scan.extractors.py_source import Source, dotted, parent

SCHEMA_EXTENSIONS = (".avsc", ".avpr")
# pulsar schema classes wrapping a record class: AvroSchema(Order)
_RECORD_SCHEMA_CLASSES = frozenset({"AvroSchema", "JsonSchema", "ProtobufSchema"})
MAX_DEPTH = 4


def full_name(schema: dict) -> str:
    name = schema.get("name", "")
    namespace = schema.get("namespace")
    if "." in name or not namespace:
        return name
    return f"{namespace}.{name}"


def _record(data: object) -> dict | None:
    if (
        isinstance(data, dict)
        and data.get("type") in ("record", "error")
        and isinstance(data.get("name"), str)
    ):
        return data
    return None


def _fields(schema: dict) -> list[str]:
    fields = schema.get("fields")
    if not isinstance(fields, list):
        return []
    return [f["name"] for f in fields if isinstance(f, dict) and isinstance(f.get("name"), str)]


class Schemas:
    """Finds inline schemas once, then answers `find` for endpoint expressions."""

    def __init__(self, index: ModuleIndex, src: Source, path: str, enabled: bool = True) -> None:
        self.index = index
        self.src = src
        self.path = path
        self.enabled = enabled  # False when the text mentions no schema at all: `find` is then free
        self.facts: list[SchemaFact] = []
        self._inline: dict[int, str] = {}  # id(node) -> full name
        self._cache: dict[tuple[int, int], SchemaRef | None] = {}
        for node in index.strings:
            try:
                data = json.loads(node.value)
            except ValueError:
                continue
            self._add(node, _record(data), node.value)
        for node in index.dicts:
            if self._looks_like_schema(node) and not self._inside_schema(node):
                try:
                    data = ast.literal_eval(node)
                except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                    continue
                record = _record(data)
                self._add(node, record, json.dumps(record) if record else "")

    def _add(self, node: ast.AST, record: dict | None, text: str) -> None:
        if record is None:
            return
        name = full_name(record)
        self._inline[id(node)] = name
        loc = Loc(self.path, node.lineno)  # type: ignore[attr-defined]
        end = node.end_lineno or node.lineno  # type: ignore[attr-defined]
        self.facts.append(SchemaFact(name, loc, end, text, inline=True, fields=_fields(record)))

    @staticmethod
    def _looks_like_schema(node: ast.Dict) -> bool:
        keys = {
            k.value: v for k, v in zip(node.keys, node.values, strict=True) if isinstance(k, ast.Constant)
        }
        kind = keys.get("type")
        return isinstance(kind, ast.Constant) and kind.value in ("record", "error") and "name" in keys

    def _inside_schema(self, node: ast.AST) -> bool:
        current = parent(node)
        for _ in range(40):
            if current is None:
                return False
            if id(current) in self._inline:
                return True
            current = parent(current)
        return False

    def find(self, expr: ast.AST | None, scope: Scope, depth: int = 0) -> SchemaRef | None:
        """The schema an expression uses: a schema file path, an inline schema, or a record class."""
        if expr is None or depth > MAX_DEPTH or not self.enabled:
            return None
        key = (id(expr), id(scope))
        if key not in self._cache:
            self._cache[key] = None  # guards against cycles while computing
            self._cache[key] = self._find(expr, scope, depth)
        return self._cache[key]

    def _find(self, expr: ast.AST, scope: Scope, depth: int) -> SchemaRef | None:
        for node in ast.walk(expr):
            ref = self._direct(node)
            if ref is not None:
                return ref
        for node in ast.walk(expr):
            if isinstance(node, ast.Name):
                ref = self._follow_name(node, scope, depth)
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                ref = self._follow_self(node, scope, depth)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                ref = self._follow_function(node.func, scope, depth)
            else:
                ref = None
            if ref is not None:
                return ref
        return None

    def _direct(self, node: ast.AST) -> SchemaRef | None:
        name = self._inline.get(id(node))
        if name is not None:
            return SchemaRef("inline", name, Loc(self.path, node.lineno))  # type: ignore[attr-defined]
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            joined = _joined_path(node)
            if joined and joined.endswith(SCHEMA_EXTENSIONS):
                return SchemaRef("file", joined, Loc(self.path, node.lineno))
        if isinstance(node, ast.Call):
            callee = dotted(node.func) or ""
            if callee.endswith("path.join"):
                parts = [
                    a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
                ]
                if parts and parts[-1].endswith(SCHEMA_EXTENSIONS):
                    return SchemaRef("file", "/".join(parts), Loc(self.path, node.lineno))
            if callee.rsplit(".", 1)[-1] in _RECORD_SCHEMA_CLASSES and node.args:
                record = dotted(node.args[0])
                if record:
                    return SchemaRef("name", record, Loc(self.path, node.lineno))
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value.endswith(SCHEMA_EXTENSIONS)
        ):
            return SchemaRef("file", node.value, Loc(self.path, node.lineno))
        return None

    def _follow_name(self, node: ast.Name, scope: Scope, depth: int) -> SchemaRef | None:
        found = self.index.lookup(node.id, scope, node.lineno)
        if found is None:
            return None
        kind, obj = found
        if kind == "assign":
            asg = obj[-1]  # type: ignore[index]
            return self.find(asg.value, asg.scope, depth + 1) if asg.kind in ("assign", "with") else None
        if kind == "function":
            return self._returns(obj, depth)  # type: ignore[arg-type]
        return None

    def _follow_self(self, node: ast.Attribute, scope: Scope, depth: int) -> SchemaRef | None:
        method = method_scope(scope)
        if method is None or method.owner_class is None or node.value.id != method.self_name:  # type: ignore[attr-defined]
            return None
        cls = method.owner_class
        for asg in reversed(cls.self_assigns.get(node.attr, []) + cls.assigns.get(node.attr, [])):
            ref = self.find(asg.value, asg.scope, depth + 1)
            if ref is not None:
                return ref
        return None

    def _follow_function(self, func: ast.Name, scope: Scope, depth: int) -> SchemaRef | None:
        found = self.index.lookup(func.id, scope, func.lineno)
        if found is not None and found[0] == "function":
            return self._returns(found[1], depth)  # type: ignore[arg-type]
        return None

    def _returns(self, fn: Scope, depth: int) -> SchemaRef | None:
        for ret in fn.returns:
            ref = self.find(ret, fn, depth + 1)
            if ref is not None:
                return ref
        return None

    def record_class(self, expr: ast.AST | None) -> SchemaRef | None:
        """``value_type=Order`` (faust) / a record class name -> SchemaRef(kind="name")."""
        text = dotted(expr) if expr is not None else None
        if not text or text in ("str", "bytes", "dict", "int", "float"):
            return None
        return SchemaRef("name", text, Loc(self.path, expr.lineno))  # type: ignore[union-attr]


def _joined_path(node: ast.BinOp) -> str | None:
    """``Path(__file__).parent / "schemas" / "order.avsc"`` -> ``schemas/order.avsc`` (string parts only)."""
    parts: list[str] = []
    current: ast.AST = node
    while isinstance(current, ast.BinOp) and isinstance(current.op, ast.Div):
        if isinstance(current.right, ast.Constant) and isinstance(current.right.value, str):
            parts.append(current.right.value)
        current = current.left
    if isinstance(current, ast.Constant) and isinstance(current.value, str):
        parts.append(current.value)
    elif isinstance(current, ast.Call) and current.args:
        first = current.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            parts.append(first.value)
    return "/".join(reversed(parts)) if parts else None
