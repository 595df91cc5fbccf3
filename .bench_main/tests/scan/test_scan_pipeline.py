"""The scan's plumbing: one `git grep` for every language's candidate markers, written as a cheap
pattern that matches what the plain caseless alternation matches; extraction shared with forked
children.  Counts and results, never time."""

from __future__ import annotations

import os
import random
import re

import pytest

from copilot import git as git_adapter
from copilot.scan import gitfiles, markers, parallel
from copilot.scan import repo as scan_repo
from copilot.scan.relevance import _front_end, read_suffixes

# an example text for each candidate marker that is a regular expression rather than a word
REGEX_SAMPLES = {r"\(\w+\) -> \w+": "list.map((item) -> item.id)"}


def _samples() -> dict[str, str]:
    """marker -> a line of code that holds it (and no other marker)."""
    out = {}
    for m in gitfiles.candidate_markers():
        words, _ = markers.split([m])
        if words:
            out[m] = f"call({words[0]!r})"
        elif m in REGEX_SAMPLES:
            out[m] = REGEX_SAMPLES[m]
    return out


def test_markers_are_the_branches_of_every_pattern():
    ms = gitfiles.candidate_markers()
    assert {"kafka", "topic", r"group\.id", r"\(\w+\) -> \w+"} <= set(ms)
    assert not [m for m in ms if len(markers.alternatives(m)) > 1]  # `a|b` is two markers
    assert set(REGEX_SAMPLES) <= set(ms)


def _case(text: str, how: int) -> str:
    return (text, text.upper(), text.lower(), text.swapcase())[how % 4]


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    calls: list[list[str]] = []
    real = git_adapter.subprocess.run

    def run(args, *a, **kw):  # type: ignore[no-untyped-def]
        calls.append(list(args))
        return real(args, *a, **kw)

    monkeypatch.setattr(git_adapter.subprocess, "run", run)
    return calls


def test_one_grep_finds_every_languages_candidates_in_any_case(make_repo, monkeypatch):
    samples = _samples()
    assert len(samples) >= len(gitfiles.candidate_markers()) - 3  # (a regular expression may have no sample)
    ends = read_suffixes()
    files: dict[str, str | bytes | None] = {}
    expected = set()
    for i, line in enumerate(samples[m] for m in sorted(samples)):
        end = ends[i % len(ends)]
        name = f"svc/m{i}{end.upper() if i % 5 == 0 else end}"  # `M0.PY` is read as `m0.py` is
        files[name] = f"# file {i}\n{_case(line, i)}\n"
        expected.add(name)
    files["svc/plain.py"] = "def total(values):\n    return sum(v * 2 for v in values)\n"
    files["svc/near.py"] = "kafk = 'a'\ntopi = 'c'\ngroup_id = 1\n"  # near misses
    files["svc/data.py"] = b"\0\0binary kafka\0"
    files["README.md"] = "kafka everywhere\n"  # no front-end reads it: the grep does not open it
    repo = make_repo(files)
    calls = _counting(monkeypatch)
    hits = gitfiles.grep_candidates(repo, "HEAD", ends)
    assert [c for c in calls if "grep" in c] == calls and len(calls) == 1  # one pass, every language
    assert hits == expected
    assert {p for p in files if gitfiles.content_is_candidate((repo / p).read_bytes()) and p != "README.md"} == expected
    assert gitfiles.grep_candidates(repo, "HEAD") == expected | {"README.md"}  # no name filter: every file
    monkeypatch.setattr(gitfiles, "_PCRE", [False])  # git without PCRE: the same files with -E
    assert gitfiles.grep_candidates(repo, "HEAD", ends) == expected


def test_grep_pattern_matches_exactly_what_the_caseless_alternation_matches():
    ms = gitfiles.candidate_markers()
    plain = re.compile("|".join(ms).encode(), re.IGNORECASE)
    fast = re.compile(markers.grep_pattern(ms, pcre=True)[0].encode())  # Python's re reads this PCRE subset
    assert not markers.grep_pattern(ms, pcre=True)[1]  # no `-i`: the letters carry their case
    rnd = random.Random(12)
    texts = [line.encode() for line in _samples().values()]
    alphabet = "kafkpulsrvotic@.-<>() _xyzKAFTOPIC\n"
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 40))).encode() for _ in range(3000)]
    texts += [b"Kafka", b"KAFKA_BOOTSTRAP", b"topi c", b"group_id", b"groupXid", b"(a) ->b", b"(a) -> b"]
    for text in texts:
        assert bool(fast.search(text)) == bool(plain.search(text)), text


def test_markers_are_split_into_words_and_regexes_and_minimised():
    words, regexes = markers.split(["kafka", "KafkaListener", r"group\.id", r"\(\w+\) -> \w+", "node-rdkafka", "a|b"])
    assert words == ["kafka", "kafkalistener", "group.id", "node-rdkafka"]
    assert regexes == [r"\(\w+\) -> \w+", "a|b"]
    assert markers.minimal(words) == ["group.id", "kafka"]  # a file holding kafkalistener holds kafka
    assert markers.alternatives(r"kafka|b(c|d)|[|]x|e\|f") == ("kafka", "b(c|d)", "[|]x", r"e\|f")
    pattern, caseless = markers.grep_pattern(("kafka", "kafkajs", "Topic", r"\w+ -> x"), pcre=False)
    assert caseless and pattern == r"([kK][aA][fF][kK][aA]|[tT][oO][pP][iI][cC])|\w+ -> x"


def test_the_scan_reads_the_names_front_ends_read(make_repo):
    repo = make_repo({"svc/pom.xml": "", "svc/App.java": "class App { String topic = \"t\"; }\n"})
    ends = read_suffixes()
    for path in ("a.py", "B.JAVA", "c.kts", "x/.env", "s.avsc", "w.cs", "m.ts", "lib.rs", "conf.yaml"):
        assert path.lower().endswith(ends), path
    for path in ("README.md", "logo.png", "go.sum", "Makefile"):
        assert _front_end(path) is None and not path.lower().endswith(ends), path
    assert scan_repo.scan(repo, "HEAD", use_cache=False).candidates == ["svc/App.java"]


def test_a_cold_scan_runs_one_grep_and_reads_candidates_in_one_batch(make_repo, monkeypatch):
    repo = make_repo(
        {
            "svc/pyproject.toml": "",
            "svc/app.py": 'from kafka import KafkaProducer\n\nKafkaProducer().send("orders", b"x")\n',
            "svc/w.py": 'from kafka import KafkaConsumer\n\nfor m in KafkaConsumer("orders", group_id="g"):\n    print(m)\n',
            "svc/util.py": "def f():\n    return 1\n",
        }
    )
    calls = _counting(monkeypatch)
    result = scan_repo.scan(repo, "HEAD", use_cache=False)
    assert result.candidates == ["svc/app.py", "svc/w.py"]
    assert sum(1 for c in calls if c[0] == "git" and "grep" in c) == 1
    assert sum(1 for c in calls if "--batch" in c) == 1  # both candidates' contents in one read


# -- extraction on every core ------------------------------------------------------------------


def _square(job: tuple[str, int]) -> tuple[str, int, int]:
    return job[0], job[1] * job[1], os.getpid()


def test_parallel_run_gives_the_serial_results_in_job_order():
    jobs = [(("a", "b", "c")[i % 3], i) for i in range(200)]
    before = parallel.forks
    got = parallel.run(_square, jobs, kind=lambda j: j[0], children=1)
    assert parallel.forks == before + 1
    assert [(k, sq) for k, sq, _ in got] == [(k, i * i) for k, i in jobs]
    # the first job of each kind ran in this process, before the fork: what it loaded is shared
    assert [pid for _, _, pid in got[:3]] == [os.getpid()] * 3


def test_parallel_run_without_children_or_with_one_chunk_forks_nothing():
    before = parallel.forks
    assert [r[1] for r in parallel.run(_square, [("a", 2), ("a", 3)], kind=lambda j: j[0], children=3)] == [4, 9]
    assert [r[1] for r in parallel.run(_square, [("a", i) for i in range(50)], kind=lambda j: j[0], children=0)][-1] == 49 * 49
    assert parallel.forks == before


def test_a_child_that_dies_leaves_its_jobs_to_the_parent():
    parent = os.getpid()

    def die_in_child(job: tuple[str, int]) -> tuple[str, int, int]:
        if os.getpid() != parent:
            os._exit(3)  # a crash (out of memory, a segfault in a parser) takes the child down
        return _square(job)

    jobs = [("a", i) for i in range(100)]
    got = parallel.run(die_in_child, jobs, kind=lambda j: j[0], children=2)
    assert [sq for _, sq, _ in got] == [i * i for i in range(100)]
    assert {pid for _, _, pid in got} == {parent}


def test_an_exception_in_a_job_surfaces_as_in_a_serial_run():
    def boom(job: tuple[str, int]) -> tuple[str, int, int]:
        if job[1] == 57:
            raise ValueError("bad file 57")
        return _square(job)

    with pytest.raises(ValueError, match="bad file 57"):
        parallel.run(boom, [("a", i) for i in range(100)], kind=lambda j: j[0], children=1)


def test_parallel_extraction_gives_the_serial_scan(make_repo, monkeypatch):
    files: dict[str, str | bytes | None] = {}
    for s in range(6):
        files[f"svc{s}/pyproject.toml"] = ""
        files[f"svc{s}/app.py"] = f'from kafka import KafkaProducer\n\nKafkaProducer().send("t{s}", b"x")\n'
        files[f"svc{s}/w.py"] = f'from kafka import KafkaConsumer\n\nfor m in KafkaConsumer("t{s}", group_id="g{s}"):\n    print(m)\n'
        files[f"svc{s}/application.yml"] = f"spring:\n  kafka:\n    bootstrap-servers: k{s}:9092\n"
        files[f"svc{s}/Fn.java"] = "class Fn { java.util.function.Function<String, String> f = (s) -> s; }\n"
    repo = make_repo(files)
    monkeypatch.setattr(scan_repo, "PARALLEL_MIN_FILES", 10**9)
    serial = scan_repo.scan(repo, "HEAD", use_cache=False)
    monkeypatch.setattr(scan_repo, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(scan_repo, "_cores", lambda: 2)
    before = parallel.forks
    progress: list[tuple[int, int]] = []
    shared = scan_repo.scan(repo, "HEAD", use_cache=False, progress=lambda d, t: progress.append((d, t)))
    assert parallel.forks == before + 1
    assert shared.graph.to_json() == serial.graph.to_json() and len(serial.graph.nodes("topic")) == 6
    assert list(shared.files) == list(serial.files) and shared.warnings == serial.warnings
    assert progress[-1] == (len(shared.candidates), len(shared.candidates))


def test_the_code_version_reads_sources_never_byte_code(tmp_path):
    from copilot.scan.cache import EXTRACTOR_SOURCES, source_digest

    for rel, text in {"scan/extractors/py.py": "A = 1\n", "libraries/kafka.yaml": "a: 1\n", "secrets.py": "B = 2\n"}.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    before = source_digest(tmp_path, EXTRACTOR_SOURCES)
    # an installed package compiles its modules: a folder of byte code changes nothing (and reading
    # it as a file once made every save of the scan cache fail)
    (tmp_path / "libraries/__pycache__").mkdir()
    (tmp_path / "libraries/__pycache__/match.cpython-311.pyc").write_bytes(b"\0pyc")
    assert source_digest(tmp_path, EXTRACTOR_SOURCES) == before
    (tmp_path / "libraries/kafka.yaml").write_text("a: 2\n")  # the catalogue decides facts
    assert source_digest(tmp_path, EXTRACTOR_SOURCES) != before

