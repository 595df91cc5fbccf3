"""The scan's extractor for every front-end language: lower the file and keep its IR.

Endpoints need the whole repository (a client built in one file, used in another), so they are
found later by `copilot.lang.link`; here a file only becomes IR, cached by blob id like any facts.
"""

from __future__ import annotations

from copilot.lang import frontend_for
from copilot.lang.protocol import FrontEnd
from copilot.model.facts import FileFacts

MAX_BYTES = 2 * 1024 * 1024
MINIFIED_LINE = 400  # average characters per line


def extract(path: str, source: bytes) -> FileFacts:
    fe = frontend_for(path)
    assert fe is not None
    own = getattr(fe, "facts", None)
    if own is not None:  # the front-end lowers the file itself, next to what it still reads outside the IR
        return own(path, source)
    return lowered(fe, path, source)


def skipped(path: str, source: bytes) -> str | None:
    """Why a file is not lowered (binary, too large, minified), or None."""
    if len(source) > MAX_BYTES or b"\0" in source[:8192]:
        return f"{path}:1: skipped: binary or larger than {MAX_BYTES // (1024 * 1024)} MB"
    if _minified(source):
        return f"{path}:1: skipped: minified or generated code"
    return None


def lowered(fe: FrontEnd, path: str, source: bytes) -> FileFacts:
    """The file's facts holding its IR (a binary, minified or unparseable file: a warning)."""
    facts = FileFacts(path, fe.name)
    why = skipped(path, source)
    if why is not None:
        facts.warnings.append(why)
        return facts
    try:
        module = fe.lower(path, source)
    except Exception as exc:  # a front-end never takes the scan down with it
        facts.warnings.append(f"{path}:1: {fe.name} front-end failed: {exc.__class__.__name__}: {exc}")
        return facts
    facts.ir = module
    facts.warnings.extend(module.warnings)
    return facts


def _minified(source: bytes) -> bool:
    """A bundle or minified file: long, with very long lines (its source is elsewhere)."""
    if len(source) < 20_000:
        return False
    return len(source) / (source.count(b"\n") + 1) > MINIFIED_LINE
