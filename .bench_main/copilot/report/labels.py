"""How every face labels a finding: what only the AI reviewer says (one wording for text, Markdown,
SARIF) and which data-flow paths are worth a line."""

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


def shown_paths(paths: list[list[str]], limit: int = 3) -> list[list[str]]:
    """The paths a report prints: those not already contained, as a prefix, in a longer one.

    A finding's paths run to every impacted service, so ``a → t → b`` and ``a → t → b → u → c``
    both appear; the reader needs the second only.  The JSON keeps them all (the contract).
    """
    kept = [p for p in paths if not any(len(q) > len(p) and q[: len(p)] == p for q in paths)]
    return kept[:limit]
