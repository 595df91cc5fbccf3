"""The one error type the CLI turns into a one-line message (exit code 2)."""

from __future__ import annotations


class CopilotError(Exception):
    """A problem the user can fix: bad input, a missing file, a repo in the wrong state.

    The message is shown as-is on one line, so it must name the file and place.
    """


class UsageError(CopilotError):
    """The command line itself is wrong."""
