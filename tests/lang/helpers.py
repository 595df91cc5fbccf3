"""Evaluate `probe(<expr>)` calls of a small real repository through the front-ends and the evaluator."""

from __future__ import annotations

from pathlib import Path

from copilot.lang import lowering_for
from copilot.lang.evaluate import Ctx, Program, Value
from copilot.lang.extract import extract
from copilot.lang.golang import Go
from copilot.lang.link import _Repo, link
from copilot.model.facts import Endpoint, FileFacts
from copilot.scan import gitfiles
from copilot.scan.repo import extractor_for
from copilot.scan.services import ServiceMap


def program(repo: Path, preload: bool = True) -> Program:
    listing = gitfiles.list_files(repo, "HEAD")
    paths = sorted(listing)
    facts: dict[str, FileFacts] = {}

    def load(p: str) -> FileFacts | None:
        if p in facts:
            pass
        elif lowering_for(p) is not None:
            facts[p] = extract(p, (repo / p).read_bytes())
        elif extractor_for(p) is not None:  # config files: Spring keys come from their facts
            facts[p] = extractor_for(p)(p, (repo / p).read_bytes())  # type: ignore[misc]
        return facts.get(p)

    def read_texts(ps: list[str]) -> dict[str, str | None]:
        return {p: (repo / p).read_text() if (repo / p).is_file() else None for p in ps}

    r = _Repo(paths, ServiceMap(paths, repo.name), load, read_texts, lambda word, specs: gitfiles.grep_at(repo, "HEAD", "-l", "-w", "-F", "-e", word, pathspecs=specs))
    prog = r.program()
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


def go_endpoints(repo: Path) -> list[Endpoint]:
    """The endpoints the Go front-end and the catalogue find in every .go file of `repo`."""
    listing = gitfiles.list_files(repo, "HEAD")
    paths = sorted(listing)
    facts = {p: FileFacts(p, "go", ir=Go().lower(p, (repo / p).read_bytes())) for p in paths if p.endswith(".go") and not p.endswith("_test.go")}

    def read_texts(ps: list[str]) -> dict[str, str | None]:
        return {p: (repo / p).read_text() if (repo / p).is_file() else None for p in ps}

    link(facts, paths, ServiceMap(paths, repo.name), facts.get, read_texts)
    return sorted((e for ff in facts.values() for e in ff.endpoints), key=lambda e: (e.loc.path, e.loc.line, e.topic.name or ""))


def go_scan(files: dict[str, str], path: str) -> FileFacts:
    """The facts of `path` as the scan makes them from the Go front-end (its IR, handlers, field
    reads and observability) once the link step has matched the catalogue over `files` (in
    memory: the IR, the evaluator and the matcher need no git)."""
    paths = sorted(files)
    facts = {p: Go().facts(p, src.encode("utf-8") if isinstance(src, str) else src) for p, src in files.items() if p.endswith(".go")}

    def read_texts(ps: list[str]) -> dict[str, str | None]:
        return {p: files.get(p) if isinstance(files.get(p), str) else None for p in ps}

    link(facts, paths, ServiceMap(paths, "repo"), facts.get, read_texts)
    return facts[path]
