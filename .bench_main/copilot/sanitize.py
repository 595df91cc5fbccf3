"""Repository and model text made safe for the place it is shown: one module for every face.

Everything a review shows — topic names, file paths, code snippets, comments, what an LLM wrote —
comes from the repository under review or from a model, both untrusted.

- **Terminals** (text report, graph table, hook output, `actions show`, the TUI): `terminal`
  turns C0/C1 control characters (ESC, CSI, OSC, BEL, backspace, carriage return, ...; newline
  and tab are kept) and Unicode bidirectional controls (U+202A–202E, U+2066–2069, U+200E/F,
  U+061C) and line/paragraph separators into visible escapes (``\\x1b``, ``<U+202E>``), so no
  sequence can retitle the window, clear the screen, move the cursor or reorder what a person
  reads.  `one_line` also folds newlines, for fields that must stay on their line; `markup`
  also escapes rich markup, for text placed inside a markup string.
- **Markdown** (the PR comment): `md_text` escapes text so it stays text — no raw HTML
  (``</details>``, ``<img>``), no links or images, no headings, lists, tables or emphasis;
  `quoted code` stays a code span and bare URLs are shown as code, not auto-linked; `md_code` is an inline code span and `md_fence`
  a fenced block whose fence is longer than any backtick run in the content, so nothing breaks
  out of either.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"<U+{code:04X}>"


def terminal(text: object) -> str:
    """Control and bidi characters as visible escapes (newlines and tabs kept)."""
    return _UNSAFE.sub(_escape, str(text))


def one_line(text: object) -> str:
    """`terminal` text on one line: newlines and tabs become spaces."""
    return terminal(re.sub(r"[\r\n\t]+", " ", str(text)))


def markup(text: object) -> str:
    """`one_line` text for a rich *markup* string: ``[red]`` in a topic name stays text."""
    from rich.markup import escape as _markup_escape  # rich loads only when markup is built

    return _markup_escape(one_line(text))


# -- Markdown -------------------------------------------------------------------------------

# CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that start
# markup somewhere (emphasis, code, links/images, headings, tables, strikethrough, lists, HTML).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~=:])")
_URL = r"(?i:\b(?:[a-z][a-z0-9+.\-]*://|www\.)[^\s<>`]*)"
_CODE_OR_URL = re.compile(rf"`([^`]+)`|{_URL}")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}


def _md_escape(text: str) -> str:
    text = "".join(_HTML.get(ch, ch) for ch in text)
    # `&amp;` etc. must not have their own `#`/`;` escaped: escape only outside entities
    parts = re.split(r"(&(?:amp|lt|gt|quot);)", text)
    return "".join(p if p.startswith("&") and p.endswith(";") else _MD_SPECIAL.sub(r"\\\1", p) for p in parts)


def md_code(text: object) -> str:
    """An inline code span that shows `text` literally, whatever backticks it holds."""
    body = one_line(text)
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if body.startswith("`") or body.endswith("`") or not body.strip() else ""
    return f"{fence}{pad}{body}{pad}{fence}"


def md_text(text: object, *, inline: bool = True) -> str:
    """Text that renders as exactly this text: no HTML, links, images, headings or emphasis.

    `inline`: newlines become spaces (titles, list items); otherwise lines are kept, each
    escaped on its own, so no line can start a heading, a list, a quote or a fence.
    """
    raw = one_line(text) if inline else terminal(text)
    out_lines = []
    for line in raw.split("\n"):
        pieces, last = [], 0
        for m in _CODE_OR_URL.finditer(line):
            pieces.append(_md_escape(line[last : m.start()]))
            # `quoted code` stays code, a URL is shown as code (never auto-linked); both are
            # spans `md_code` makes safe whatever they hold
            pieces.append(md_code(m.group(1) if m.group(1) is not None else m.group(0)))
            last = m.end()
        pieces.append(_md_escape(line[last:]))
        out_lines.append("".join(pieces))
    return "\n".join(out_lines)


def md_fence(text: object, lang: str = "") -> str:
    """A fenced code block holding `text` verbatim; its fence is longer than any backtick run."""
    body = terminal(text).rstrip("\n")
    longest = max((len(run) for run in re.findall(r"`{3,}", body)), default=0)
    fence = "`" * max(3, longest + 1)
    lang = lang if re.fullmatch(r"[\w+\-]*", lang) else ""
    return f"{fence}{lang}\n{body}\n{fence}"
