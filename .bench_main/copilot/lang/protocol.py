"""The front-end protocol: what a language declares and how it lowers a file into the IR."""

from __future__ import annotations

from typing import Protocol

from copilot.lang.ir import Module


class FrontEnd(Protocol):
    """One language (like pre-commit's `Language`): everything the scan needs to know about it."""

    name: str  # the FileFacts language ("csharp", "typescript", ...)
    suffixes: tuple[str, ...]  # file name endings it reads (".cs")
    # POSIX EREs (git grep -i -E): a file matching none of them (nor the scan's own candidate
    # pattern) cannot hold an endpoint of this language
    markers: tuple[str, ...]
    test_globs: tuple[str, ...]  # test code, not part of the deployed pipeline

    def lower(self, path: str, source: bytes) -> Module:
        """The file as IR; never raises (unparsable parts become `Module.warnings`)."""
        ...

    # Optional: `facts(path, source) -> FileFacts` with `ir` set, for a language that still reads
    # part of a file outside the IR (Python: handlers, field reads, schemas, symbols); the scan
    # then calls it instead of `lower`.
