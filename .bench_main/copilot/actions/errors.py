"""Errors of the actions package; all are CopilotErrors, shown as one line with exit code 2."""

from __future__ import annotations

from copilot.errors import CopilotError


class ProposalRefused(CopilotError):
    """The copilot may not propose this action (unsafe path, binary file, unknown deploy name...)."""


class ActionRefused(CopilotError):
    """A command on an action is refused: not approved, digest mismatch, wrong status, unsafe."""


class UnknownAction(CopilotError):
    """No action with that id in this repository's store."""
