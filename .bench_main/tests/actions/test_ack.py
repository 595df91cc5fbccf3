"""Acknowledging findings: bound to the fingerprint and the exact head commit."""

from __future__ import annotations

import json
from pathlib import Path

from copilot.actions.store import ActionStore
from tests.actions.conftest import Cli
from tests.conftest import commit, git

FP = "9f86d081884c7d65"


def test_ack_and_list(repo: Path, cli: Cli) -> None:
    base = git(repo, "rev-parse", "HEAD").strip()
    head = commit(repo, {"svc/settings.py": "ACKS = 1\n"})
    result = cli("ack", FP, "--range", "HEAD~1..HEAD", "--reason", "replay is fine here", "--repo", repo)
    assert result.code == 0, result.err
    assert f"acknowledged {FP} for {base[:12]}..{head[:12]}" in result.out
    again = cli("ack", FP, "--range", f"{base}..{head}", "--repo", repo)
    assert again.code == 0 and "already acknowledged" in again.out
    listing = cli("ack", "list", "--repo", repo)
    assert FP in listing.out and "replay is fine here" in listing.out and "Test Author" in listing.out
    data = json.loads(cli("ack", "list", "--format", "json", "--repo", repo).out)
    [ack] = data["acknowledgements"]
    assert (ack["fingerprint"], ack["base"], ack["head"]) == (FP, base, head)
    assert ack["by"]["email"] == "author@example.com"
    with ActionStore(repo) as store:
        entries = store.audit_entries()
        assert store.verify_audit().ok
    assert [e.event for e in entries] == ["acknowledged"]
    assert entries[0].subject == f"{FP} {base}..{head}" and entries[0].reason == "replay is fine here"


def test_is_acknowledged_is_exact_on_fingerprint_and_head(repo: Path, cli: Cli) -> None:
    base = git(repo, "rev-parse", "HEAD").strip()
    head = commit(repo, {"svc/settings.py": "ACKS = 1\n"})
    assert cli("ack", FP, "--range", f"{base}..{head}", "--repo", repo).code == 0
    later = commit(repo, {"README.md": "more\n"})
    with ActionStore(repo) as store:
        assert store.is_acknowledged(FP, base, head)
        assert not store.is_acknowledged("0000000000000000", base, head)  # another finding
        assert not store.is_acknowledged(FP, base, later)  # new commits need a new ack
        assert not store.is_acknowledged(FP, head, later)
        # The same head pushed against another base (e.g. a moved remote ref) stays acknowledged.
        assert store.is_acknowledged(FP, "1" * 40, head)


def test_ack_needs_a_valid_range_and_fingerprint(repo: Path, cli: Cli) -> None:
    for args in (
        ("ack", FP),
        ("ack", FP, "--range", "HEAD"),
        ("ack", FP, "--range", "HEAD...HEAD"),
        ("ack", FP, "--range", "nope..HEAD"),
        ("ack", FP, "--range=--upload-pack=x..HEAD"),
        ("ack", "not a fingerprint!", "--range", "HEAD..HEAD"),
    ):
        result = cli(*args, "--repo", repo)
        assert result.code == 2, args
        assert result.err.count("\n") == 1
    assert "no acknowledgements" in cli("ack", "list", "--repo", repo).out
