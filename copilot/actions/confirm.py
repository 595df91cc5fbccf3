"""Ask the person at the terminal: stdin when it is a terminal, else ``/dev/tty`` (git hooks)."""

from __future__ import annotations

import sys
from typing import TextIO


def open_tty() -> TextIO:
    """The controlling terminal (OSError when there is none: CI, cron, a detached process)."""
    return open("/dev/tty", "r+", encoding="utf-8")  # noqa: SIM115 - closed by the caller


class Terminal:
    """Where to ask: ``stdin``/``stderr`` or an opened ``/dev/tty``."""

    def __init__(self, reader: TextIO, writer: TextIO, owned: TextIO | None = None) -> None:
        self.reader, self.writer, self.owned = reader, writer, owned

    def ask(self, prompt: str) -> bool:
        """True only for an explicit y/yes; end of input means no."""
        self.writer.write(prompt)
        self.writer.flush()
        answer = self.reader.readline()
        return answer.strip().lower() in ("y", "yes")

    def close(self) -> None:
        if self.owned is not None:
            self.owned.close()


def find_terminal() -> Terminal | None:
    """A terminal to ask on, or None when there is no person to ask."""
    if sys.stdin is not None and sys.stdin.isatty():
        return Terminal(sys.stdin, sys.stderr)
    try:
        tty = open_tty()
    except OSError:
        return None
    return Terminal(tty, tty, owned=tty)
