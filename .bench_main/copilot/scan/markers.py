"""The scan's candidate markers, written as one pattern `git grep` matches cheaply.

A file is a scan candidate when its text matches any marker (case-insensitively): the scan's own
(`gitfiles.CANDIDATE_PATTERN`) and every language front-end's.  Handed to `git grep -i -P` as one
alternation, some thirty caseless words cost three times a plain grep: PCRE's caseless path, and
each branch tried in turn at every byte.  The same words as a trie (one branch per first letter)
with every letter a class (`[kK]`) and no `-i` cost about half as much and match exactly the same
files (ASCII case folding, as Python's `re.IGNORECASE` on bytes).  A marker that is a regular
expression rather than a plain word keeps its form, caseless on its own (`(?i:...)`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_OPERATORS = frozenset(".[]()*+?{}|^$\\")
# a plain word: no operator, except escaped punctuation (`group\.id` is the word `group.id`)
_PLAIN = re.compile(r"(?:[^.\[\]()*+?{}|^$\\]|\\[^0-9A-Za-z])+")


@lru_cache(maxsize=8)
def alternatives(pattern: str) -> tuple[str, ...]:
    """The top-level branches of an ERE alternation (`a|b(c|d)` -> `a`, `b(c|d)`)."""
    out, depth, start, i = [], 0, 0, 0
    in_class = False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]" or pattern[i - 1] == "["
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    out.append(pattern[start:])
    return tuple(a for a in out if a)


def split(markers: Iterable[str]) -> tuple[list[str], list[str]]:
    """(plain words, lower-cased and unescaped; regular expressions) among ERE `markers`."""
    words: list[str] = []
    regexes: list[str] = []
    for m in markers:
        if _PLAIN.fullmatch(m):
            words.append(re.sub(r"\\(.)", r"\1", m).lower())
        elif m:
            regexes.append(m)
    return words, regexes


def minimal(words: Iterable[str]) -> list[str]:
    """The words that contain no other: a file holding `kafkajs` holds `kafka`."""
    unique = sorted(set(words), key=len)
    out: list[str] = []
    for w in unique:
        if not any(shorter in w for shorter in out):
            out.append(w)
    return sorted(out)


def _char(c: str) -> str:
    if c.isascii() and c.isalpha():
        return f"[{c.lower()}{c.upper()}]"
    return "\\" + c if c in _OPERATORS else c


def _trie(words: list[str], group: str) -> str:
    """`words` (none a prefix of another) as one alternation that branches once per letter."""
    by_first: dict[str, list[str]] = {}
    for w in words:
        by_first.setdefault(w[0], []).append(w[1:])
    branches = []
    for first, rests in sorted(by_first.items()):
        rest = [r for r in rests if r]
        tail = "" if len(rest) < len(rests) else (_trie(rest, group) if len(rest) > 1 else "".join(map(_char, rest[0])))
        branches.append(_char(first) + tail)
    return branches[0] if len(branches) == 1 else group + "|".join(branches) + ")"


@lru_cache(maxsize=8)
def grep_pattern(markers: tuple[str, ...], *, pcre: bool) -> tuple[str, bool]:
    """(pattern, whether `-i` must be given) for `git grep -P` (`pcre`) or `-E`, matching what any
    of `markers` matches case-insensitively."""
    words, regexes = split(markers)
    parts = [_trie(minimal(words), "(?:" if pcre else "(")] if words else []
    if pcre:
        return "|".join([*parts, *(f"(?i:{r})" for r in regexes)]), False
    return "|".join([*parts, *regexes]), bool(regexes)


@lru_cache(maxsize=8)
def python_pattern(markers: tuple[str, ...]) -> re.Pattern[bytes]:
    """The markers for Python's `re` (on bytes, ASCII case folding), to decide one file's bytes."""
    return re.compile("|".join(markers).encode(), re.IGNORECASE)
