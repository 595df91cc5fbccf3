"""Ask the person at the terminal: stdin when it is a terminal, else ``/dev/tty`` (git hooks).

``/dev/tty`` is a character device: it cannot seek, so Python cannot open it as one read-write
text file (``open("/dev/tty", "r+")`` raises "File or stream is not seekable").  It is opened
twice instead, once to read the answer and once to write the prompt.
"""

from __future__ import annotations

import sys
from typing import TextIO

TTY = "/dev/tty"


class Terminal:
    """Where to ask: ``stdin``/``stderr``, or the two handles of an opened ``/dev/tty``."""

    def __init__(self, reader: TextIO, writer: TextIO, owned: tuple[TextIO, ...] = ()) -> None:
        self.reader, self.writer, self.owned = reader, writer, owned

    def line(self, prompt: str) -> str:
        """Show `prompt`, return the line typed (stripped); "" at end of input."""
        self.writer.write(prompt)
        self.writer.flush()
        return self.reader.readline().strip()

    def ask(self, prompt: str) -> bool:
        """True only for an explicit y/yes; end of input means no."""
        return self.line(prompt).lower() in ("y", "yes")

    def close(self) -> None:
        for handle in self.owned:
            handle.close()

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_tty() -> Terminal:
    """The controlling terminal (OSError when there is none: CI, cron, a detached process)."""
    reader = open(TTY, encoding="utf-8")  # noqa: SIM115 - closed by Terminal.close
    try:
        writer = open(TTY, "w", encoding="utf-8")  # noqa: SIM115 - closed by Terminal.close
    except OSError:
        reader.close()
        raise
    return Terminal(reader, writer, owned=(reader, writer))


def controlling_terminal() -> Terminal | None:
    """``/dev/tty`` or None: what a git hook asks on (its stdin carries git's input)."""
    try:
        return open_tty()
    except OSError:
        return None


def find_terminal() -> Terminal | None:
    """A terminal to ask on, or None when there is no person to ask."""
    if sys.stdin is not None and sys.stdin.isatty():
        return Terminal(sys.stdin, sys.stderr)
    return controlling_terminal()
