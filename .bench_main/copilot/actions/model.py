"""A proposed action and its content digest.

Three kinds:

- ``patch``: a unified diff (``content``) against named base blobs (``base.files``: repo-relative
  path -> the git blob id it expects, or ``"absent"`` for a file the patch creates).
- ``schema-register``: register ``content`` (an Avro schema) under ``target.subject`` with
  compatibility ``target.mode`` at ``target.registry`` (the URL from config), expecting ``base.head``.
- ``deploy``: run the deploy command configured as ``target.name`` (``content`` is that command as
  config said at proposal time; it is looked up again at apply time), step ``target.step`` of a
  rollout, expecting ``base.head``.

The digest covers exactly what would happen and where: kind, content, target and base state.
Title, reasoning, alternatives and the findings answered are explanation, not action, and are not
part of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from copilot.actions.canonical import digest_of
from copilot.model.findings import ActionSummary, Alternative

ABSENT = "absent"  # the base "blob" of a file a patch creates
KINDS = ("patch", "schema-register", "deploy")
STATUSES = ("proposed", "approved", "applying", "rejected", "applied", "failed", "stale")


@dataclass
class Proposal:
    kind: str
    title: str
    reasoning: str
    content: str
    target: dict[str, Any]
    base: dict[str, Any]
    findings: list[str] = field(default_factory=list)
    alternatives: list[Alternative] = field(default_factory=list)
    # Filled in by ActionStore (not part of the digest).
    id: str = ""
    status: str = "proposed"

    def digest_basis(self) -> dict[str, Any]:
        return {"kind": self.kind, "content": self.content, "target": self.target, "base": self.base}

    @property
    def digest(self) -> str:
        return digest_of(self.digest_basis())

    @property
    def base_files(self) -> dict[str, str]:
        """patch: repo-relative path -> expected blob id or "absent"."""
        return dict(self.base.get("files", {}))

    @property
    def base_head(self) -> str | None:
        return self.base.get("head")

    def summary(self) -> ActionSummary:
        return ActionSummary(
            id=self.id, kind=self.kind, title=self.title, digest=self.digest, status=self.status
        )

    def to_json(self) -> dict[str, Any]:
        """What the store keeps (and `from_json` reads back)."""
        return {
            "kind": self.kind,
            "title": self.title,
            "reasoning": self.reasoning,
            "content": self.content,
            "target": self.target,
            "base": self.base,
            "findings": list(self.findings),
            "alternatives": [a.to_json() for a in self.alternatives],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Proposal:
        return cls(
            kind=str(data["kind"]),
            title=str(data.get("title", "")),
            reasoning=str(data.get("reasoning", "")),
            content=str(data["content"]),
            target=dict(data.get("target", {})),
            base=dict(data.get("base", {})),
            findings=[str(f) for f in data.get("findings", [])],
            alternatives=[
                Alternative(title=str(a.get("title", "")), tradeoff=str(a.get("tradeoff", "")))
                for a in data.get("alternatives", [])
            ],
        )
