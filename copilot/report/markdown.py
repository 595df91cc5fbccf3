"""Markdown fit for a pull-request comment."""

from __future__ import annotations

from copilot.model.findings import SEVERITIES, Review

ICON = {"high": "🔴", "medium": "🟠", "low": "🟡", "info": "🔵"}
FENCE_LANG = {"py": "python", "java": "java", "kt": "kotlin", "go": "go", "avsc": "json", "json": "json", "yml": "yaml", "yaml": "yaml", "properties": "properties"}


def _lang(path: str) -> str:
    return FENCE_LANG.get(path.rsplit(".", 1)[-1], "")


def render(review: Review) -> str:
    s = review.summary()
    out = ["## Pipeline Copilot review", ""]
    counts = ", ".join(f"{s[k]} {k}" for k in SEVERITIES if s[k])
    out.append(f"`{review.base[:10]}..{review.head[:10]}` — " + (counts or "no pipeline risk found") + ".")
    out.append("")
    for f in review.findings:
        badge = f"{ICON[f.severity]} **{f.severity.upper()}**"
        tag = "" if f.verified else " _(unverified)_"
        out.append(f"### {f.id} {badge} `{f.rule}` — {f.title}{tag}")
        out.append("")
        out.append(f.reasoning)
        out.append("")
        for path in f.graph_paths[:3]:
            out.append("Data flow: " + " → ".join(f"`{n}`" for n in path))
        if f.graph_paths:
            out.append("")
        if f.impacted:
            out.append("Impacted: " + ", ".join(f"`{i}`" for i in f.impacted))
            out.append("")
        for c in f.citations:
            side = "after" if c.side == "head" else "before"
            out.append(f"`{c.path}:{c.start_line}-{c.end_line}` ({side}):")
            out.append(f"```{_lang(c.path)}\n{c.snippet}\n```")
        if f.alternatives:
            out.append("<details><summary>Alternatives considered</summary>\n")
            for a in f.alternatives:
                out.append(f"- **{a.title}** — {a.tradeoff}")
            out.append("\n</details>")
        if f.recommendation:
            out.append(f"**Recommended:** {f.recommendation}")
        if f.actions:
            out.append("Proposed actions: " + ", ".join(f"`{a}`" for a in f.actions) + " (run `pipeline-copilot actions show ID`)")
        out.append(f"<sub>fingerprint `{f.fingerprint}` · source {f.source} · confidence {f.confidence:.2f}</sub>")
        out.append("")
    if review.rollout:
        out.append("### Rollout order")
        for step in review.rollout:
            out.append(f"{step['step']}. `{step['service']}` — {step['why']} ({step['schema']}, {step['mode']})")
        out.append("")
    if review.actions:
        out.append("### Proposed actions (nothing is applied without approval)")
        for a in review.actions:
            out.append(f"- `{a.id}` {a.kind}: {a.title} — `{a.digest[:19]}` ({a.status})")
        out.append("")
    if review.warnings:
        out.append("### Warnings")
        out.extend(f"- ⚠️ {w}" for w in review.warnings)
        out.append("")
    llm = review.llm
    out.append(
        f"<sub>LLM: {llm.provider}{' ' + llm.model if llm.model else ''}"
        + (f", {llm.prompt_tokens}+{llm.completion_tokens} tokens" if llm.prompt_tokens else "")
        + (f", {llm.dropped_citations} unverifiable citation(s) dropped" if llm.dropped_citations else "")
        + (f" — {llm.note}" if llm.note else "")
        + "</sub>"
    )
    return "\n".join(out) + "\n"
