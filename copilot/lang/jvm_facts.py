"""What the Java and Kotlin front-ends still read outside the IR, with the former extractor.

The endpoints of every library the catalogue has a Java/Kotlin entry for come from the catalogue
(`copilot.lang.link` matches them over the IR); the extractor (`copilot.scan.extractors.jvm`)
still gives the rest of a file's facts: the endpoints of the frameworks that have no entry yet,
message handlers (listeners, poll loops, stream topologies, error handlers), record field reads,
inline schemas, observability, exported constants and settings no client of the file uses.
"""

from __future__ import annotations

from copilot.lang.protocol import FrontEnd
from copilot.model.facts import FileFacts


def catalogued(language: str) -> frozenset[str]:
    """The libraries whose endpoints the catalogue finds in `language`."""
    from copilot.libraries import for_language

    return frozenset(lib.name for lib in for_language(language))


def facts(fe: FrontEnd, path: str, source: bytes) -> FileFacts:
    from copilot.lang.extract import lowered
    from copilot.scan.extractors.jvm import extract

    out = extract(path, source)
    own = catalogued(fe.name)
    out.endpoints = [e for e in out.endpoints if e.library not in own]
    low = lowered(fe, path, source)
    out.ir = low.ir
    out.warnings.extend(w for w in low.warnings if w not in out.warnings)
    return out
