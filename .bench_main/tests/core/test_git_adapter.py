"""The git adapter (`copilot.git`): the one module that runs git, its one error type, its object
readers; and nothing else in the product runs git on its own."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from copilot import git
from copilot.changes import changeset
from copilot.errors import CopilotError
from tests.conftest import MakeRepo, commit
from tests.conftest import git as run_git

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_a_failing_command_is_one_line_naming_the_repository_and_the_command(make_repo: MakeRepo) -> None:
    repo = make_repo({"a.txt": "a\n"})
    with pytest.raises(git.GitError) as failed:
        git.run(repo, "-c", "core.quotepath=off", "rev-parse", "--verify", "no-such-ref")
    message = str(failed.value)
    assert message.startswith(f"{repo}: git rev-parse failed: fatal:")
    assert "\n" not in message
    assert isinstance(failed.value, CopilotError)  # the CLI's one-line error, exit code 2
    # an exit code a caller expects is not a failure
    assert git.run(repo, "grep", "-l", "nothing-matches-this", ok_codes=(0, 1)) == b""
    assert git.call(repo, "cat-file", "-t", "no-such-ref").code != 0


def test_text_lines_and_probe(make_repo: MakeRepo) -> None:
    repo = make_repo({"a.txt": "a\n", "b dir/c.txt": "c\n"})
    head = git.text(repo, "rev-parse", "HEAD")
    assert len(head) == 40 and head == run_git(repo, "rev-parse", "HEAD").strip()
    assert git.lines(repo, "ls-files") == ["a.txt", "b dir/c.txt"]
    assert git.probe(repo, "config", "--get", "no.such-key") is None
    assert git.head_sha(repo) == head
    assert git.commit_of(repo, "HEAD~1") is None and git.commit_of(repo, "--all") is None
    with pytest.raises(CopilotError, match=r"unknown revision 'nope'"):
        git.resolve_commit(repo, "nope")


def test_where_things_are(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = make_repo({"svc/app.py": "x = 1\n"})
    assert git.toplevel(repo / "svc") == repo.resolve()
    assert git.common_dir(repo) == git.git_dir(repo) == (repo / ".git").resolve()
    assert git.hooks_dir(repo) == (repo / ".git" / "hooks").resolve()
    run_git(repo, "config", "core.hooksPath", ".githooks")
    assert git.hooks_dir(repo) == (repo / ".githooks").resolve()
    outside = tmp_path / "plain"
    outside.mkdir()
    with pytest.raises(CopilotError, match="plain: not a git repository"):
        git.toplevel(outside)
    with pytest.raises(CopilotError, match="missing: no such directory"):
        git.toplevel(tmp_path / "missing")


def test_cat_file_reads_many_objects_in_one_call(make_repo: MakeRepo) -> None:
    repo = make_repo({"a.txt": "alpha\n", "name with spaces.txt": b"\x00\x01binary"})
    a, spaced, missing, tree = git.cat_file(repo, ["HEAD:a.txt", "HEAD:name with spaces.txt", "HEAD:nope", "HEAD^{tree}"])
    assert a is not None and (a.type, a.data, a.size) == ("blob", b"alpha\n", 6)
    assert spaced is not None and spaced.data == b"\x00\x01binary"
    assert missing is None
    assert tree is not None and tree.type == "tree"
    (size,) = git.cat_file(repo, [a.oid], sizes_only=True)
    assert size is not None and (size.size, size.data) == (6, b"")
    assert git.cat_file(repo, []) == []


def test_the_object_reader_serves_reads_one_at_a_time(make_repo: MakeRepo) -> None:
    repo = make_repo({"a.txt": "one\n", "dir/b.txt": "two\n"})
    second = commit(repo, {"a.txt": "changed\n"})
    with git.ObjectReader(repo) as reader:
        first = reader.read("HEAD~1:a.txt")
        assert first is not None and first.data == b"one\n"
        latest = reader.read(f"{second}:a.txt")
        assert latest is not None and latest.data == b"changed\n"
        assert reader.read("HEAD:no-such-file") is None
        assert reader.read("HEAD:dir/b.txt").data == b"two\n"  # type: ignore[union-attr]
        assert reader.read("HEAD:a.txt\nHEAD:dir/b.txt") is None  # one name per request
    # a closed reader starts again when asked
    assert reader.read("HEAD:a.txt").data == b"changed\n"  # type: ignore[union-attr]
    reader.close()


def test_a_change_set_reads_both_sides_and_modes_through_git(make_repo: MakeRepo) -> None:
    repo = make_repo({"a.py": "1\n", "run.sh": "echo\n"})
    (repo / "run.sh").chmod(0o755)
    (repo / "link").symlink_to("a.py")
    commit(repo, {"a.py": "2\n"})
    cs = changeset(repo, base="HEAD~1")
    assert cs.read("base", "a.py") == "1\n" and cs.read("head", "a.py") == "2\n"
    assert cs.mode("head", "run.sh") == "100755"
    assert cs.mode("head", "link") == "120000"
    assert cs.mode("base", "link") is None and cs.mode("head", "nope") is None
    assert [v.data for v in cs.history("a.py")] == [b"1\n"]


def _runs_git(tree: ast.AST) -> list[int]:
    """Lines of a call whose first argument is a list or tuple starting with "git"."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.List | ast.Tuple):
            elts = node.args[0].elts
            if elts and isinstance(elts[0], ast.Constant) and elts[0].value == "git":
                found.append(node.lineno)
    return found


def test_nothing_but_the_adapter_runs_git() -> None:
    offenders = []
    for path in sorted([*(PROJECT_ROOT / "copilot").rglob("*.py"), *(PROJECT_ROOT / "tui").rglob("*.py")]):
        if path == PROJECT_ROOT / "copilot" / "git.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        offenders += [f"{path.relative_to(PROJECT_ROOT)}:{line}" for line in _runs_git(tree)]
        imports = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        imports |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module and n.level == 0}
        offenders += [f"{path.relative_to(PROJECT_ROOT)}: imports GitPython" for m in imports if m.split(".")[0] == "git"]
    assert offenders == []
    # the check sees what it looks for
    assert _runs_git(ast.parse('subprocess.run(["git", "status"])')) == [1]


def test_the_hook_and_the_change_set_do_not_load_gitpython() -> None:
    code = "import sys, copilot.hook, copilot.changes, copilot.review.llm_verify; print('git' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
