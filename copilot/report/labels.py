"""How every face labels what only the AI reviewer says (one wording for text, Markdown, SARIF)."""

from __future__ import annotations

from copilot.model.findings import Finding

CLAIM = "AI reviewer's claim: no rule corroborates it (advice; it does not block)"


def claim_note(f: Finding) -> str:
    """The label of a finding only the model makes."""
    said = f.extra.get("claimed_severity")
    note = CLAIM + (f"; the model said {said}" if said and said != f.severity else "")
    return note if f.verified else "unverified " + note


def hidden_note(count: int) -> str:
    """The one line standing for the unverified claims a report does not list."""
    return (
        f"{count} unverified AI claim(s) hidden: none of their citations could be checked"
        " (--show-unverified to list them)"
    )
