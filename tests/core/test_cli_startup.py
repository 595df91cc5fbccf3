"""The command table: `--help` lists every command without importing any command module or heavy
library; a command's module loads when the command line names it; plugins can add commands."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from copilot import cli
from copilot.cli import build_parser, command_table, main
from copilot.registry import CommandSpec

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
    modules = {spec.module for spec in command_table()}
    assert len(modules) >= 13 and modules & loaded == set()


def test_a_command_loads_only_its_own_module():
    loaded = _modules_after("build_parser().parse_args(['graph', '.'])")
    assert "copilot.commands.graph" in loaded
    assert {spec.module for spec in command_table()} & loaded == {"copilot.commands.graph"}
    assert "networkx" not in loaded  # the graph command imports the scanner when it runs


def test_help_lists_every_command_in_table_order_with_the_modules_own_help(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    table = command_table()
    assert {"review", "hook", "rules", "tui"} <= {spec.name for spec in table}  # built-ins and plugins
    positions = [text.index(f"\n    {spec.name} ") for spec in table]
    assert positions == sorted(positions)
    for spec in cli.COMMANDS:
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers()
        __import__(spec.module, fromlist=["register"]).register(sub)
        (action,) = [a for a in sub._choices_actions if a.dest == spec.name]
        assert action.help == spec.help, spec.name  # the table says what the module says


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
    monkeypatch.setattr(cli, "COMMANDS", (*cli.COMMANDS, CommandSpec("hello", "say hello", "hello_cmd")))
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


def test_a_built_in_command_does_not_look_plugins_up():
    loaded = _modules_after("main(['hook', '--help'])")
    assert "copilot.commands.hook" in loaded
    assert "pluggy" not in loaded and "importlib.metadata" not in loaded
    assert "pluggy" in _modules_after("main(['--help'])")  # the full list names plugin commands too
