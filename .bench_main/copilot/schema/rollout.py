"""The deploy order a compatibility mode implies (who must run the new schema first)."""

from __future__ import annotations

from dataclasses import dataclass

from copilot.config import MODES


@dataclass(frozen=True)
class Rollout:
    key: str  # consumers-first | producers-first | any-order | coordinate
    sentence: str

    def to_json(self) -> dict[str, str]:
        return {"key": self.key, "sentence": self.sentence}


def rollout_for(mode: str) -> Rollout:
    mode = mode.upper()
    if mode not in MODES:
        raise ValueError(f"unknown compatibility mode {mode!r}")
    every = mode.endswith("_TRANSITIVE")
    versions = "every earlier version" if every else "the previous version"
    base = mode.replace("_TRANSITIVE", "")
    if base == "BACKWARD":
        return Rollout(
            "consumers-first",
            "Upgrade consumers first, then producers: consumers on the new schema can read everything written "
            f"with {versions}, but consumers on an old schema may not read what the new one writes.",
        )
    if base == "FORWARD":
        return Rollout(
            "producers-first",
            "Upgrade producers first, then consumers: consumers still on "
            f"{versions} can read what the new schema writes, but the new schema may not read old records.",
        )
    if base == "FULL":
        return Rollout(
            "any-order",
            f"Upgrade in any order: the new schema and {versions} each read the other's records.",
        )
    return Rollout(
        "coordinate",
        "No guarantee: coordinate the rollout. Nothing is checked, so pause or drain producers and upgrade "
        "producers and consumers together, or publish to a new topic and migrate consumers.",
    )
