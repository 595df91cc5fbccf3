"""Everything the Python extractor's passes share about one file."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from copilot.model.facts import Loc
from copilot.scan.extractors.py_clients import Clients
from copilot.scan.extractors.py_index import ModuleIndex
from copilot.scan.extractors.py_resolve import Resolver
from copilot.scan.extractors.py_schema import Schemas
from copilot.scan.extractors.py_settings import SettingsReader
from copilot.scan.extractors.py_source import Source


@dataclass
class Context:
    path: str
    src: Source
    index: ModuleIndex
    resolver: Resolver
    clients: Clients
    settings: SettingsReader
    schemas: Schemas

    @classmethod
    def build(cls, path: str, text: str, tree: ast.Module, deep: bool) -> Context:
        src = Source(text)
        index = ModuleIndex(tree, path, deep=deep, schema_hint="record" in text)
        resolver = Resolver(index, path)
        return cls(
            path=path,
            src=src,
            index=index,
            resolver=resolver,
            clients=Clients(index, resolver),
            settings=SettingsReader(src, resolver, path),
            schemas=Schemas(index, src, path, enabled=_mentions_schema(text)),
        )

    def loc(self, node: ast.AST | int) -> Loc:
        return Loc(self.path, node if isinstance(node, int) else node.lineno)  # type: ignore[attr-defined]

    def text(self, node: ast.AST | None) -> str | None:
        return None if node is None else self.src.segment(node)


def _mentions_schema(text: str) -> bool:
    """Whether any schema reference can exist (a schema file name, an inline record, XSchema(...))."""
    return ".avsc" in text or ".avpr" in text or "record" in text or "Schema(" in text
