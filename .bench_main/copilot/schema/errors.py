"""The one error type of the schema package: a problem in a schema the user can fix."""

from __future__ import annotations

from copilot.errors import CopilotError


class SchemaError(CopilotError):
    """A schema that is not valid Avro (or not JSON).

    ``str(error)`` is one line: ``<file>[:<line>:<col>]: <reason> (at <JSON pointer>)``.
    """

    def __init__(
        self,
        reason: str,
        *,
        source: str | None = None,
        pointer: str | None = None,
        line: int | None = None,
        col: int | None = None,
    ) -> None:
        self.reason = " ".join(str(reason).split())
        self.source = source
        self.pointer = pointer
        self.line = line
        self.col = col
        super().__init__(self._format())

    def _format(self) -> str:
        where = self.source or "<schema>"
        if self.line is not None:
            where += f":{self.line}:{self.col if self.col is not None else 1}"
        text = f"{where}: {self.reason}"
        if self.pointer is not None:
            text += f" (at {self.pointer or '/'})"
        return text
