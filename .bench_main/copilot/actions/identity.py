"""Who made a decision: git's user.name / user.email for the repository, and the OS user."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from pathlib import Path

from copilot import git


@dataclass(frozen=True)
class Actor:
    name: str | None
    email: str | None
    os_user: str | None

    def display(self) -> str:
        who = self.name or "unknown"
        if self.email:
            who += f" <{self.email}>"
        return f"{who} (os user {self.os_user or 'unknown'})"


def os_user() -> str | None:
    try:
        return getpass.getuser()
    except Exception:  # no name for this uid (containers)
        return str(os.getuid()) if hasattr(os, "getuid") else None


def current_actor(root: Path) -> Actor:
    return Actor(
        name=git.config_value(root, "user.name"),
        email=git.config_value(root, "user.email"),
        os_user=os_user(),
    )
