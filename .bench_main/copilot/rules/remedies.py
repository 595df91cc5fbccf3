"""Mechanical remedies for schema findings, proposed as patches (never applied here).

- a new field without a default → make it optional: ``["null", T]`` with ``"default": null``;
- a removed field that a consumer still reads, or a retyped one → restore the earlier
  definition verbatim (keep writing it; deprecate it in the doc);
- a renamed field (same type, new name) → add the old name as an alias;
- enum symbols removed → add an enum ``default`` that old readers fall back to.

The patched schema keeps the file's layout: one field per line when the file was written so,
``indent=2`` JSON otherwise.
"""

from __future__ import annotations

import json
import re
from types import ModuleType
from typing import Any

from copilot.model.findings import Finding
from copilot.rules.base import RuleContext


def _top_name(field: str | None) -> str | None:
    return field.split(".")[-1] if field else None


def _fields(schema: dict[str, Any]) -> list[dict[str, Any]]:
    return schema.get("fields", []) if isinstance(schema, dict) else []


def _one_field_per_line(text: str, schema: dict[str, Any]) -> bool:
    names = [f.get("name") for f in _fields(schema)]
    lines = text.splitlines()
    return bool(names) and all(
        sum(1 for ln in lines if re.search(rf'"name"\s*:\s*"{re.escape(str(n))}"', ln) and ln.strip().startswith("{")) == 1
        for n in names
    )


def _indent_unit(text: str) -> int:
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        if stripped and len(line) != len(stripped):
            return len(line) - len(stripped)
    return 2


def dump_like(original: str, schema: dict[str, Any]) -> str:
    """Serialise `schema` in the layout of `original`: its indentation, one field per line when
    it was written so, a single line when it was one."""
    try:
        layout = json.loads(original)
    except ValueError:
        layout = {}
    if original.strip().count("\n") == 0:
        return json.dumps(schema) + "\n"
    unit = _indent_unit(original)
    if not _one_field_per_line(original, layout):
        return json.dumps(schema, indent=unit) + "\n"
    pad = " " * unit
    head = {k: v for k, v in schema.items() if k != "fields"}
    lines = ["{"]
    for key, value in head.items():
        lines.append(f"{pad}{json.dumps(key)}: {json.dumps(value)},")
    lines.append(f'{pad}"fields": [')
    fields = _fields(schema)
    for i, f in enumerate(fields):
        sep = "," if i < len(fields) - 1 else ""
        lines.append(f"{pad * 2}{json.dumps(f, separators=(', ', ': '))}{sep}")
    lines.append(f"{pad}]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def remedy_schema(old: dict[str, Any], new: dict[str, Any], problems: list[Any], lost: list[str]) -> tuple[dict[str, Any], list[str]]:
    """The new schema with mechanical fixes applied, and what was done (in words)."""
    fixed = json.loads(json.dumps(new))
    done: list[str] = []
    old_fields = {f["name"]: f for f in _fields(old)}
    new_fields = {f["name"]: f for f in _fields(fixed)}
    for p in problems:
        kind = getattr(p, "kind", "")
        name = _top_name(getattr(p, "field", None))
        if kind == "READER_FIELD_MISSING_DEFAULT_VALUE" and name in new_fields and "default" not in new_fields[name]:
            f = new_fields[name]
            t = f["type"]
            if isinstance(t, list):
                if "null" in t:
                    f["type"] = ["null", *[x for x in t if x != "null"]]
                    f["default"] = None
            else:
                f["type"] = ["null", t]
                f["default"] = None
            done.append(f"make `{name}` optional (null default)")
        if kind == "MISSING_ENUM_SYMBOLS":
            for f in _fields(fixed):
                t = f.get("type")
                if isinstance(t, dict) and t.get("type") == "enum" and "default" not in t and t.get("symbols"):
                    t["default"] = t["symbols"][0]
                    done.append(f"add enum default `{t['symbols'][0]}` to `{t.get('name')}`")
    for name in lost:
        if name in old_fields and (name not in new_fields or new_fields[name].get("type") != old_fields[name].get("type")):
            restored = json.loads(json.dumps(old_fields[name]))
            if name in new_fields:  # retyped: revert the type; a new type belongs under a new field name
                idx = [f["name"] for f in _fields(fixed)].index(name)
                fixed["fields"][idx] = restored
                done.append(f"revert `{name}` to its previous type")
                continue
            doc = restored.get("doc", "")
            restored["doc"] = (doc + " " if doc else "") + "DEPRECATED: kept for existing consumers."
            old_names = [f["name"] for f in _fields(old)]
            pos = old_names.index(name)
            prev = old_names[pos - 1] if pos > 0 else None
            names_now = [f["name"] for f in _fields(fixed)]
            at = names_now.index(prev) + 1 if prev in names_now else len(names_now)
            fixed["fields"].insert(at, restored)
            done.append(f"restore `{name}` as before (deprecated)")
    return fixed, done


def patch_proposals(ctx: RuleContext, f: Finding, propose: ModuleType) -> list[Any]:
    if f.rule != "schema-breaking":
        return []
    from copilot.rules.schema_breaking import _lost_fields, analyse

    change = next((c for c in analyse(ctx) if c.finding is f), None)
    if change is None or change.new.inline:
        return []
    path = change.new.loc.path
    current = (ctx.changes.root / path).read_text(encoding="utf-8") if (ctx.changes.root / path).is_file() else None
    if current is None:
        return []
    try:
        new_schema = json.loads(current)
        old_schema = json.loads(change.old.text)
    except ValueError:
        return []
    if not isinstance(new_schema, dict) or new_schema.get("type") != "record":
        return []
    lost = [name for name, _ in _lost_fields(change)]
    fixed, done = remedy_schema(old_schema, new_schema, change.problems, lost)
    if not done:
        return []
    text = dump_like(current, fixed)
    try:
        proposal = propose.patch_proposal(
            ctx.changes.root,
            f"{path}: " + "; ".join(done),
            f"Mechanical remedy for {f.rule} on `{change.name}`: " + "; ".join(done) + ". "
            f"This keeps the schema {change.mode} compatible with its earlier versions and keeps existing readers working.",
            {path: text},
            [f.fingerprint],
            [(a.title, a.tradeoff) for a in f.alternatives],
        )
    except Exception as exc:  # a refused proposal is reported, not fatal
        ctx.head.warnings.append(f"{path}: no patch proposed: {exc}")
        return []
    return [proposal]
