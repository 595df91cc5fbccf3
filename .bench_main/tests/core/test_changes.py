"""ChangeSet over real git repositories: ranges, staged, work tree, renames, deletions, binaries, root commits."""

from __future__ import annotations

import pytest

from copilot.changes import EMPTY_TREE, INDEX, WORKTREE, changeset
from copilot.errors import CopilotError
from tests.conftest import commit, git, write_files


def test_range_with_modified_added_deleted_and_renamed_files(make_repo):
    repo = make_repo({"a.py": "one\ntwo\nthree\n", "b.txt": "bee\n", "c/old.py": "x = 1\n" * 20})
    base = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "mv", "c/old.py", "c/new.py")
    head = commit(repo, {"a.py": "one\nTWO\nthree\nfour\n", "b.txt": None, "d.py": "new\n"})
    cs = changeset(repo, base=base, head=head)
    by = {fc.path: fc for fc in cs.files}
    assert by["a.py"].status == "modified"
    assert by["a.py"].added_lines() == {2, 4}
    assert by["a.py"].removed_lines() == {2}
    assert by["b.txt"].status == "deleted" and by["b.txt"].new_path is None
    assert by["d.py"].status == "added" and by["d.py"].added_lines() == {1}
    assert by["c/new.py"].status == "renamed" and by["c/new.py"].old_path == "c/old.py"
    assert cs.read("base", "b.txt") == "bee\n"
    assert cs.read("head", "b.txt") is None
    assert cs.read("head", "a.py").splitlines()[1] == "TWO"


def test_root_commit_is_reviewed_against_the_empty_tree(make_repo):
    repo = make_repo({"a.py": "print(1)\n"})
    cs = changeset(repo)
    assert cs.base == EMPTY_TREE
    assert [fc.path for fc in cs.files] == ["a.py"]
    assert cs.read("base", "a.py") is None


def test_default_base_is_parent_on_the_default_branch_and_merge_base_on_a_feature_branch(make_repo):
    repo = make_repo({"a.py": "1\n"})
    first = git(repo, "rev-parse", "HEAD").strip()
    second = commit(repo, {"a.py": "2\n"})
    assert changeset(repo).base == first
    git(repo, "checkout", "-q", "-b", "feature")
    commit(repo, {"b.py": "b\n"})
    commit(repo, {"c.py": "c\n"})
    cs = changeset(repo)
    assert cs.base == second
    assert sorted(fc.path for fc in cs.files) == ["b.py", "c.py"]


def test_staged_and_worktree_including_untracked(make_repo):
    repo = make_repo({"a.py": "1\n"})
    write_files(repo, {"a.py": "2\n", "s.py": "staged\n"})
    git(repo, "add", "s.py")
    staged = changeset(repo, staged=True)
    assert staged.head == INDEX
    assert [fc.path for fc in staged.files] == ["s.py"]
    assert staged.read("head", "s.py") == "staged\n"
    write_files(repo, {"u.py": "untracked\nline\n"})
    wt = changeset(repo, worktree=True)
    assert wt.head == WORKTREE
    assert {fc.path for fc in wt.files} == {"a.py", "s.py", "u.py"}
    assert wt.by_path("u.py").added_lines() == {1, 2}
    assert wt.read("head", "a.py") == "2\n"


def test_binary_files_are_marked_and_detached_head_works(make_repo):
    repo = make_repo({"a.py": "1\n"})
    base = git(repo, "rev-parse", "HEAD").strip()
    head = commit(repo, {"img.bin": b"\x00\x01\x02\x00" * 10})
    git(repo, "checkout", "-q", "--detach", head)
    cs = changeset(repo, base=base)
    assert cs.files[0].binary is True and cs.files[0].hunks == []


def test_bad_input_gives_one_line_errors(tmp_path, make_repo):
    with pytest.raises(CopilotError, match="not a git repository"):
        changeset(tmp_path)
    repo = make_repo({"a.py": "1\n"})
    with pytest.raises(CopilotError, match="unknown revision 'nope'"):
        changeset(repo, base="nope")
    empty = tmp_path / "empty"
    empty.mkdir()
    git(empty, "init", "-q")
    with pytest.raises(CopilotError, match="no commits yet"):
        changeset(empty)
