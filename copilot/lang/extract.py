"""The scan's extractor for every front-end language: lower the file and keep its IR.

Endpoints need the whole repository (a client built in one file, used in another), so they are
found later by `copilot.lang.link`; here a file only becomes IR, cached by blob id like any facts.
"""

from __future__ import annotations

from collections.abc import Callable

from copilot.lang import frontend_for
from copilot.model.facts import FileFacts

MAX_BYTES = 2 * 1024 * 1024
MINIFIED_LINE = 400  # average characters per line


def extract(path: str, source: bytes) -> FileFacts:
    fe = frontend_for(path)
    assert fe is not None
    facts = FileFacts(path, fe.name)
    if len(source) > MAX_BYTES or b"\0" in source[:8192]:
        facts.warnings.append(f"{path}:1: skipped: binary or larger than {MAX_BYTES // (1024 * 1024)} MB")
        return facts
    if _minified(source):
        facts.warnings.append(f"{path}:1: skipped: minified or generated code")
        return facts
    try:
        module = fe.lower(path, source)
    except Exception as exc:  # a front-end never takes the scan down with it
        facts.warnings.append(f"{path}:1: {fe.name} front-end failed: {exc.__class__.__name__}: {exc}")
        return facts
    facts.ir = module
    facts.warnings.extend(module.warnings)
    hook = _CODE_FACTS.get(fe.name)
    if hook is not None:
        try:
            hook(path, source, facts)
        except Exception as exc:  # handlers and field reads are extras: the IR is kept
            facts.warnings.append(f"{path}:1: {fe.name} handlers failed: {exc.__class__.__name__}: {exc}")
    return facts


def _go_code_facts(path: str, source: bytes, facts: FileFacts) -> None:
    from copilot.scan.extractors.golang import code_facts

    code_facts(path, source, facts)


# per language: the file's handlers, record field reads and observability, which the IR and the
# catalogue do not carry yet (read by the language's former extractor passes)
_CODE_FACTS: dict[str, Callable[[str, bytes, FileFacts], None]] = {"go": _go_code_facts}


def _minified(source: bytes) -> bool:
    """A bundle or minified file: long, with very long lines (its source is elsewhere)."""
    if len(source) < 20_000:
        return False
    return len(source) / (source.count(b"\n") + 1) > MINIFIED_LINE
