"""Java and Kotlin extractor: ``extract(path, source) -> FileFacts``.

Parses with the per-language tree-sitter grammar packages (``tree-sitter-java``,
``tree-sitter-kotlin``), lowers the tree into a small language-neutral view
(``jvm_java`` / ``jvm_kotlin`` -> ``jvm_ir``) and analyses that view once for both languages
(``jvm_analyze``).  Files that mention no streaming library are only read for their exported
constants (``symbols``), which other files may import.

Never raises: syntax errors (tree-sitter still yields a tree), undecodable bytes and internal
failures become ``"path:line: message"`` warnings next to whatever facts could be read.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import tree_sitter_java
import tree_sitter_kotlin
from tree_sitter import Language, Node, Parser, Tree

from copilot.model.facts import FileFacts
from copilot.scan.extractors.jvm_analyze import analyze, symbols_only
from copilot.scan.extractors.jvm_java import lower_java
from copilot.scan.extractors.jvm_kotlin import lower_kotlin

SUFFIXES: dict[str, str] = {".java": "java", ".kt": "kotlin", ".kts": "kotlin"}

# A file mentioning none of these only exports its constants.
_RELEVANT = (
    b"kafka", b"streamsbuilder", b"kstream", b"topology", b"incoming", b"outgoing", b"@channel", b"emitter",
    b"streambridge", b"streamlistener", b"cloud.stream", b"enablebinding", b"avro", b"schema.parser", b"function<", b"consumer<", b"supplier<",
    b") ->", b"micrometer", b"opentelemetry", b"prometheus", b'"record', b'record\\"',
)
_MAX_SYNTAX_WARNINGS = 3

_languages: dict[str, Language] = {}
_local = threading.local()  # a Parser is not thread-safe: one per thread and language


def _language(name: str) -> Language:
    lang = _languages.get(name)
    if lang is None:
        lang = Language(tree_sitter_java.language() if name == "java" else tree_sitter_kotlin.language())
        _languages[name] = lang
    return lang


def _parser(name: str) -> Parser:
    parsers: dict[str, Parser] | None = getattr(_local, "parsers", None)
    if parsers is None:
        parsers = _local.parsers = {}
    parser = parsers.get(name)
    if parser is None:
        parser = parsers[name] = Parser(_language(name))
    return parser


def language_for(path: str) -> str | None:
    """The language ("java" or "kotlin") of a path, or None when this extractor does not handle it."""
    dot = path.rfind(".")
    return SUFFIXES.get(path[dot:].lower()) if dot >= 0 else None


def extract(path: str, source: bytes) -> FileFacts:
    """Facts of one .java/.kt/.kts file (the language is chosen by suffix; unknown -> Java)."""
    return _extract(path, source, language_for(path) or "java")


def extract_parsed(path: str, source: bytes, language: str, tree: Tree) -> FileFacts:
    """Facts of a file the caller already parsed with the language's grammar."""
    return _extract(path, source, language, tree)


def extract_java(path: str, source: bytes) -> FileFacts:
    return _extract(path, source, "java")


def extract_kotlin(path: str, source: bytes) -> FileFacts:
    return _extract(path, source, "kotlin")


EXTRACTORS: dict[str, Callable[[str, bytes], FileFacts]] = {
    ".java": extract_java, ".kt": extract_kotlin, ".kts": extract_kotlin,
}


def extractor_for(path: str) -> Callable[[str, bytes], FileFacts] | None:
    """The extractor for a path by its suffix, or None when it is not a Java/Kotlin file."""
    dot = path.rfind(".")
    return EXTRACTORS.get(path[dot:].lower()) if dot >= 0 else None


def relevant(source: bytes) -> bool:
    """Does the file mention a streaming library (else only its constants are read)?"""
    low = source.lower()
    return any(marker in low for marker in _RELEVANT)


def _extract(path: str, source: bytes, language: str, tree: Tree | None = None) -> FileFacts:
    """The file's facts; `tree` is its parse when the caller has one (the front-end's, shared)."""
    warnings: list[str] = []
    try:
        if isinstance(source, str):
            source = source.encode("utf-8")
        try:
            source.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = source.count(b"\n", 0, exc.start) + 1
            warnings.append(f"{path}:{line}: not valid UTF-8; undecodable bytes replaced")
        # tree-sitter-kotlin 1.1.0 never returns on a file ending in an annotation with no
        # newline after it (`...\n@Component`, an editor's unsaved work tree); a final newline
        # avoids that and moves no line.
        if tree is None:
            tree = _parser(language).parse(source if source.endswith(b"\n") else source + b"\n")
        root = tree.root_node
        warnings.extend(_syntax_warnings(path, root))
        bodies = relevant(source)
        if language == "java":
            ir = lower_java(root, bodies=bodies)
        else:
            ir = lower_kotlin(root, source, bodies=bodies)
        facts = analyze(ir, path) if bodies else symbols_only(ir, path)
    except Exception as exc:  # never raise: an unreadable file is a warning, not a crash
        facts = FileFacts(path, language)
        warnings.append(f"{path}:1: could not extract: {type(exc).__name__}: {exc}")
    facts.warnings[:0] = warnings
    return facts


def _syntax_warnings(path: str, root: Node) -> list[str]:
    if not root.has_error:
        return []
    out: list[str] = []
    stack = [root]
    while stack and len(out) < _MAX_SYNTAX_WARNINGS:
        node = stack.pop()
        if node.type == "ERROR" or node.is_missing:
            out.append(f"{path}:{node.start_point[0] + 1}: syntax error")
            continue
        stack.extend(c for c in reversed(node.children) if c.has_error or c.is_missing)
    return out
