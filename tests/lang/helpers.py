"""Evaluate `probe(<expr>)` calls of a small real repository through the front-ends and the evaluator."""

from __future__ import annotations

from pathlib import Path

from copilot.lang import lowering_for
from copilot.lang.evaluate import Ctx, Program, Value
from copilot.lang.extract import extract
from copilot.lang.link import _Repo
from copilot.model.facts import FileFacts
from copilot.scan import gitfiles
from copilot.scan.repo import extractor_for
from copilot.scan.services import ServiceMap


def program(repo: Path, preload: bool = True) -> Program:
    listing = gitfiles.list_files(repo, "HEAD")
    paths = sorted(listing)
    facts: dict[str, FileFacts] = {}

    def load(p: str) -> FileFacts | None:
        if p not in facts and (lowering_for(p) is not None or extractor_for(p) is not None):
            read = extract if lowering_for(p) is not None else extractor_for(p)
            facts[p] = read(p, (repo / p).read_bytes())  # type: ignore[misc]
        return facts.get(p)

    def read_texts(ps: list[str]) -> dict[str, str | None]:
        return {p: (repo / p).read_text() if (repo / p).is_file() else None for p in ps}

    r = _Repo(paths, ServiceMap(paths, repo.name), load, read_texts)
    prog = Program(load=r.module, locate_class=r.locate_class, resolve_import=r.resolve_import, config_lookup=r.config_lookup)
    for p in paths if preload else ():  # every front-end file up front, as the scan reads its candidates
        prog.module(p)
    return prog


def probe(repo: Path, path: str, n: int = 0, preload: bool = True) -> list[Value]:
    """The values of the argument of the `n`-th `probe(...)` call in `path` (other files are read
    up front, or only when a trace asks for them)."""
    prog = program(repo, preload)
    mod = prog.module(path)
    assert mod is not None, path
    sites = [s for s in mod.calls if s.expr.kind == "call" and s.expr.method == "probe"]
    site = sites[n]
    return prog.values(site.expr.args[0], Ctx(path, site.scope, site.cls))


def texts(values: list[Value]) -> list[str | None]:
    return sorted((v.text for v in values), key=lambda t: t or "")


def chain(value: Value) -> list[str]:
    return [f"{loc.path}:{loc.line}" for loc in value.chain]
