"""How actions look: text for a person (rich, diff highlighted on a terminal) and JSON for tools.

Everything shown comes from proposals, i.e. from repository text or a model: control characters
and bidirectional-override characters are shown as escapes, never sent to the terminal, so what a
person approves is exactly what is there.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.syntax import Syntax
from rich.text import Text

from copilot.actions.store import StoredAction
from copilot.sanitize import terminal as sanitize

__all__ = ["action_json", "list_text", "sanitize", "show"]

def action_json(action: StoredAction) -> dict[str, Any]:
    """The contract's action object (docs/contracts.md) plus what a tool needs to show or check it."""
    p = action.proposal
    out = action.to_json()
    if p.kind == "patch":
        out["patch"] = p.content
        out["files"] = [{"path": path, "base": blob} for path, blob in sorted(p.base_files.items())]
    elif p.kind == "deploy":
        out["command"] = p.content
        out["deploy"] = p.target.get("name")
        out["step"] = p.target.get("step")
        if p.target.get("rollout"):
            out["rollout"], out["after"] = p.target["rollout"], list(p.target.get("after") or ())
        out["base_head"] = p.base_head
        out["defined_in"] = p.target.get("defined_in") or None
    elif p.kind == "schema-register":
        out["schema"] = p.content
        out.update({key: p.target.get(key) for key in ("subject", "mode", "registry")})
        out["base_head"] = p.base_head
    if p.base.get("supersedes"):
        out["supersedes"] = p.base["supersedes"]
    out["findings"] = list(p.findings)
    out["reasoning"] = p.reasoning
    out["alternatives"] = [a.to_json() for a in p.alternatives]
    out["approved_digest"] = action.approved_digest
    out["created_at"] = action.created_at
    out["updated_at"] = action.updated_at
    if not action.intact:
        out["intact"] = False
    return out


def defined_in(target: dict[str, Any]) -> str:
    """Where a deploy command came from when it was proposed: file and commit, or user config."""
    from copilot.config import describe_origin

    origin = target.get("defined_in")
    return describe_origin(origin) if isinstance(origin, dict) and origin else "(not recorded)"


def list_text(actions: list[StoredAction]) -> str:
    if not actions:
        return "no proposed actions"
    lines = [f"{a.id:<5} {a.kind:<16} {a.status:<9} {a.digest[:19]}  {sanitize(a.title)}" for a in actions]
    return "\n".join(lines)


def _header(action: StoredAction) -> list[str]:
    p = action.proposal
    lines = [
        f"{action.id}  {p.kind}  [{action.status}]  {sanitize(p.title)}",
        f"digest: {action.digest}",
    ]
    if not action.intact:
        lines.append(f"WARNING: the stored content hashes to {p.digest}, not to its digest")
    if p.base.get("supersedes"):
        lines.append(f"supersedes: {sanitize(str(p.base['supersedes']))} (the same remedy, proposed again for today's state)")
    if p.findings:
        lines.append(f"answers findings: {', '.join(sanitize(f) for f in p.findings)}")
    if p.reasoning:
        lines.append(f"reasoning: {sanitize(p.reasoning)}")
    if p.alternatives:
        lines.append("alternatives considered:")
        lines += [f"  - {sanitize(a.title)}: {sanitize(a.tradeoff)}" for a in p.alternatives]
    if p.kind == "patch":
        lines.append("files:")
        for path, blob in sorted(p.base_files.items()):
            where = "new file" if blob == "absent" else f"base blob {blob[:12]}"
            lines.append(f"  {sanitize(path)} ({where})")
    elif p.kind == "deploy":
        lines.append(f"deploy: [deploy].{sanitize(str(p.target.get('name')))} (step {p.target.get('step')})")
        lines.append(f"command defined in: {sanitize(defined_in(p.target))}")
        if p.target.get("rollout"):
            after = ", ".join(sanitize(str(a)) for a in p.target.get("after") or ()) or "nothing"
            lines.append(f"rollout: {sanitize(str(p.target['rollout']))}; deployed after: {after}")
        lines.append(f"expects HEAD: {p.base_head or 'none'}")
    elif p.kind == "schema-register":
        t = p.target
        lines.append(f"register subject {sanitize(str(t.get('subject')))} with compatibility {t.get('mode')}")
        lines.append(f"registry: {sanitize(str(t.get('registry')))}")
        lines.append(f"expects HEAD: {p.base_head or 'none'}")
    return lines


def _body(action: StoredAction) -> tuple[str, str, str]:
    """(label, text, lexer) of the exact thing that would be applied."""
    p = action.proposal
    if p.kind == "patch":
        return "patch", p.content, "diff"
    if p.kind == "deploy":
        return "command (runs with sh -c in the repository root)", p.content, "bash"
    return "schema", p.content, "json"


def show(console: Console, action: StoredAction) -> None:
    """Everything about one action, the exact patch/command/schema last and unabridged."""
    for line in _header(action):
        console.print(Text(line), soft_wrap=True)
    label, text, lexer = _body(action)
    console.print(Text(f"--- {label} ---"), soft_wrap=True)
    shown = sanitize(text)
    if console.is_terminal:
        console.print(Syntax(shown, lexer, theme="ansi_dark", word_wrap=True, background_color="default"))
    else:
        console.file.write(shown if shown.endswith("\n") else shown + "\n")
        console.file.flush()
