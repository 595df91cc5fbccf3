"""Evaluate `probe(<expr>)` calls of a small real repository through the front-ends and the evaluator."""

from __future__ import annotations

from pathlib import Path

from copilot.lang import frontend_for
from copilot.lang.evaluate import Ctx, Program, Value
from copilot.lang.extract import extract
from copilot.lang.link import _Repo
from copilot.model.facts import FileFacts
from copilot.scan import gitfiles
from copilot.scan.services import ServiceMap


def program(repo: Path) -> Program:
    listing = gitfiles.list_files(repo, "HEAD")
    paths = sorted(listing)
    facts: dict[str, FileFacts] = {}

    def load(p: str) -> FileFacts | None:
        if p not in facts and frontend_for(p) is not None:
            facts[p] = extract(p, (repo / p).read_bytes())
        return facts.get(p)

    def read_texts(ps: list[str]) -> dict[str, str | None]:
        return {p: (repo / p).read_text() if (repo / p).is_file() else None for p in ps}

    r = _Repo(paths, ServiceMap(paths, repo.name), load, read_texts)
    return Program(load=r.module, locate_class=r.locate_class, resolve_import=r.resolve_import, config_lookup=r.config_lookup)


def probe(repo: Path, path: str, n: int = 0) -> list[Value]:
    """The values of the argument of the `n`-th `probe(...)` call in `path`."""
    prog = program(repo)
    mod = prog.module(path)
    assert mod is not None, path
    sites = [s for s in mod.calls if s.expr.kind == "call" and s.expr.method == "probe"]
    site = sites[n]
    return prog.values(site.expr.args[0], Ctx(path, site.scope, site.cls))


def texts(values: list[Value]) -> list[str | None]:
    return sorted((v.text for v in values), key=lambda t: t or "")


def chain(value: Value) -> list[str]:
    return [f"{loc.path}:{loc.line}" for loc in value.chain]
