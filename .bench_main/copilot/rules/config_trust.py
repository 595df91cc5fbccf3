"""config-trust: the change edits the copilot's own configuration.

A review runs under the configuration of its base (``copilot.config_sources``): the LLM endpoint,
model and key variable, the registry URL, the deploy commands and the gate (``fail_on``, ``ignore``,
compatibility modes, per-rule settings) never come from the change under review.  So a change to
them does nothing in its own review — and is itself a finding, showing each key before and after,
for a person with merge rights to accept (Atlantis's server-side repo config, GitHub's
``pull_request_target`` reading the base branch's workflow, are the models).
"""

from __future__ import annotations

import json
import re
from typing import Any

from copilot.config_sources import CONFIG_FILE, PYPROJECT, repo_table
from copilot.errors import CopilotError
from copilot.model.findings import Citation, Finding
from copilot.model.ids import service_id
from copilot.rules.base import RuleContext, alternatives, finding

RULE = "config-trust"
SUMMARY = (
    "The change edits the copilot's own configuration (LLM endpoint or key variable, registry, deploy commands, "
    "the gate: `fail_on`, `ignore`, compatibility modes, `[rules]`), shown key by key before → after; the review "
    "used its base's values."
)
PROMPT = "the change edits this reviewer's own configuration: LLM endpoint, deploy commands, the gate"
# Tables whose keys send data out, run something or lower the gate.
SENSITIVE = ("llm", "registry", "deploy", "review", "compatibility", "rules", "actions")
WHY = {
    "llm": "the LLM endpoint, model and key variable decide where code excerpts go and which API key is sent",
    "registry": "the registry URL decides where schemas are registered",
    "deploy": "a deploy command runs on the machine of whoever applies the deploy step",
    "review": "the gate decides which findings block a push; a change must not lower its own gate",
    "compatibility": "compatibility modes decide which schema changes count as breaking: they lower the gate too",
    "rules": "per-rule settings switch rules off or lower their severity: they lower the gate too",
    "actions": "action settings bound what a deploy may do",
}
MAX_VALUE = 100


def _table(ctx: RuleContext, side: str) -> tuple[dict[str, Any], str] | str | None:
    own, py = ctx.changes.read(side, CONFIG_FILE), ctx.changes.read(side, PYPROJECT)
    try:
        return repo_table(own, py)
    except CopilotError as exc:
        return str(exc)


def _flatten(data: Any, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    if isinstance(data, dict) and len(path) < 3:  # [table].key, [table.name].key; deeper values whole
        out: dict[tuple[str, ...], Any] = {}
        for key, value in data.items():
            out.update(_flatten(value, (*path, str(key))))
        return out
    return {path: data}


def _show(value: Any) -> str:
    if value is None:
        return "(unset)"
    text = json.dumps(value, ensure_ascii=True, sort_keys=True)  # escapes control and bidi characters
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 3] + "..."


def _name(key: tuple[str, ...]) -> str:
    return f"[{'.'.join(key[:-1])}].{key[-1]}" if len(key) > 1 else f"[{key[0]}]"


def _locate(ctx: RuleContext, side: str, path: str, key: tuple[str, ...]) -> Citation | None:
    """The line that sets ``key`` in that file (its table header when the key is not on a line of its own)."""
    lines = ctx.lines(side, path) or []
    prefix = "tool.pipeline-copilot." if path == PYPROJECT else ""
    table, parent = ".".join(key[:-1]), ".".join(key[:-2])
    current, header_line, inline_line = None, None, None
    leaf = re.compile(rf"^\s*[\"']?{re.escape(key[-1])}[\"']?\s*=")
    inline = re.compile(rf"^\s*[\"']?{re.escape(key[-2])}[\"']?\s*=\s*\{{") if len(key) > 2 else None
    for n, line in enumerate(lines, 1):
        m = re.match(r"^\s*\[\s*([^\]]+?)\s*\]", line)
        if m:
            name = m.group(1).replace('"', "").replace("'", "")
            current = name[len(prefix) :] if prefix and name.startswith(prefix) else (None if prefix else name)
            if current == table or (current and table.startswith(current + ".")):
                header_line = header_line or n
            continue
        if current == table and leaf.match(line):
            return ctx.cite(side, path, n)
        if inline and current == parent and inline.match(line):  # subjects = { orders = "FULL" }
            inline_line = inline_line or n
    return ctx.cite(side, path, inline_line or header_line or 1)


def _title(key: tuple[str, ...], before: Any, after: Any, path: str) -> str:
    if key[0] == "deploy" and len(key) == 2:
        what = f"the deploy command of {key[1]}"
    elif key[:2] == ("llm", "base_url"):
        what = "the LLM endpoint ([llm].base_url)"
    elif key[:2] == ("llm", "api_key_env"):
        what = "which environment variable's secret is sent to the LLM ([llm].api_key_env)"
    elif key[:2] == ("review", "fail_on"):
        what = "the review gate ([review].fail_on)"
    else:
        what = _name(key)
    verb = "adds" if before is None else "removes" if after is None else "edits"
    return f"this change {verb} {what} in {path}: {_show(before)} → {_show(after)}"


def check(ctx: RuleContext) -> list[Finding]:
    touched = {p for fc in ctx.changes.files for p in (fc.old_path, fc.new_path) if p}
    if not touched & {CONFIG_FILE, PYPROJECT}:
        return []
    before, after = _table(ctx, "base"), _table(ctx, "head")
    base = ctx.changes.base[:12]
    if isinstance(after, str):
        path = CONFIG_FILE if CONFIG_FILE in touched else PYPROJECT
        cite = ctx.cite("head", path, 1)
        return [
            finding(
                RULE, "medium", f"the pipeline-copilot configuration in {path} no longer parses",
                f"{after}. This review used the configuration of its base ({base}); after the merge every "
                "command would refuse to run until it is fixed.",
                [cite] if cite else [], f"{path}|parse",
            )
        ]  # fmt: skip
    old = _flatten(before[0]) if isinstance(before, tuple) else {}
    new = _flatten(after[0]) if after else {}
    old_path = before[1] if isinstance(before, tuple) else None
    new_path = after[1] if after else old_path or CONFIG_FILE
    out = []
    for key in sorted(set(old) | set(new)):
        b, a = old.get(key), new.get(key)
        if b == a:
            continue
        sensitive = key[0] in SENSITIVE or (key[0] == "topics" and key[-1] == "compatibility")
        cites = [c for c in (
            _locate(ctx, "head", new_path, key) if a is not None else None,
            _locate(ctx, "base", old_path, key) if b is not None and old_path else None,
        ) if c]  # fmt: skip
        why = WHY.get(key[0], "it changes how the copilot reads this repository")
        reasoning = (
            f"{_name(key)} was {_show(b)} at the review's base ({base}) and is {_show(a)} in this change. "
            f"Settings that send data out, run something or lower the gate are read only from trusted places "
            f"(the repository's config at the review's base, your user config, the environment, flags), so this "
            f"review used {_show(b)}; the new value takes effect only after the change is merged. Why it "
            f"matters: {why}. A person with the right to change it should accept it explicitly."
        )
        out.append(
            finding(
                RULE, "high" if sensitive else "info", _title(key, b, a, new_path), reasoning, cites,
                f"{'.'.join(key)}",
                impacted=[service_id(key[1])] if key[0] == "deploy" and len(key) == 2 else (),
                alts=alternatives(
                    ("Send the configuration change on its own", "Reviewed and merged by someone allowed to change "
                     "how the pipeline is deployed or reviewed; the code change is then reviewed under it."),
                    ("Put personal settings in your user config", "~/.config/pipeline-copilot/config.toml is trusted "
                     "and never part of a change (LLM endpoint, model, key variable)."),
                ),
                confidence=1.0,
            )
        )  # fmt: skip
    return out
