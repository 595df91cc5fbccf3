"""Fast paths: the graph store keyed by tree id, incremental head scans, and reviews of changes
that cannot touch the pipeline answering without a scan.  Counts and stats, never time."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from copilot.git import common_dir
from copilot.scan import repo as scan_repo
from copilot.scan.repo import needs_scan, scan
from tests.conftest import commit, git

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# the topic lives in a module with no candidate marker: only resolution reads it
NAMES = 'ORDERS = "orders"\nPAYMENTS = "payments"\n'
PRODUCER = (
    "from confluent_kafka import Producer\n\nfrom checkout.names import ORDERS\n\n"
    'p = Producer({"acks": "all"})\np.produce(ORDERS, value=b"x")\n'
)
CONSUMER = 'from kafka import KafkaConsumer\n\nc = KafkaConsumer("orders", group_id="fraud")\nfor m in c:\n    print(m)\n'
PLAIN = "def total(xs):\n    return sum(xs)\n"


@pytest.fixture
def shop(make_repo):
    return make_repo(
        {
            "checkout/pyproject.toml": "",
            "checkout/__init__.py": "",
            "checkout/names.py": NAMES,
            "checkout/app.py": PRODUCER,
            "checkout/util.py": PLAIN,
            "fraud/setup.py": "",
            "fraud/w.py": CONSUMER,
            "README.md": "# shop\n",
            "checkout/tests/test_app.py": "import kafka\n",
        }
    )


def head(repo: Path, rev: str = "HEAD") -> str:
    return git(repo, "rev-parse", rev).strip()


def graph_json(result) -> str:  # type: ignore[no-untyped-def]
    return json.dumps(result.graph.to_json(), sort_keys=True)


def test_a_tree_is_scanned_once_and_comes_back_from_the_graph_store(shop):
    sha = head(shop)
    first = scan(shop, sha)
    assert not first.stats.snapshot and first.stats.parsed >= 2
    assert "checkout/names.py" in first.read  # read by resolution, not a candidate
    assert "checkout/names.py" not in first.candidates
    again = scan(shop, sha)
    assert again.stats.snapshot and again.stats.parsed == 0
    assert graph_json(again) == graph_json(first)
    # another commit with the same tree is the same scan
    commit(shop, {}, "empty commit")
    same_tree = scan(shop, head(shop))
    assert same_tree.stats.snapshot and same_tree.rev == head(shop)
    assert not scan(shop, sha, use_cache=False).stats.snapshot


def test_the_head_is_scanned_on_top_of_the_base_reading_only_changed_files(shop):
    base_sha = head(shop)
    base = scan(shop, base_sha, use_cache=False)
    commit(shop, {"checkout/names.py": NAMES.replace('"orders"', '"orders.v2"'), "fraud/w.py": CONSUMER + "# note\n"})
    head_sha = head(shop)
    inc = scan(shop, head_sha, use_cache=False, since=base)
    full = scan(shop, head_sha, use_cache=False)
    assert inc.stats.incremental and inc.stats.changed == 2
    assert inc.stats.parsed == 2  # the changed candidate and the changed constant holder
    assert full.stats.parsed > inc.stats.parsed
    assert graph_json(inc) == graph_json(full)
    assert "topic:orders.v2" in inc.graph and inc.graph.producers("topic:orders.v2") == ["service:checkout"]


def test_an_incremental_scan_sees_added_and_removed_candidates(shop):
    base = scan(shop, head(shop), use_cache=False)
    added = CONSUMER.replace("fraud", "audit").replace("orders", "payments")
    commit(shop, {"audit/setup.py": "", "audit/r.py": added, "fraud/w.py": None, "checkout/util.py": PLAIN + "# kafka now\n"})
    inc = scan(shop, head(shop), use_cache=False, since=base)
    full = scan(shop, head(shop), use_cache=False)
    assert inc.candidates == full.candidates and "checkout/util.py" in inc.candidates
    assert graph_json(inc) == graph_json(full)
    assert "service:fraud" not in inc.graph and "service:audit" in inc.graph


def changes_of(repo: Path, base: str, head_rev: str) -> list[tuple[str | None, str | None]]:
    out = git(repo, "diff", "--name-status", "--no-renames", base, head_rev).splitlines()
    pairs: list[tuple[str | None, str | None]] = []
    for line in out:
        status, path = line.split("\t", 1)
        pairs.append((None if status == "A" else path, None if status == "D" else path))
    return pairs


def reader(repo: Path, base: str, head_rev: str):  # type: ignore[no-untyped-def]
    def read(side: str, path: str) -> bytes | None:
        rev = base if side == "base" else head_rev
        proc = subprocess.run(["git", "show", f"{rev}:{path}"], cwd=repo, capture_output=True, check=False)
        return proc.stdout if proc.returncode == 0 else None

    return read


@pytest.mark.parametrize(
    ("files", "known", "expected"),
    [
        ({"README.md": "# shop\nmore prose\n"}, None, False),  # no front-end reads it
        ({"docs/guide.md": "kafka topics\n"}, None, False),  # markers in prose do not count
        ({"checkout/util.py": PLAIN + "# x\n"}, frozenset({"checkout/app.py"}), False),  # the base scan never read it
        ({"checkout/util.py": PLAIN + "# x\n"}, None, True),  # unknown what the scan reads: scan
        ({"checkout/names.py": NAMES + "# x\n"}, frozenset({"checkout/names.py"}), True),  # resolution read it
        ({"checkout/util.py": PLAIN + "# kafka\n"}, frozenset(), True),  # becomes a candidate
        ({"checkout/new.py": PLAIN}, frozenset(), True),  # a new code file may be looked up by name
        ({"fraud/pom.xml": "<project/>"}, frozenset(), True),  # services move
        ({"fraud/application.yml": "x: 1\n"}, frozenset(), True),  # a config name
        ({".pipeline-copilot.toml": "[review]\n"}, frozenset(), True),  # the tool's own config
        ({"checkout/tests/test_app.py": "import kafka  # x\n"}, frozenset(), False),  # test code is not scanned
        ({"checkout/tests/test_more.py": "x = 1\n"}, frozenset(), True),  # ... but a new file may be looked up
        ({"checkout/util.py": None}, frozenset({"checkout/app.py"}), False),  # nothing read it
        ({"checkout/names.py": None}, frozenset({"checkout/names.py"}), True),
    ],
)
def test_needs_scan_decides_from_paths_and_candidate_markers(shop, files, known, expected):
    base = head(shop)
    commit(shop, files)
    changes = changes_of(shop, base, "HEAD")
    got = needs_scan(changes, reader(shop, base, "HEAD"), (), known, always=(".pipeline-copilot.toml",))
    assert got is expected


def test_a_readme_only_review_answers_without_a_scan(shop):
    from copilot.review.engine import review_change

    commit(shop, {"README.md": "# shop\n\nHow to run it.\n"}, "docs")
    before = scan_repo.scan_count
    review = review_change(shop, base="HEAD~1", head="HEAD", llm="off")
    assert scan_repo.scan_count == before
    assert review.changed_files == ["README.md"]
    assert review.findings == [] and review.summary() == {"high": 0, "medium": 0, "low": 0, "info": 0}


def test_an_unrelated_code_change_needs_no_scan_once_the_base_was_scanned(shop):
    from copilot.review.engine import review_change

    commit(shop, {"checkout/util.py": PLAIN + "# one\n"})
    before = scan_repo.scan_count
    review_change(shop, base="HEAD~1", head="HEAD", llm="off")
    assert scan_repo.scan_count == before + 2  # nothing known about the base yet: both sides
    commit(shop, {"checkout/util.py": PLAIN + "# two\n"})
    before = scan_repo.scan_count
    review = review_change(shop, base="HEAD~1", head="HEAD", llm="off")
    assert scan_repo.scan_count == before and review.findings == []


def test_a_change_to_a_constant_the_scan_read_is_reviewed(shop):
    from copilot.review.engine import review_change

    scan(shop, head(shop))  # the base tree is scanned once (as by an earlier review)
    commit(shop, {"checkout/names.py": NAMES.replace('"orders"', '"orders.v2"')})
    before = scan_repo.scan_count
    review = review_change(shop, base="HEAD~1", head="HEAD", llm="off")
    assert scan_repo.scan_count > before
    assert any(f.rule == "topic-orphaned" for f in review.findings)


def test_the_review_command_for_a_code_change_no_scan_read_imports_no_scanner_or_graph_library(shop):

    scan(shop, head(shop))  # the base tree is scanned once (as by an earlier review)
    commit(shop, {"checkout/util.py": PLAIN + "# more\n", "README.md": "# shop\n\nMore.\n"})
    code = (
        "import sys\nfrom copilot.cli import main\n"
        f"code = main(['review', '--repo', {str(shop)!r}, '--base', 'HEAD~1', '--head', 'HEAD', '--llm', 'off', '--format', 'json'])\n"
        "heavy = ('networkx', 'copilot.scan.extractors', 'copilot.rules.base', 'copilot.rules.delivery', 'copilot.review.llm', 'textual')\n"
        "print(code, sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    assert proc.stderr.strip().splitlines()[-1] == "0 []"
    assert json.loads(proc.stdout)["summary"] == {"high": 0, "medium": 0, "low": 0, "info": 0}


def test_a_new_tree_is_scanned_on_top_of_the_latest_snapshot(shop):
    scan(shop, head(shop))
    commit(shop, {"fraud/w.py": CONSUMER.replace('group_id="fraud"', 'group_id="fraud-2"')})
    nxt = scan(shop, head(shop))
    assert nxt.stats.incremental and nxt.stats.changed == 1 and nxt.stats.parsed == 1
    assert graph_json(nxt) == graph_json(scan(shop, head(shop), use_cache=False))


def test_unrelated_pushes_in_a_row_never_scan_again(shop):
    from copilot.review.engine import review_change

    scan(shop, head(shop))  # the first review scanned the base
    before = scan_repo.scan_count
    for n in range(3):  # each reviewed head is the next review's base
        commit(shop, {"checkout/util.py": PLAIN + f"# {n}\n", "README.md": f"# shop {n}\n"})
        assert review_change(shop, base="HEAD~1", head="HEAD", llm="off").findings == []
    assert scan_repo.scan_count == before
    commit(shop, {"fraud/w.py": CONSUMER.replace('group_id="fraud"', 'group_id="fraud-2"')})
    review = review_change(shop, base="HEAD~1", head="HEAD", llm="off")
    assert [f.rule for f in review.findings] == ["consumer-group-change"]


def test_candidates_are_the_same_with_and_without_perl_regexes(shop, monkeypatch):
    from copilot.scan import gitfiles

    commit(shop, {"fraud/Fn.java": "class Fn { java.util.function.Function<String, String> f = (s) -> s; }\n"})
    with_pcre = gitfiles.grep_candidates(shop, head(shop))
    monkeypatch.setattr(gitfiles, "_PCRE", [False])
    assert gitfiles.grep_candidates(shop, head(shop)) == with_pcre
    assert {"checkout/app.py", "fraud/w.py", "fraud/Fn.java"} <= with_pcre and "checkout/util.py" not in with_pcre
    for path in with_pcre:  # the in-process check of changed files agrees with git grep
        assert gitfiles.content_is_candidate((shop / path).read_bytes())
    assert not gitfiles.content_is_candidate((shop / "checkout/util.py").read_bytes())
    assert not gitfiles.content_is_candidate(b"\0kafka")  # binary, as git grep -I


def test_a_distant_tree_is_scanned_whole(shop, monkeypatch):
    base = scan(shop, head(shop), use_cache=False)
    monkeypatch.setattr(scan_repo, "INCREMENTAL_MAX_CHANGED", 1)
    commit(shop, {"fraud/w.py": CONSUMER + "# a\n", "checkout/app.py": PRODUCER + "# b\n"})
    far = scan(shop, head(shop), use_cache=False, since=base)
    assert not far.stats.incremental and far.stats.parsed >= 2
    assert graph_json(far) == graph_json(scan(shop, head(shop), use_cache=False, since=None))


def test_an_incremental_scan_follows_a_file_turned_symlink(shop):
    import os

    base = scan(shop, head(shop), use_cache=False)
    (shop / "fraud/w.py").unlink()
    os.symlink("../checkout/app.py", shop / "fraud/w.py")
    commit(shop, {})
    inc = scan(shop, head(shop), use_cache=False, since=base)
    assert inc.stats.incremental and "fraud/w.py" not in inc.candidates
    assert graph_json(inc) == graph_json(scan(shop, head(shop), use_cache=False))


def test_a_corrupt_or_foreign_snapshot_is_no_snapshot(shop):

    sha = head(shop)
    first = scan(shop, sha)
    graphs = common_dir(shop) / "pipeline-copilot" / "graphs"
    stored = sorted(graphs.glob("*.scan"))
    assert len(stored) == 1 and stored[0].name.startswith(first.tree)
    stored[0].write_bytes(b"not a pickle")
    again = scan(shop, sha)
    assert not again.stats.snapshot and graph_json(again) == graph_json(first)
    assert scan(shop, sha).stats.snapshot  # rewritten by the scan that replaced it


def test_a_snapshot_moves_with_the_repository(shop, tmp_path):
    scan(shop, head(shop))
    moved = tmp_path / "elsewhere"
    shop.rename(moved)
    again = scan(moved, head(moved))
    assert again.stats.snapshot and again.root == moved


def test_the_staged_work_is_scanned_on_top_of_the_head_commit(shop):
    from copilot.changes import INDEX
    from tests.conftest import write_files

    base = scan(shop, head(shop), use_cache=False)
    write_files(shop, {"checkout/names.py": NAMES.replace('"orders"', '"orders.v3"'), "audit/setup.py": "", "audit/r.py": CONSUMER})
    git(shop, "add", "checkout/names.py", "audit/setup.py", "audit/r.py")
    write_files(shop, {"fraud/w.py": CONSUMER + "# not staged\n"})
    staged = scan(shop, INDEX, use_cache=False, since=base)
    assert staged.stats.incremental and staged.stats.changed == 3
    assert graph_json(staged) == graph_json(scan(shop, INDEX, use_cache=False))
    assert "topic:orders.v3" in staged.graph and "service:audit" in staged.graph


def test_an_unmerged_index_is_scanned_whole(shop):
    from copilot.changes import INDEX
    from copilot.scan import gitfiles

    git(shop, "checkout", "-q", "-b", "other")
    commit(shop, {"fraud/w.py": CONSUMER + "# other\n"})
    git(shop, "checkout", "-q", "main")
    commit(shop, {"fraud/w.py": CONSUMER + "# main\n"})
    base = scan(shop, head(shop), use_cache=False)
    subprocess.run(["git", "merge", "-q", "other"], cwd=shop, capture_output=True, check=False)
    assert gitfiles.diff_index(shop, base.tree) is None
    conflicted = scan(shop, INDEX, use_cache=False, since=base)
    assert not conflicted.stats.incremental


def test_the_graph_store_keeps_the_most_recent_snapshots(shop, monkeypatch):
    from copilot.scan import cache

    monkeypatch.setattr(cache, "GRAPHS_KEEP", 2)
    trees = []
    for n in range(3):
        commit(shop, {"fraud/w.py": CONSUMER + f"# {n}\n"})
        trees.append(scan(shop, head(shop)).tree)
    kept = sorted(p.name.split("-", 1)[0] for p in (common_dir(shop) / "pipeline-copilot" / "graphs").glob("*.scan"))
    assert kept == sorted(trees[1:])


def test_the_work_tree_is_scanned_on_top_of_the_head_commit(shop):
    from copilot.changes import WORKTREE
    from tests.conftest import write_files

    base = scan(shop, head(shop), use_cache=False)
    write_files(shop, {"checkout/names.py": NAMES.replace('"orders"', '"orders.v4"'), "audit/setup.py": "", "audit/r.py": CONSUMER})
    (shop / "fraud" / "w.py").unlink()
    inc = scan(shop, WORKTREE, use_cache=False, since=base)
    full = scan(shop, WORKTREE, use_cache=False)
    assert inc.stats.incremental and inc.stats.changed == 4  # modified, two untracked, deleted
    assert inc.stats.parsed == 2  # the changed constant holder and the new consumer
    assert graph_json(inc) == graph_json(full)
    assert "topic:orders.v4" in inc.graph and "service:audit" in inc.graph and "service:fraud" not in inc.graph


def test_a_review_of_uncommitted_changes_extracts_only_the_changed_files(shop, monkeypatch):
    from copilot.review.engine import review_change

    scan(shop, head(shop))  # the base tree is scanned once ever (as by an earlier review)
    (shop / "fraud" / "w.py").write_text(CONSUMER.replace('group_id="fraud"', 'group_id="fraud-v2"'))
    extracted: list[str] = []
    real = scan_repo._extract_all

    def counting(jobs, progress=None):  # type: ignore[no-untyped-def]
        extracted.extend(p for p, _ in jobs)
        return real(jobs, progress)

    monkeypatch.setattr(scan_repo, "_extract_all", counting)
    review = review_change(shop, worktree=True, llm="off")
    assert extracted == ["fraud/w.py"]  # the base graph came from the store; only the changed file was read
    assert any(f.rule == "consumer-group-change" for f in review.findings)


def test_a_safe_push_and_a_review_with_the_llm_off_load_no_heavy_library(shop):
    """Counted in `sys.modules` of a real run: the hook on a push of an unrelated file, and the
    review command on a pipeline change with `--llm off`."""
    scan(shop, head(shop))
    base = head(shop)
    commit(shop, {"checkout/util.py": PLAIN + "# more\n"})
    safe = head(shop)
    commit(shop, {"fraud/w.py": CONSUMER + "# note\n"})
    code = (
        "import io, sys\nfrom copilot.cli import main\n"
        f"sys.stdin = io.StringIO('refs/heads/main {safe} refs/heads/main {base}\\n')\n"
        f"code = main(['hook', 'run', 'pre-push', 'origin', '--repo', {str(shop)!r}])\n"
        "heavy = ('networkx', 'git', 'pydantic', 'copilot.actions.store', 'copilot.secrets', 'copilot.rules.base', 'copilot.review.llm')\n"
        "print(code, sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
        f"code = main(['review', '--repo', {str(shop)!r}, '--base', 'HEAD~1', '--head', 'HEAD', '--llm', 'off', '--format', 'json'])\n"
        "print(code, sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    # the first run validates the settings (pydantic) and caches them, as a hook's first run does
    subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    proc = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    hook_line, review_line = proc.stderr.strip().splitlines()[-2:]
    assert hook_line == "0 []"
    assert review_line.startswith("0 ") and all(m not in review_line for m in ("networkx", "'git'", "pydantic", "copilot.review.llm"))
    assert "copilot.rules.base" in review_line  # the pipeline change was reviewed by the rules
