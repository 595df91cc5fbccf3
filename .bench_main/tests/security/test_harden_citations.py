"""Issue 9 item 4: an LLM citation is evidence only when it names a regular file of the reviewed tree.

Each attack runs `pipeline-copilot review --worktree --llm openai --format json` against a real git
repository, with the loopback OpenAI server answering citations that point outside the work tree,
into `.git/`, or through symbolic links (tracked or not).  None of them may come back verified, and
the text of the file behind them must not reach the report.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import git
from tests.llm.conftest import llm_finding
from tests.llm.loopback import LoopbackServer, answer
from tests.security.harden_support import loopback_env, run_in

APP = '''"""Checkout: publishes orders."""
from confluent_kafka import Producer

API_TOKEN = "sk-proj-abcdefghijklmnopqrstuvwxyz0123"
producer = Producer({"bootstrap.servers": "kafka:9092", "acks": "all"})


def publish(order: bytes) -> None:
    producer.produce("orders", value=order)
    producer.flush()
'''

OUTSIDE_TEXT = (
    "OUTSIDE-THE-REPO secret line one\n"
    "from confluent_kafka import Producer\n"
    'Producer({"acks": "0"}).produce("orders", value=b"OUTSIDE-THE-REPO")\n'
)


@pytest.fixture
def loopback(monkeypatch: pytest.MonkeyPatch) -> Iterator[LoopbackServer]:
    yield from loopback_env(monkeypatch)


@pytest.fixture
def attacked(make_repo: Any, tmp_path: Path) -> Path:
    """A repository whose tree links out of itself, with an uncommitted change to review."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(OUTSIDE_TEXT)
    repo = make_repo({"checkout/pyproject.toml": '[project]\nname = "checkout"\n', "checkout/app.py": APP})
    (repo / "docs").mkdir()
    os.symlink("/etc/passwd", repo / "docs" / "passwd")
    os.symlink(outside / "secret.txt", repo / "docs" / "outside.txt")
    os.symlink(outside, repo / "linked")
    os.symlink("../outside/secret.txt", repo / "docs" / "relative.txt")
    git(repo, "add", "docs/passwd", "docs/outside.txt", "linked", "docs/relative.txt")
    git(repo, "commit", "-q", "-m", "docs links")
    os.symlink(outside / "secret.txt", repo / "untracked-link.txt")  # never committed
    (repo / "checkout" / "app.py").write_text(APP.replace('"acks": "all"', '"acks": "0"'))
    return repo


def _cite(path: str, snippet: str, line: int = 1, side: str = "head") -> dict[str, Any]:
    return {"path": path, "start_line": line, "end_line": line, "side": side, "snippet": snippet}


def _review(repo: Path, loopback: LoopbackServer, citations: list[dict[str, Any]], capsys) -> dict:
    findings = [
        llm_finding("other", "medium", f"claim {i}", "see the file", [c]) for i, c in enumerate(citations)
    ]
    loopback.script(answer({"findings": findings}))
    code, out, err = run_in(repo, capsys, "review", "--worktree", "--llm", "openai", "--format", "json",
                            "--fail-on", "never")  # fmt: skip
    assert code == 0, err
    assert len(loopback.requests) == 1
    return json.loads(out)


def _llm_citations(report: dict) -> list[dict]:
    return [c for f in report["findings"] if "llm" in f["source"] for c in f["citations"]]


OUTSIDE_ATTACKS = [
    ("parent dirs", lambda: _cite("../outside/secret.txt", "OUTSIDE-THE-REPO secret line one")),
    ("parent dirs to /etc", lambda: _cite("../../etc/passwd", "root:x:0:0")),
    ("many parents to /etc", lambda: _cite("../" * 30 + "etc/passwd", "root:x:0:0")),
    ("absolute path", lambda: _cite("/etc/passwd", "root:x:0:0")),
    ("git config", lambda: _cite(".git/config", "[core]")),
    ("git HEAD", lambda: _cite(".git/HEAD", "ref: refs/heads/main")),
    ("git dir in another case", lambda: _cite(".GIT/HEAD", "ref: refs/heads/main")),
    ("git dir behind a dot segment", lambda: _cite("checkout/../.git/HEAD", "ref: refs/heads/main")),
    ("tracked symlink to /etc/passwd", lambda: _cite("docs/passwd", "root:x:0:0")),
    ("tracked symlink out (absolute)", lambda: _cite("docs/outside.txt", "OUTSIDE-THE-REPO secret line one")),
    (
        "tracked symlink out (relative)",
        lambda: _cite("docs/relative.txt", "OUTSIDE-THE-REPO secret line one"),
    ),
    ("tracked symlinked directory", lambda: _cite("linked/secret.txt", "OUTSIDE-THE-REPO secret line one")),
    ("untracked symlink out", lambda: _cite("untracked-link.txt", "OUTSIDE-THE-REPO secret line one")),
    ("link text of a tracked symlink", lambda: _cite("docs/passwd", "/etc/passwd")),
]


@pytest.mark.parametrize("make", [a[1] for a in OUTSIDE_ATTACKS], ids=[a[0] for a in OUTSIDE_ATTACKS])
def test_citation_outside_the_reviewed_tree_is_never_verified(
    attacked: Path, loopback: LoopbackServer, capsys, make
) -> None:
    report = _review(attacked, loopback, [make()], capsys)
    assert _llm_citations(report) == []
    assert report["llm"]["dropped_citations"] == 1
    text = json.dumps(report)
    assert "OUTSIDE-THE-REPO" not in text and "root:x:0:0" not in text and "[core]" not in text


def test_real_citations_in_the_same_review_still_verify(
    attacked: Path, loopback: LoopbackServer, capsys
) -> None:
    """The guard refuses paths, not evidence: a real line of the change is kept next to the attacks."""
    real = _cite("checkout/app.py", '"acks": "0"', line=5)
    report = _review(attacked, loopback, [real, OUTSIDE_ATTACKS[0][1](), OUTSIDE_ATTACKS[4][1]()], capsys)
    kept = _llm_citations(report)
    assert [(c["path"], c["start_line"], c["side"]) for c in kept] == [("checkout/app.py", 5, "head")]
    assert report["llm"]["dropped_citations"] == 2


def test_redaction_marker_matches_only_the_redacted_span(
    attacked: Path, loopback: LoopbackServer, capsys
) -> None:
    """`[REDACTED]` stands for the secret the model never saw, not for any text at all."""
    wildcard = [
        _cite("checkout/app.py", '"acks": "[REDACTED]"', line=5),  # acks is no secret
        _cite("checkout/app.py", "producer = [REDACTED] kafka:9092", line=5),
        _cite("checkout/app.py", "def publish([REDACTED]) -> None:", line=8),
    ]
    genuine = _cite("checkout/app.py", 'API_TOKEN = "[REDACTED]"', line=4)
    report = _review(attacked, loopback, [*wildcard, genuine], capsys)
    kept = _llm_citations(report)
    assert [(c["path"], c["start_line"]) for c in kept] == [("checkout/app.py", 4)]
    assert kept[0]["snippet"] == 'API_TOKEN = "[REDACTED]"'
    assert report["llm"]["dropped_citations"] == 3
    assert "sk-proj-abcdefghijklmnopqrstuvwxyz0123" not in json.dumps(report)


def test_linked_file_text_never_reaches_the_model(attacked: Path, loopback: LoopbackServer, capsys) -> None:
    """In a --worktree review a link is its target's name, as git sees it; the target is not read."""
    (attacked / "docs" / "outside.txt").unlink()
    os.symlink(attacked.parent / "outside" / "secret.txt", attacked / "docs" / "outside.txt")  # retargeted
    (attacked / "checkout" / "settings.py").symlink_to(attacked.parent / "outside" / "secret.txt")
    report = _review(attacked, loopback, [_cite("checkout/app.py", '"acks": "0"', line=5)], capsys)
    assert [c["path"] for c in _llm_citations(report)] == ["checkout/app.py"]
    (request,) = loopback.requests
    assert "OUTSIDE-THE-REPO" not in json.dumps(request.body)
