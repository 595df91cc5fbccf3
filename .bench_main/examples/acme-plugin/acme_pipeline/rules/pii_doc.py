"""acme-pii-doc: a new Avro field whose name looks like personal data needs a `doc` tag."""

from __future__ import annotations

import json
import re

from copilot.model.findings import Finding
from copilot.rules.base import RuleContext, alternatives, finding

RULE = "acme-pii-doc"
SUMMARY = "A new Avro field whose name looks like personal data has no doc tag."
SEVERITY = "medium"
PERSONAL = re.compile(r"(e_?mail|phone|ssn|birth|address|first_?name|last_?name|full_?name|passport|iban)", re.I)


def _fields(text: str) -> dict[str, dict]:
    """Field name → field object, for every record in a schema text (nested records included)."""
    out: dict[str, dict] = {}

    def walk(node: object, record: str) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item, record)
        elif isinstance(node, dict):
            if node.get("type") == "record":
                name = str(node.get("name", record))
                for f in node.get("fields", []):
                    if isinstance(f, dict) and "name" in f:
                        out[f"{name}.{f['name']}"] = f
                        walk(f.get("type"), name)
            else:
                walk(node.get("type"), record)
                walk(node.get("items"), record)
                walk(node.get("values"), record)

    try:
        walk(json.loads(text), "")
    except ValueError:
        return {}
    return out


def _line_of(lines: list[str], field_name: str) -> int:
    needle = f'"{field_name}"'
    return next((i for i, line in enumerate(lines, 1) if needle in line and '"name"' in line), 1)


def check(ctx: RuleContext) -> list[Finding]:
    out: list[Finding] = []
    for full_name, schema in sorted(ctx.head.schemas.items()):
        before = ctx.base.schemas.get(full_name)
        old = _fields(before.text) if before else {}
        lines = ctx.lines("head", schema.loc.path) or []
        for key, field in _fields(schema.text).items():
            short = key.rsplit(".", 1)[-1]
            if key in old or not PERSONAL.search(short) or str(field.get("doc", "")).strip():
                continue
            line = _line_of(lines, short)
            out.append(finding(
                RULE, SEVERITY, f"Personal-data field `{key}` has no doc tag",
                f"`{short}` looks like personal data; ACME requires every such field to say in its `doc` "
                "what it holds and how long it is kept, so data owners can answer access and erasure requests.",
                [ctx.cite("head", schema.loc.path, line)], f"{full_name}.{short}",
                alts=alternatives(("Add a doc, e.g. \"doc\": \"PII: customer e-mail, kept 30 days\"", "one line")),
            ))
    return out
