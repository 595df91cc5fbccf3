"""What the Java and Kotlin front-ends still read outside the IR, with the former extractor.

The endpoints of every library the catalogue has a Java/Kotlin entry for come from the catalogue
(`copilot.lang.link` matches them over the IR); the extractor (`copilot.scan.extractors.jvm`)
still gives the rest of a file's facts: message handlers (listeners, poll loops, stream
topologies, error handlers), record field reads, inline schemas, exported constants and settings
no client of the file uses.  Observability is read from the lowering (`copilot.lang.jvm_observe`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from copilot.lang.ir import Module
from copilot.model.facts import FileFacts

if TYPE_CHECKING:
    from tree_sitter import Node, Tree


class JvmFrontEnd(Protocol):
    name: str

    def parse(self, source: bytes) -> Tree: ...

    def lower_root(self, path: str, source: bytes, root: Node) -> Module: ...


def catalogued(language: str) -> frozenset[str]:
    """The libraries whose endpoints the catalogue finds in `language`."""
    from copilot.libraries import for_language

    return frozenset(lib.name for lib in for_language(language))


def facts(fe: JvmFrontEnd, path: str, source: bytes) -> FileFacts:
    """One parse, read twice: lowered into the IR, and by the former extractor for the facts the
    IR does not give (of a file that names no streaming library, only its exported constants)."""
    from copilot.lang.extract import skipped
    from copilot.lang.jvm_observe import observability
    from copilot.scan.extractors.jvm import extract_parsed, relevant

    why = skipped(path, source)
    if why is not None:
        out = FileFacts(path, fe.name)
        out.warnings.append(why)
        return out
    # a final newline: tree-sitter-kotlin does not return on a file ending in an annotation without one
    src = source if source.endswith(b"\n") else source + b"\n"
    tree = fe.parse(src)
    out = extract_parsed(path, src, fe.name, tree)
    own = catalogued(fe.name)
    out.endpoints = [e for e in out.endpoints if e.library not in own]
    try:
        mod = fe.lower_root(path, src, tree.root_node)
        if relevant(src):
            out.observability = observability(mod, src)
    except Exception as exc:  # a front-end never takes the scan down with it
        out.warnings.append(f"{path}:1: {fe.name} front-end failed: {exc.__class__.__name__}: {exc}")
        return out
    out.ir = mod
    out.warnings.extend(w for w in mod.warnings if w not in out.warnings)
    return out
