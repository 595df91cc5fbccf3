"""Building proposals: git-apply compatible diffs, base blobs, digests, deploy and schema proposals."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from copilot.actions.errors import ProposalRefused
from copilot.actions.propose import deploy_proposal, patch_proposal, schema_register_proposal
from copilot.config import Config
from tests.conftest import MakeRepo, commit, git


def _apply(repo: Path, patch: str) -> None:
    subprocess.run(["git", "apply", "-"], cwd=repo, input=patch.encode(), check=True, capture_output=True)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("a\nb\nc\n", "a\nB\nc\n"),
        ("no newline", "still none"),
        ("no newline", "now one\n"),
        ("had one\n", "has none"),
        ("crlf\r\nline\r\n", "crlf\r\nchanged\r\n"),
        ("", "from empty\n"),
        ("to empty\n", ""),
        ("x\fy\vz\n", "x\fy\vZ\n"),  # form feed and vertical tab are content, not line ends
        ("unicode: é ✓\n", "unicode: ü ✓\n"),
    ],
)
def test_patch_round_trips_through_git_apply(make_repo: MakeRepo, before: str, after: str) -> None:
    repo = make_repo({"f.txt": before.encode()})
    proposal = patch_proposal(repo, "t", "r", {"f.txt": after}, ["fp"])
    _apply(repo, proposal.content)
    assert (repo / "f.txt").read_bytes() == after.encode()


def test_new_deleted_and_modified_files_in_one_patch(make_repo: MakeRepo) -> None:
    repo = make_repo({"keep.txt": "1\n2\n3\n", "gone.txt": "bye\n", "empty.txt": ""})
    proposal = patch_proposal(
        repo, "t", "r",
        {"keep.txt": "1\n2\n3\n4\n", "gone.txt": None, "empty.txt": None, "sub/dir/new.txt": "hi\n", "new-empty": ""},
        ["fp"],
    )  # fmt: skip
    assert proposal.base_files["sub/dir/new.txt"] == "absent"
    assert proposal.base_files["new-empty"] == "absent"
    assert proposal.base_files["keep.txt"] == git(repo, "hash-object", "keep.txt").strip()
    assert proposal.target == {"paths": ["empty.txt", "gone.txt", "keep.txt", "new-empty", "sub/dir/new.txt"]}
    assert "--- a/keep.txt\n+++ b/keep.txt\n" in proposal.content
    assert "--- /dev/null\n+++ b/sub/dir/new.txt\n" in proposal.content
    assert "--- a/gone.txt\n+++ /dev/null\n" in proposal.content
    _apply(repo, proposal.content)
    assert not (repo / "gone.txt").exists() and not (repo / "empty.txt").exists()
    assert (repo / "sub/dir/new.txt").read_text() == "hi\n"
    assert (repo / "new-empty").read_bytes() == b""


def test_executable_file_keeps_its_mode(make_repo: MakeRepo) -> None:
    repo = make_repo({"run.sh": "#!/bin/sh\necho a\n"})
    os.chmod(repo / "run.sh", 0o755)
    proposal = patch_proposal(repo, "t", "r", {"run.sh": None}, ["fp"])
    assert "deleted file mode 100755" in proposal.content
    _apply(repo, proposal.content)


def test_unchanged_files_are_left_out_and_no_change_is_refused(repo: Path) -> None:
    proposal = patch_proposal(
        repo, "t", "r", {"README.md": "demo\n", "svc/settings.py": "ACKS = 1\n", "absent.txt": None}, ["fp"]
    )
    assert proposal.target["paths"] == ["svc/settings.py"]
    with pytest.raises(ProposalRefused, match="nothing to change"):
        patch_proposal(repo, "t", "r", {"README.md": "demo\n"}, ["fp"])
    with pytest.raises(ProposalRefused):
        patch_proposal(repo, "t", "r", {}, ["fp"])


def test_diff_is_against_the_work_tree_not_head(repo: Path) -> None:
    (repo / "README.md").write_text("edited, not committed\n")
    proposal = patch_proposal(repo, "t", "r", {"README.md": "new\n"}, ["fp"])
    assert "-edited, not committed" in proposal.content
    assert proposal.base_files["README.md"] == git(repo, "hash-object", "README.md").strip()


def test_digest_covers_content_target_and_base_but_not_explanation(repo: Path) -> None:
    one = patch_proposal(repo, "title", "why", {"README.md": "x\n"}, ["fp1"], [("a", "b")])
    same = patch_proposal(repo, "other title", "other why", {"README.md": "x\n"}, ["fp2"])
    other = patch_proposal(repo, "title", "why", {"README.md": "y\n"}, ["fp1"])
    assert one.digest == same.digest
    assert one.digest != other.digest
    assert one.digest.startswith("sha256:") and len(one.digest) == len("sha256:") + 64
    commit(repo, {"README.md": "moved on\n"})
    rebased = patch_proposal(repo, "title", "why", {"README.md": "x\n"}, ["fp1"])
    assert rebased.digest != one.digest  # the base blob is part of it
    summary = one.summary()
    assert (summary.kind, summary.title, summary.digest, summary.status) == (
        "patch",
        "title",
        one.digest,
        "proposed",
    )
    assert [a.to_json() for a in one.alternatives] == [{"title": "a", "tradeoff": "b"}]


def test_paths_are_relative_to_the_top_level_even_from_a_subdirectory(repo: Path) -> None:
    proposal = patch_proposal(repo / "svc", "t", "r", {"svc/settings.py": "ACKS = 1\n"}, ["fp"])
    assert proposal.target["paths"] == ["svc/settings.py"]


def test_deploy_proposal_takes_the_command_from_config(repo: Path) -> None:
    config = Config(deploy={"fraud-scorer": "make -C fraud deploy"})
    proposal = deploy_proposal(repo, config, "fraud-scorer", "Deploy fraud", "after schema", ["fp"], step=2)
    assert proposal is not None
    assert proposal.content == "make -C fraud deploy"
    assert proposal.target == {"name": "fraud-scorer", "step": 2}
    assert proposal.base_head == git(repo, "rev-parse", "HEAD").strip()
    assert deploy_proposal(repo, config, "checkout", "t", "r", ["fp"], step=1) is None
    assert deploy_proposal(repo, Config(), "fraud-scorer", "t", "r", ["fp"], step=1) is None
    step3 = deploy_proposal(repo, config, "fraud-scorer", "Deploy fraud", "after schema", ["fp"], step=3)
    assert step3 is not None and step3.digest != proposal.digest
    with pytest.raises(ProposalRefused):
        deploy_proposal(repo, config, "fraud-scorer", "t", "r", ["fp"], step=-1)


def test_schema_register_proposal(repo: Path) -> None:
    config = Config(registry_url="http://localhost:8081")
    schema = '{"type": "record", "name": "Order", "fields": []}'
    proposal = schema_register_proposal(repo, config, "orders-value", schema, "full", "Register", "r", ["fp"])
    assert proposal is not None
    assert proposal.target == {"registry": "http://localhost:8081", "subject": "orders-value", "mode": "FULL"}
    assert proposal.content == schema
    assert schema_register_proposal(repo, Config(), "orders-value", schema, "FULL", "t", "r", ["fp"]) is None
    with pytest.raises(ProposalRefused, match="mode"):
        schema_register_proposal(repo, config, "orders-value", schema, "SIDEWAYS", "t", "r", ["fp"])
    with pytest.raises(ProposalRefused, match="JSON"):
        schema_register_proposal(repo, config, "orders-value", "{not json", "FULL", "t", "r", ["fp"])
    with pytest.raises(ProposalRefused, match="subject"):
        schema_register_proposal(repo, config, "bad\nsubject", schema, "FULL", "t", "r", ["fp"])
    with pytest.raises(ProposalRefused, match="http"):
        schema_register_proposal(
            repo, Config(registry_url="file:///etc"), "s", schema, "FULL", "t", "r", ["fp"]
        )


def test_not_a_git_repository(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="not a git repository"):
        patch_proposal(tmp_path, "t", "r", {"a": "b"}, ["fp"])
