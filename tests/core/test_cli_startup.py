"""The command table: `--help` lists every command without importing any command module or heavy
library; a command's module loads when the command line names it; plugins can add commands."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from copilot.cli import COMMANDS, CommandSpec, build_parser, main

PROJECT_ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("networkx", "git", "langchain", "langchain_core", "langchain_openai", "textual", "rich", "avro", "fastavro", "tree_sitter")


def _modules_after(statement: str) -> set[str]:
    code = (
        "import contextlib, io, sys\n"
        "from copilot.cli import build_parser, main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        f"    {statement}\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_help_imports_no_command_module_and_no_heavy_library():
    loaded = _modules_after("main(['--help'])")
    assert {m.split(".")[0] for m in loaded} & set(HEAVY) == set()
    assert [m for m in loaded if m.startswith("copilot.commands.")] == []


def test_a_command_loads_only_its_own_module():
    loaded = _modules_after("build_parser().parse_args(['graph', '.'])")
    assert "copilot.commands.graph" in loaded
    assert [m for m in loaded if m.startswith("copilot.commands.") and m != "copilot.commands.graph"] == []
    assert "networkx" not in loaded  # the graph command imports the scanner when it runs


def test_help_lists_every_command_in_table_order_with_the_modules_own_help(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    positions = [text.index(f"\n    {name} ") for name in COMMANDS]
    assert positions == sorted(positions)
    for name, spec in COMMANDS.items():
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers()
        __import__(spec.module, fromlist=["register"]).register(sub)
        (action,) = [a for a in sub._choices_actions if a.dest == name]
        assert action.help == spec.help, name  # the table says what the module says


def test_a_loaded_command_parses_its_full_arguments():
    args = build_parser().parse_args(["review", "--staged", "--format", "json"])
    assert args.command == "review" and args.staged and args.format == "json" and callable(args.func)
    args = build_parser().parse_args(["hook", "run", "pre-push", "origin"])
    assert args.hook_command == "run" and args.remote == "origin"


def test_a_plugin_command_added_to_the_table(tmp_path, monkeypatch, capsys):
    (tmp_path / "hello_cmd.py").write_text(
        "def register(sub):\n"
        "    p = sub.add_parser('hello', help='say hello')\n"
        "    p.add_argument('--name', default='world')\n"
        "    p.set_defaults(func=lambda args: print(f'hello {args.name}') or 0)\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(COMMANDS, "hello", CommandSpec("hello_cmd", "say hello"))
    assert "hello_cmd" not in sys.modules or sys.modules.pop("hello_cmd")
    parser = build_parser()
    assert "hello" in parser.format_help() and "hello_cmd" not in sys.modules
    assert main(["hello", "--name", "you"]) == 0
    assert capsys.readouterr().out == "hello you\n"


def test_an_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["nope"])
    assert exc.value.code == 2
    assert "invalid choice: 'nope'" in capsys.readouterr().err
