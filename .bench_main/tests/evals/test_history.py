"""The real-history corpus: its labels are well-formed, and its runner exports sha^/sha from a bare
mirror into a fresh repo and scores the review (on a mirror built here, never /work/.mirror)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from evals.history import LABELS, HistoryCommit, LabelError, export_commit, load_labels, run_history
from evals.history.__main__ import main as history_main
from evals.runner import Expectation
from tests.conftest import commit, git
from tests.review.helpers import BASE, CONSUMER


def test_the_labels_meet_the_corpus_rules():
    commits = load_labels()
    assert len(commits) >= 40
    assert len({c.repo for c in commits}) >= 6
    assert sum(c.silent for c in commits) >= 0.25 * len(commits)
    named_by_issue = {"open-telemetry/opentelemetry-demo", "spring-cloud/spring-cloud-stream-samples",
                      "quarkusio/quarkus-quickstarts", "getsentry/snuba", "cloudhut/owl-shop", "jaegertracing/jaeger"}
    assert not {c.repo for c in commits} & named_by_issue
    assert len({c.id for c in commits}) == len(commits)
    assert len({(c.repo, c.sha) for c in commits}) == len(commits)
    for c in commits:
        assert c.why and c.scope


def test_malformed_labels_name_the_commit(tmp_path: Path):
    bad = tmp_path / "commits.toml"
    bad.write_text('[[commit]]\nid = "x"\nrepo = "a/b"\nsha = "abc"\nscope = ["."]\nwhy = "w"\nsilent = true\n')
    with pytest.raises(LabelError, match="x: sha must be a full 40-hex"):
        load_labels(bad)
    bad.write_text(
        '[[commit]]\nid = "y"\nrepo = "a/b"\nsha = "' + "a" * 40 + '"\nscope = ["."]\nwhy = "w"\n'
        '[[commit.expect]]\nrule = "no-such-rule"\nmin_severity = "low"\n'
    )
    with pytest.raises(LabelError, match="y: expect #1: unknown rule"):
        load_labels(bad)
    bad.write_text('[[commit]]\nid = "z"\nrepo = "a/b"\nsha = "' + "a" * 40 + '"\nscope = ["../etc"]\nwhy = "w"\nsilent = true\n')
    with pytest.raises(LabelError, match="relative paths"):
        load_labels(bad)
    assert LABELS.name == "commits.toml"


@pytest.fixture
def mirrors(tmp_path: Path, make_repo) -> tuple[Path, str, str]:  # type: ignore[no-untyped-def]
    """A bare mirror of a small shop repo at <mirrors>/acme+shop/repo, with two labelled commits."""
    src = make_repo({**BASE, "docs/notes.md": "old\n"})
    quiet = commit(src, {"docs/notes.md": "new\n"}, "docs only")
    regroup = commit(src, {"fraud/worker.py": CONSUMER.replace('"group.id": "fraud"', '"group.id": "fraud-v2"')}, "regroup")
    root = tmp_path / "mirrors"
    (root / "acme+shop").mkdir(parents=True)
    subprocess.run(["git", "clone", "-q", "--bare", str(src), str(root / "acme+shop" / "repo")], check=True)
    return root, quiet, regroup


def test_export_builds_two_commits_of_the_scope_only(mirrors, tmp_path: Path):
    root, _quiet, regroup = mirrors
    c = HistoryCommit("regroup", "acme/shop", regroup, ("fraud", "checkout"), "group id changes")
    repo = export_commit(c, root, tmp_path / "work")
    assert repo.name == "shop"
    assert git(repo, "rev-list", "--count", "HEAD").strip() == "2"
    files = set(git(repo, "ls-files").split())
    assert "fraud/worker.py" in files and "README.md" not in files and "docs/notes.md" not in files
    assert git(repo, "diff", "--name-only", "HEAD~1", "HEAD").split() == ["fraud/worker.py"]


def test_run_scores_a_caught_commit_and_a_silent_one(mirrors):
    root, quiet, regroup = mirrors
    commits = [
        HistoryCommit("regroup", "acme/shop", regroup, ("fraud", "checkout"), "group id changes",
                      (Expectation("consumer-group-change", "medium", ("service:fraud",), "fraud/worker.py"),)),
        HistoryCommit("quiet", "acme/shop", quiet, ("docs", "fraud"), "docs only"),
        HistoryCommit("missing", "acme/other", quiet, ("docs",), "no mirror", (Expectation("lag-risk", "low"),)),
    ]
    report = run_history(commits, root)
    by_id = {r.commit.id: r for r in report.results}
    assert by_id["regroup"].caught and by_id["quiet"].quiet
    assert not by_id["missing"].score.judged and "no mirror of acme/other" in (by_id["missing"].score.error or "")
    assert report.recall == 0.5 and report.silent_rate == 1.0
    valid, total = report.citations
    assert total > 0 and valid == total
    data = report.to_json()
    assert data["pipeline_commits"] == 2 and data["errors"][0]["id"] == "missing"


def test_the_command_needs_a_mirror_directory(tmp_path: Path, capsys):
    assert history_main(["--mirrors", str(tmp_path / "nowhere")]) == 2
    assert "is not a directory" in capsys.readouterr().err
