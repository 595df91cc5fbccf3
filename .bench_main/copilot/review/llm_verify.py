"""Check the AI reviewer's citations against the real files.

A citation is kept only when its path exists on the cited side, its lines exist, and its
snippet — whitespace-collapsed — is contained in the text of the cited lines.  Tolerances, each
of which still requires the quoted text to be really there:

- the ``+ 12 | `` prefixes of the context the model was shown are stripped from snippets;
- ``[REDACTED]`` in a snippet matches only where redaction put the marker: snippets are compared
  with the *redacted* text of the file, the same text the model was shown;
- a range off by up to `LINE_SLACK` lines is moved to where the snippet is;
- a snippet found at the same lines on the other side gets its side corrected.

A range longer than `MAX_SPAN` lines is not evidence of anything and is dropped.

A path is evidence only when it names a regular file of the reviewed tree (`tree_path`): never
an absolute path or one with ``..``, never inside ``.git``, never a symbolic link or through one
(a tracked link's target is outside git's control, and in ``--worktree`` reviews the file
system would follow it).

A kept citation is narrowed to the lines that contain the snippet, and its snippet becomes
the real text of those lines (redacted, so a report never shows a secret).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

from copilot.changes import WORKTREE, ChangeSet
from copilot.model.findings import Citation
from copilot.review.llm_schema import LLMCitation
from copilot.review.redact import MARK, redact

LINE_SLACK = 3
MAX_SPAN = 300  # a citation is a few lines, not a whole file
MAX_SNIPPET_LINES = 20
MIN_SNIPPET_CHARS = 3

_WS = re.compile(r"\s+")
_PREFIX = re.compile(r"^[ \t]*[+\-]?[ \t]*\d+[ \t]*\|[ \t]?", re.M)
_FENCE = re.compile(r"^\s*```[\w-]*\s*\n?|\n?\s*```\s*$")


def normalise(text: str) -> str:
    return _WS.sub(" ", text).strip()


def clean_snippet(snippet: str) -> str:
    """The snippet without markdown fences and without the line-number prefixes we showed."""
    text = _FENCE.sub("", snippet)
    if _PREFIX.search(text):
        text = _PREFIX.sub("", text)
    return text


def normalise_path(path: str) -> str:
    path = path.strip().strip("`'\"").replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path.lstrip("/")


def _matcher(snippet: str) -> re.Pattern[str] | None:
    """The snippet as a literal pattern; a ``[REDACTED]`` in it matches only a ``[REDACTED]``."""
    norm = normalise(clean_snippet(snippet))
    if len(normalise(norm.replace(MARK, ""))) < MIN_SNIPPET_CHARS:
        return None
    return re.compile(re.escape(norm))


_REGULAR_MODES = ("100644", "100755")


def safe_spelling(path: str) -> bool:
    """A normalised, relative path that stays in the tree and out of git's own directory."""
    if not path or path.startswith("/") or (len(path) > 1 and path[1] == ":"):
        return False
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in path):
        return False
    parts = path.split("/")
    if any(p in ("", ".", "..") for p in parts):
        return False
    return not any(p.lower().rstrip(". ") in (".git", "git~1") for p in parts)


def _regular_in_worktree(root: Path, path: str) -> bool:
    """Every component a real directory (no link), the last a regular file, all inside `root`."""
    current = root
    parts = path.split("/")
    for i, part in enumerate(parts):
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except OSError:
            return False
        last = i == len(parts) - 1
        if stat.S_ISLNK(mode) or not (stat.S_ISREG(mode) if last else stat.S_ISDIR(mode)):
            return False
    real, top = os.path.realpath(current), os.path.realpath(root)
    return real.startswith(top + os.sep)


def tree_path(changeset: ChangeSet, side: str, path: str) -> bool:
    """Whether `path` names a regular file (not a link, not under .git, not outside) on `side`."""
    if not safe_spelling(path):
        return False
    rev = changeset.base if side == "base" else changeset.head
    if rev == WORKTREE:
        return _regular_in_worktree(changeset.root, path)
    return changeset.mode(side, path) in _REGULAR_MODES


class CitationChecker:
    def __init__(self, changeset: ChangeSet) -> None:
        self.changeset = changeset
        self._files: dict[tuple[str, str], list[str] | None] = {}
        self.checked = 0
        self.dropped = 0

    def _lines(self, side: str, path: str) -> list[str] | None:
        """The file's lines on `side`, redacted as the model saw them; None when it is no evidence."""
        key = (side, path)
        if key not in self._files:
            text = self.changeset.read(side, path) if tree_path(self.changeset, side, path) else None
            self._files[key] = None if text is None else redact(text)[0].splitlines()
        return self._files[key]

    def _resolve_path(self, side: str, raw: str) -> str | None:
        path = normalise_path(raw)
        candidates = [path]
        if path[:2] in ("a/", "b/"):
            candidates.append(path[2:])
        for candidate in candidates:
            if candidate and self._lines(side, candidate) is not None:
                return candidate
        return None

    def check(self, citation: LLMCitation) -> Citation | None:
        """The verified (and narrowed) citation, or None when it cannot be verified."""
        self.checked += 1
        result = self._check(citation)
        if result is None:
            self.dropped += 1
        return result

    def _check(self, citation: LLMCitation) -> Citation | None:
        pattern = _matcher(citation.snippet)
        if pattern is None:
            return None
        start, end = sorted((citation.start_line, citation.end_line))
        other = "base" if citation.side == "head" else "head"
        for side in (citation.side, other):
            path = self._resolve_path(side, citation.path)
            if path is None:
                continue
            lines = self._lines(side, path) or []
            if start < 1 or end > len(lines) or end - start >= MAX_SPAN:
                continue
            span = self._locate(lines, start, end, pattern)
            if span is not None:
                s, e = span
                text = "\n".join(line.rstrip() for line in lines[s - 1 : min(e, s + MAX_SNIPPET_LINES - 1)])
                return Citation(path=path, start_line=s, end_line=e, side=side, snippet=text)
        return None

    def _locate(
        self, lines: list[str], start: int, end: int, pattern: re.Pattern[str]
    ) -> tuple[int, int] | None:
        def found(s: int, e: int) -> bool:
            return bool(pattern.search(normalise("\n".join(lines[s - 1 : e]))))

        if found(start, end):
            return self._narrow(start, end, found)
        lo, hi = max(1, start - LINE_SLACK), min(len(lines), end + LINE_SLACK)
        if found(lo, hi):
            return self._narrow(lo, hi, found)
        return None

    @staticmethod
    def _narrow(s: int, e: int, found: Callable[[int, int], bool]) -> tuple[int, int]:
        while s < e and found(s + 1, e):
            s += 1
        while e > s and found(s, e - 1):
            e -= 1
        return s, e
