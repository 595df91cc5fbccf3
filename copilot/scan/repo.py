"""Scan a repository at one revision into facts and a PipelineGraph.

1. list the files with their blob ids (no reads);
2. pick candidates: one ``git grep -l`` plus schema/config files by name;
3. extract each candidate's facts, from the blob-id cache when possible;
4. resolve pending names across files (reading constant holders on demand);
5. build the graph.

A committed tree's whole result is kept (``GraphStore``, keyed by tree id), so a tree is scanned
once ever; given the scan of another tree (``since``, e.g. a review's base), a scan lists and reads
only the files that differ from it and resolves the facts again.  ``needs_scan`` tells from a
change's paths alone whether it can change the graph at all.
"""

from __future__ import annotations

import functools
import gc
import importlib
import os
import posixpath
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec

from copilot import git, lang
from copilot.changes import INDEX, WORKTREE
from copilot.lang.extract import extract as lang_extract
from copilot.lang.link import link as link_frontends
from copilot.lang.link import unlinked
from copilot.model.facts import FileFacts, Loc, SchemaFact, Setting
from copilot.model.ids import schema_id
from copilot.scan import gitfiles, parallel, relevance
from copilot.scan.blind_spots import BlindSpot
from copilot.scan.blind_spots import find as find_blind_spots
from copilot.scan.cache import GraphStore, ScanCache
from copilot.scan.relevance import (  # noqa: F401 - re-exported for callers of the scan
    DEFAULT_IGNORE,
    EXTRACTORS,
    LANG_FRONT_END,
    _front_end,
    _ignored,
    needs_scan,
    read_suffixes,
)
from copilot.scan.resolve import ResolvedEndpoint, Resolver, unresolved_reason
from copilot.scan.services import ServiceMap

if TYPE_CHECKING:  # the graph and resolver load when a graph is built, not to decide whether to build one
    from copilot.model.graph import PipelineGraph

# Test code produces to made-up topics; it is not part of the deployed pipeline.
Progress = Callable[[int, int], None]


def extractor_for(path: str) -> Callable[[str, bytes], FileFacts] | None:
    module = _front_end(path)
    if module is None:
        return None
    return lang_extract if module == LANG_FRONT_END else _extractor_module(module)


@cache
def _extractor_module(module: str) -> Callable[[str, bytes], FileFacts] | None:
    try:
        return importlib.import_module(f"copilot.scan.extractors.{module}").extract  # type: ignore[no-any-return]
    except ModuleNotFoundError:
        return None


@dataclass
class ScanStats:
    files: int = 0
    candidates: int = 0
    parsed: int = 0
    cache_hits: int = 0
    seconds: float = 0.0
    snapshot: bool = False  # the whole result came from the stored scan of the same tree
    incremental: bool = False  # built on another tree's scan: only the differing files were read
    changed: int = 0  # incremental: files that differ from that tree


# A scan builds on another tree's scan when at most this many files (or a tenth) differ.
INCREMENTAL_MAX_CHANGED = 500

# How many times `scan` ran in this process (a fast path proves it did not scan by this count).
scan_count = 0


@dataclass
class ScanResult:
    root: Path
    rev: str
    graph: PipelineGraph
    files: dict[str, FileFacts]
    endpoints: list[ResolvedEndpoint]
    services: ServiceMap
    schemas: dict[str, SchemaFact]  # full name -> definition
    warnings: list[str] = field(default_factory=list)
    stats: ScanStats = field(default_factory=ScanStats)
    blind_spots: list[BlindSpot] = field(default_factory=list)  # files using a client the scan cannot read
    grep_hits: frozenset[str] = frozenset()  # files whose text matched a candidate marker
    tree: str = ""  # the git tree scanned ("" for the index or the work tree)
    listing: dict[str, gitfiles.TreeFile] = field(default_factory=dict, repr=False)
    candidates: list[str] = field(default_factory=list, repr=False)
    read: frozenset[str] = frozenset()  # every path the scan read or looked for
    ignored: tuple[str, ...] = ()  # the ignore patterns it applied

    # A stored scan keeps its listing as plain columns (fast to write) and rebuilds the files only
    # when a later scan builds on it.
    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        # the IR of front-end files stays in the per-file cache (by blob id), not in every stored scan:
        # a scan built on this one reads those files from that cache again (see `extract_many`)
        files: dict[str, FileFacts] = state.get("files") or {}  # type: ignore[assignment]
        state["files"] = {p: replace(ff, ir=None) if ff.ir is not None else ff for p, ff in files.items()}
        listing: dict[str, gitfiles.TreeFile] = state.pop("listing", {})  # type: ignore[assignment]
        state["_columns"] = tuple(map(list, zip(*listing.values(), strict=True))) if listing else ()
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)

    def __getattr__(self, name: str) -> object:
        if name == "listing" and "_columns" in self.__dict__:
            columns = self.__dict__.pop("_columns")
            self.listing = {p: gitfiles.TreeFile(p, *rest) for p, *rest in zip(*columns, strict=True)}
            return self.listing
        raise AttributeError(name)

    def endpoints_of(self, service: str) -> list[ResolvedEndpoint]:
        return [e for e in self.endpoints if e.service == service]

    def facts_in(self, service: str) -> list[FileFacts]:
        return [f for p, f in self.files.items() if self.services.service_of(p) == service]

    def grep(self, *options: str, path: str = ".") -> list[str]:
        """`git grep` over this scan's revision: rules search the repository through the scan, never
        with git themselves."""
        return gitfiles.grep_at(self.root, self.rev, *options, path=path)


def _is_candidate(path: str, tf: gitfiles.TreeFile, text_hit: bool, patterns: tuple[str, ...]) -> bool:
    """A file the scan extracts: its text has a candidate marker (or its name is a schema/config
    name), it is a regular file, not ignored, and some front-end reads it."""
    return (
        (text_hit or gitfiles.is_schema_or_config_name(path))
        and tf.mode != gitfiles.SYMLINK_MODE
        and not _ignored(path, patterns)
        and extractor_for(path) is not None
        and not lang.is_test_file(path)  # a front-end's own test globs (`*.spec.ts`, `*Tests/*.cs`)
    )


@lru_cache(maxsize=1)
def _too_big() -> bytes:
    """Stands for the content of a blob over the size limit, which is never read."""
    return bytes(gitfiles.MAX_FILE_BYTES + 1)


class _Reader:
    """Reads file contents at the scanned revision, batching blob reads."""

    def __init__(self, root: Path, rev: str, listing: dict[str, gitfiles.TreeFile]):
        self.root, self.rev, self.listing = root, rev, listing
        self._blobs: dict[str, bytes] = {}

    def many(self, paths: list[str]) -> dict[str, tuple[str, bytes | None]]:
        out: dict[str, tuple[str, bytes | None]] = {}
        blobs = []
        for p in paths:
            tf = self.listing[p]
            if self.rev == WORKTREE and not tf.blob:
                out[p] = gitfiles.worktree_blob(self.root, p)
            elif self.rev == WORKTREE:
                data = gitfiles.read_worktree(self.root, p)
                out[p] = (tf.blob, data)
            elif tf.blob in self._blobs:
                out[p] = (tf.blob, self._blobs[tf.blob])
            else:
                blobs.append(tf.blob)
        if blobs:
            # sizes first: a blob too big to scan is never read into memory
            sizes = gitfiles.blob_sizes(self.root, blobs)
            small = [b for b in blobs if sizes.get(b, 0) <= gitfiles.MAX_FILE_BYTES]
            self._blobs.update(gitfiles.read_blobs(self.root, small))
            for p in paths:
                if p not in out:
                    blob = self.listing[p].blob
                    big = sizes.get(blob, 0) > gitfiles.MAX_FILE_BYTES
                    out[p] = (blob, _too_big() if big else self._blobs.get(blob))
        return out


def _list_and_grep(root: Path, rev: str) -> tuple[dict[str, gitfiles.TreeFile], set[str]]:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:  # git grep runs while git lists the files
        grep_job = pool.submit(gitfiles.grep_candidates, root, rev, read_suffixes())
        listing = gitfiles.list_files(root, rev)
        grep_hits = grep_job.result() if listing else set()
    return listing, grep_hits


_P = ParamSpec("_P")


def _collector_paused(fn: Callable[_P, ScanResult]) -> Callable[_P, ScanResult]:
    """Run `fn` with Python's cyclic garbage collector paused, then collect once.

    A scan allocates hundreds of thousands of objects that live on (the files' facts and IR) and
    makes almost no cycles; the collector, triggered every 700 allocations, would walk the growing
    heap again and again (a tenth of a cold scan's CPU at 10,000 files, a fifth at 100,000).
    One collection of the young objects at the end finds the few cycles the scan left."""

    @functools.wraps(fn)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> ScanResult:
        if not gc.isenabled():  # paused by an enclosing scan (or by the caller): left as it is
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()
            gc.collect(0)

    return paused


@_collector_paused
def scan(
    path: str | Path,
    rev: str = WORKTREE,
    *,
    use_cache: bool = True,
    ignore: list[str] | tuple[str, ...] = (),
    progress: Progress | None = None,
    since: ScanResult | None = None,
) -> ScanResult:
    """Scan the repository containing `path` at `rev` (a commit, INDEX or WORKTREE).

    A commit's tree scanned before comes back from the graph store; with `since` (the scan of
    another commit of the same repository) only the files that differ from it are read.
    """
    global scan_count
    scan_count += 1
    started = time.perf_counter()
    root = git.toplevel(path)
    if rev not in (WORKTREE, INDEX) and git.head_sha(root) is None:
        rev = WORKTREE
    patterns = DEFAULT_IGNORE + tuple(ignore)
    store_dir = git.common_dir(root) / "pipeline-copilot" if use_cache else None
    tree = gitfiles.tree_id(root, rev) if rev not in (WORKTREE, INDEX) else ""
    graphs = GraphStore(store_dir, patterns)
    stored = graphs.get(tree) if tree else None
    if isinstance(stored, ScanResult):
        stored.root, stored.rev = root, rev
        files, candidates = stored.stats.files, stored.stats.candidates
        stored.stats = ScanStats(files, candidates, snapshot=True, seconds=time.perf_counter() - started)
        return stored
    if since is None and tree:
        since = graphs.latest()  # usually a close ancestor: read only what differs from it
    cache = ScanCache(store_dir)
    warnings: list[str] = []
    # a commit's tree, the staged work or the work tree builds on a stored commit scan (the work
    # tree's modified files have no blob ids until read)
    usable = isinstance(since, ScanResult) and since.tree and since.ignored == patterns
    base = since if usable and since.listing else None  # type: ignore[union-attr]
    changed: dict[str, gitfiles.TreeFile | None] = {}
    if base is not None:
        if tree:
            diff = gitfiles.diff_trees(root, base.tree, tree)
        else:
            diff = gitfiles.diff_index(root, base.tree) if rev == INDEX else gitfiles.diff_worktree(root, base.tree)
        if diff is None or len(diff) > max(INCREMENTAL_MAX_CHANGED, len(base.listing) // 10):
            base = None  # a distant tree (one git grep beats reading every changed file), or a conflict
        else:
            changed = diff
    if base is not None:
        listing = dict(base.listing)
        for p, tf in changed.items():
            if tf is None:
                listing.pop(p, None)
            else:
                listing[p] = tf
        reader = _Reader(root, rev, listing)
        ends = read_suffixes()  # as the full scan's grep, only files some front-end reads
        maybe = [p for p, tf in changed.items() if tf is not None and tf.mode != gitfiles.SYMLINK_MODE and p.lower().endswith(ends)]
        texts_of = reader.many(maybe)
        fresh = {p for p in maybe if texts_of[p][1] is not None and gitfiles.content_is_candidate(texts_of[p][1])}  # type: ignore[arg-type]
        grep_hits = {p for p in base.grep_hits if p not in changed} | fresh
        candidates = sorted(
            {p for p in base.candidates if p not in changed}
            | {p for p in maybe if _is_candidate(p, listing[p], p in fresh, patterns)}
        )
    else:
        listing, grep_hits = _list_and_grep(root, rev)
        named = (p for p in listing if gitfiles.is_schema_or_config_name(p))
        candidates = sorted(p for p in {*grep_hits, *named} if p in listing and _is_candidate(p, listing[p], p in grep_hits, patterns))
        reader = _Reader(root, rev, listing)
    symlinks = sum(1 for tf in listing.values() if tf.mode == gitfiles.SYMLINK_MODE)
    facts: dict[str, FileFacts] = {}
    stats = ScanStats(files=len(listing), candidates=len(candidates), incremental=base is not None, changed=len(changed))
    requested: set[str] = set(candidates)

    def extract_many(paths: list[str], report: bool) -> None:
        todo = []
        for p in paths:
            tf = listing[p]
            if base is not None and p not in changed and p in base.files and (base.files[p].ir is not None or lang.frontend_for(p) is None):
                facts[p] = unlinked(base.files[p])  # a front-end file of a stored scan has no IR: read below, from the cache
                continue
            if tf.blob:
                hit = cache.get(p, tf.blob)
                if hit is not None:
                    facts[p] = hit
                    continue
            todo.append(p)
        too_big = [p for p in todo if listing[p].size > gitfiles.MAX_FILE_BYTES]
        for p in too_big:
            warnings.append(f"{p}: skipped, larger than {gitfiles.MAX_FILE_BYTES // (1024 * 1024)} MiB")
        todo = [p for p in todo if p not in too_big]
        contents = reader.many(todo)  # one `git cat-file --batch` for a whole revision
        for p in todo:
            data = contents[p][1]
            if data is not None and len(data) > gitfiles.MAX_FILE_BYTES:
                warnings.append(f"{p}: skipped, larger than {gitfiles.MAX_FILE_BYTES // (1024 * 1024)} MiB")
        jobs = [(p, contents[p][1]) for p in todo if contents[p][1] is not None and len(contents[p][1]) <= gitfiles.MAX_FILE_BYTES]
        for p, ff in _extract_all(jobs, progress if report else None):
            if ff is None:
                continue
            stats.parsed += 1
            facts[p] = ff
            cache.put(p, contents[p][0], ff)

    extract_many(candidates, report=True)

    def load(p: str) -> FileFacts | None:
        requested.add(p)
        if p not in facts and p in listing and listing[p].mode != gitfiles.SYMLINK_MODE:
            extract_many([p], report=False)
        return facts.get(p)

    manifests_changed = any(posixpath.basename(p) in gitfiles.MANIFESTS for p in changed)
    services = base.services if base is not None and not manifests_changed else ServiceMap(listing.keys(), root.name)
    texts: dict[str, str | None] = {}

    def read_texts(paths: list[str]) -> dict[str, str | None]:
        """File texts for the resolver's settings lookups, read in one batch and remembered."""
        requested.update(paths)
        todo = [p for p in paths if p not in texts and p in listing and listing[p].mode != gitfiles.SYMLINK_MODE]
        for p, (_, data) in reader.many(todo).items():
            ok = data is not None and len(data) <= gitfiles.MAX_FILE_BYTES
            texts[p] = data.decode("utf-8", "replace") if ok else None  # type: ignore[union-attr]
        return {p: texts.get(p) for p in paths}

    all_paths = sorted(listing)
    def grep(word: str, pathspecs: tuple[str, ...]) -> list[str]:
        """Files that mention `word` (a function's callers): the word is remembered with what the
        scan read, so a change that starts mentioning it elsewhere is seen (`relevance`)."""
        requested.add(relevance.MENTION + word)
        return gitfiles.grep_at(root, rev, "-l", "-w", "-F", "-e", word, pathspecs=pathspecs)

    link_frontends(facts, all_paths, services, load, read_texts, grep)
    resolver = Resolver(all_paths, services, load, facts, read_texts)
    endpoints = _resolve_endpoints(facts, services, resolver)
    schemas = _collect_schemas(facts)
    graph = build_graph(facts, endpoints, services, schemas, resolver)
    blind = find_blind_spots(
        grep_hits, lambda p: p in listing and listing[p].mode != gitfiles.SYMLINK_MODE and not _ignored(p, patterns), facts, services, read_texts
    )
    cache.save()
    for ff in facts.values():
        warnings.extend(ff.warnings)
    if symlinks:
        warnings.append(f"{symlinks} symbolic link(s) not followed")
    stats.cache_hits = cache.hits
    result = ScanResult(root, rev, graph, facts, endpoints, services, schemas, warnings, stats, blind)
    result.grep_hits = frozenset(grep_hits)
    result.tree, result.listing, result.candidates, result.read = tree, listing, candidates, frozenset(requested)
    result.ignored = patterns
    if tree:
        graphs.put(tree, result, result.read)
    stats.seconds = time.perf_counter() - started
    return result


def empty_scan(path: str | Path, rev: str) -> ScanResult:
    """The scan of an empty tree (the base of a root commit)."""
    from copilot.model.graph import PipelineGraph

    root = git.toplevel(path)
    services = ServiceMap([], root.name)
    return ScanResult(root, rev, PipelineGraph(), {}, [], services, {})




PARALLEL_MIN_FILES = 400  # below this, forking workers costs more CPU than it saves time


def _extract_one(job: tuple[str, bytes]) -> tuple[str, FileFacts | None]:
    path, data = job
    extract = extractor_for(path)
    return path, (extract(path, data) if extract is not None else None)


def _kind(job: tuple[str, bytes]) -> str:
    """Files of one kind load the same front-end code (see `parallel.run`)."""
    name = job[0].rsplit("/", 1)[-1].lower()
    return name.rsplit(".", 1)[-1] if "." in name else name


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _extract_all(jobs: list[tuple[str, bytes]], progress: Progress | None = None) -> list[tuple[str, FileFacts | None]]:
    """Extract facts, in job order; on every core when there are many files (a cold scan of a big
    repo).  `progress(done, total)` moves as files are done."""
    cores = _cores()
    if len(jobs) < PARALLEL_MIN_FILES or cores < 2:
        out = []
        for job in jobs:
            out.append(_extract_one(job))
            if progress:
                progress(len(out), len(jobs))
        return out
    return parallel.run(_extract_one, jobs, _kind, children=min(cores, 4) - 1, progress=progress)


def _service_settings(
    facts: dict[str, FileFacts], services: ServiceMap, resolver: Resolver
) -> dict[str, dict[str, Setting]]:
    """Client settings from config files (and app objects such as a faust App), per service
    (default profile wins); values that live elsewhere are settled like code settings."""
    out: dict[str, dict[str, Setting]] = {}
    for p in sorted(facts, key=lambda p: (facts[p].profile is None, p)):
        ff = facts[p]
        if not ff.settings:
            continue
        svc, folder = services.lookup(p)
        for s in ff.settings:
            out.setdefault(svc, {})[s.key] = _settle(s, p, folder, resolver) if s.pending or s.unresolved else s
    return out


def _channel_settings(props: dict[str, tuple[str, Loc]], prefix: str) -> dict[str, Setting]:
    from copilot.scan.setting_keys import normalise_setting_key

    out: dict[str, Setting] = {}
    for key, (value, loc) in props.items():
        if key.startswith(prefix):
            norm = normalise_setting_key(key[len(prefix) :])
            if norm:
                out[norm] = Setting(norm, value, loc, raw_key=key)
    return out


def _resolve_endpoints(facts: dict[str, FileFacts], services: ServiceMap, resolver: Resolver) -> list[ResolvedEndpoint]:
    svc_settings = _service_settings(facts, services, resolver)
    out: list[ResolvedEndpoint] = []
    for p in sorted(facts):
        for ep in facts[p].endpoints:
            service, folder = services.lookup(p)
            settings = dict(svc_settings.get(service, {}))
            pend = ep.topic.pending
            if pend is not None and pend.kind == "binding" and not _uses_cloud_stream(resolver, folder, pend.key):
                continue  # a plain @Bean Function/Supplier in an app that is not a Spring Cloud Stream app
            if pend is not None and pend.kind in ("channel", "binding"):
                props = resolver.properties(folder)
                if pend.kind == "channel":
                    direction, _, ch = pend.key.partition(":")
                    settings.update(_channel_settings(props, f"mp.messaging.{direction}.{ch}."))
                else:
                    group = resolver.binding_group(folder, pend.key) if ep.role == "consume" else None
                    if group:
                        settings["group.id"] = Setting("group.id", group[0], group[1], raw_key="group")
            for key, s in ep.settings.items():
                settings[key] = _settle(s, p, folder, resolver)
            if ep.library == "kafka-streams" and "group.id" not in settings:
                # Spring Boot falls back to spring.application.name for a Streams application.id
                app = resolver.properties(folder).get("spring.application.name")
                if app:
                    settings["group.id"] = Setting("group.id", app[0], app[1], raw_key="spring.application.name")
            broker = resolver.broker_of(ep, p)
            for topic in resolver.resolve_topics(ep.topic, p):  # several possible topics: one endpoint each
                out.append(ResolvedEndpoint(ep, service, topic, settings, broker=broker))
    files_by_text: dict[str, set[str]] = {}
    for rep in out:
        if rep.topic.name is None:
            files_by_text.setdefault(rep.topic.text, set()).add(rep.loc.path)
    for rep in out:
        if rep.topic.name is None and len(files_by_text[rep.topic.text]) > 1:
            rep.scope = rep.loc.path
    return out


FUNCTIONAL_BINDING = re.compile(r"-(in|out)-(\d+|\*)$")


def _uses_cloud_stream(resolver: Resolver, folder: str, binding: str) -> bool:
    """Spring Cloud Stream is configured for this service (any spring.cloud.stream key), or the
    binding is named explicitly (StreamBridge, @StreamListener)."""
    if any(k.startswith("spring.cloud.stream") for k in resolver.properties(folder)) or resolver.cloud_stream_app(folder):
        return True
    return FUNCTIONAL_BINDING.search(binding) is None  # `<bean>-in-0` exists only for function beans


def _settle(s: Setting, path: str, folder: str, resolver: Resolver) -> Setting:
    """A code setting whose value lives elsewhere (a property, an env file, a constant) is
    cited where that value is defined: that is the line a change to it touches."""
    via: list[Loc] = []
    value: str | None = s.value
    if s.unresolved:
        found = resolver.attribute_default(s.value, path)
        return s if found is None else Setting(s.key, found[0], found[1], s.raw_key)
    if s.pending is not None:
        value, _ = resolver.resolve_pending(s.pending, path, via)
        if value is None:  # e.g. an attribute of a settings object we cannot follow
            found = resolver.attribute_default(s.value, path)
            if found is not None:
                return Setting(s.key, found[0], found[1], s.raw_key)
            return Setting(s.key, s.value, s.loc, s.raw_key, unresolved=True)
    if value and "${" in value:
        value = resolver.expand(value, folder, via) or value
    if not via:
        return s if value == s.value else Setting(s.key, value, s.loc, s.raw_key)  # a `${key:default}` default
    return Setting(s.key, value, via[-1], s.raw_key)


def _collect_schemas(facts: dict[str, FileFacts]) -> dict[str, SchemaFact]:
    schemas: dict[str, SchemaFact] = {}
    for p in sorted(facts, key=lambda p: (facts[p].language != "avro", p)):
        for sf in facts[p].schemas:
            schemas.setdefault(sf.full_name, sf)
    return schemas


def _schema_for(rep: ResolvedEndpoint, facts: dict[str, FileFacts], schemas: dict[str, SchemaFact], resolver: Resolver) -> str | None:
    ref = rep.ep.schema
    if ref is None:
        return None
    if ref.kind in ("name", "inline"):
        if ref.key in schemas:
            return ref.key
        matches = [n for n in schemas if n.rsplit(".", 1)[-1] == ref.key.rsplit(".", 1)[-1]]
        return matches[0] if len(matches) == 1 else None
    # a file: relative to the code file, the service folder, or the repo root
    here = posixpath.dirname(rep.loc.path)
    folder = resolver.services.folder_of(rep.loc.path)
    for base in (here, folder, ""):
        cand = posixpath.normpath(posixpath.join(base, ref.key)) if base else posixpath.normpath(ref.key)
        ff = resolver.load(cand)
        if ff and ff.schemas:
            return ff.schemas[0].full_name
    return None


def _service_schema(rep: ResolvedEndpoint, schemas: dict[str, SchemaFact], services: ServiceMap) -> str | None:
    """An Avro producer whose code names its schema in a way we cannot follow (a computed path)
    uses its own service's schema when the service holds exactly one."""
    if rep.role != "produce" or (rep.setting("value.format") or "").lower() != "avro":
        return None
    folder = services.folder_of(rep.loc.path)
    own = [n for n, sf in schemas.items() if not sf.inline and (not folder or sf.loc.path.startswith(folder + "/"))]
    return own[0] if len(own) == 1 else None


def build_graph(
    facts: dict[str, FileFacts],
    endpoints: list[ResolvedEndpoint],
    services: ServiceMap,
    schemas: dict[str, SchemaFact],
    resolver: Resolver,
) -> PipelineGraph:
    from copilot.model.graph import Evidence, PipelineGraph, flow_kind

    g = PipelineGraph()
    for name, sf in schemas.items():
        g.add_node("schema", name, [Evidence(sf.loc.path, sf.loc.line)], path=sf.loc.path, inline=sf.inline or None)
    for rep in endpoints:
        ev = Evidence(rep.loc.path, rep.loc.line)
        svc = g.add_node("service", rep.service, folder=services.folder_of(rep.loc.path))
        unresolved = rep.topic.name is None
        topic = g.add_topic(
            rep.topic_name,
            rep.broker,
            [ev],
            unresolved=True if unresolved else None,
            reason=rep.unresolved_reason,
            pattern=True if rep.topic.pattern else None,
        )
        kind = flow_kind(rep.role, rep.broker)
        if rep.role == "produce":
            g.add_edge(svc, topic, kind, [ev], libraries=[rep.ep.library])
        else:
            g.add_edge(topic, svc, kind, [ev], libraries=[rep.ep.library])
        rep.schema = _schema_for(rep, facts, schemas, resolver) or _service_schema(rep, schemas, services)
        if rep.schema:
            sid = schema_id(rep.schema)
            g.add_edge(svc, sid, "uses-schema", [ev])
            g.add_edge(topic, sid, "carries", [ev])
    for p in sorted(facts):
        for conn in facts[p].connectors:
            ev = Evidence(conn.loc.path, conn.loc.line)
            svc = g.add_node("service", conn.name, [ev], connector=conn.connector_class)
            for ref in conn.topics:
                ref = resolver.resolve_topic(ref, conn.loc.path)
                ev = Evidence(ref.via[0].path, ref.via[0].line) if ref.via else Evidence(conn.loc.path, conn.loc.line)
                name = ref.name if ref.name is not None else f"<{ref.text}>"
                topic = g.add_topic(
                    name,
                    "kafka",
                    [ev],
                    unresolved=True if ref.name is None else None,
                    reason=unresolved_reason(ref) if ref.name is None else None,
                    pattern=True if ref.pattern else None,
                )
                if conn.direction == "source":
                    g.add_edge(svc, topic, "produces", [ev], libraries=["kafka-connect"])
                else:
                    g.add_edge(topic, svc, "consumes", [ev], libraries=["kafka-connect"])
    _link_patterns(g)
    return g


def _link_patterns(g: PipelineGraph) -> None:
    """A pattern subscription consumes every concrete topic its regex matches."""
    import re

    from copilot.model.graph import flow_kind

    patterns = [n for n in g.nodes("topic") if n.attrs.get("pattern")]
    concrete = [n for n in g.nodes("topic") if not n.attrs.get("pattern") and not n.attrs.get("unresolved")]
    for pat in patterns:
        try:
            rx = re.compile(pat.name)
        except re.error:
            continue
        for svc in g.consumers(pat.id):
            ev = g.flow_edge(pat.id, svc)["evidence"]  # type: ignore[index]
            kind = flow_kind("consume", pat.attrs.get("broker"))
            for t in concrete:
                if t.attrs.get("broker") == pat.attrs.get("broker") and rx.fullmatch(t.name):
                    g.add_edge(t.id, svc, kind, ev)
