"""Issue 9 item 6: repository and model text cannot drive a terminal or restructure a PR comment.

A real repository whose change renames a consumer group, a topic and a comment into escape
sequences (window title, screen clear, colours), bidi overrides and Markdown/HTML payloads, is
reviewed through the CLI in text and Markdown (the loopback LLM adds a hostile finding too),
through `graph`, and through the installed pre-push hook in a real `git push`.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from copilot.cli import main
from copilot.sanitize import md_code, md_fence, md_text, terminal
from tests.conftest import GIT_ENV, commit, git
from tests.llm.conftest import llm_finding
from tests.llm.loopback import LoopbackServer, answer
from tests.review.helpers import BASE, CONSUMER, PRODUCER
from tests.security.harden_support import loopback_env, run_in

ESC_TITLE = "\x1b]0;pwned\x07"  # OSC: set the window title
CLEAR = "\x1b[2J\x1b[H"  # CSI: clear the screen, cursor home
BIDI = "\u202e\u2066"  # right-to-left override, left-to-right isolate
C1_CSI = "\x9b31m"  # the 8-bit CSI
HOSTILE = f"{ESC_TITLE}{CLEAR}{BIDI}{C1_CSI}\x08"
MD_PAYLOAD = "</details><img src=x onerror=alert(1)>\n# Approved\n![ok](https://evil.example/x.png) [click](https://evil.example)"
FENCE_BREAK = "````\n</details>\n# broke out"

HOSTILE_TOPIC = f"orders-{HOSTILE}v2"
# the topic spelled with Python escapes (the scanner evaluates them), the comment with raw characters
RISKY = {
    "fraud/worker.py": CONSUMER.replace(
        'subscribe(["orders"])', f"subscribe([{json.dumps(HOSTILE_TOPIC)}])"
    ).replace(
        '"enable.auto.commit": False})',
        f'"enable.auto.commit": False}})  # {HOSTILE} {FENCE_BREAK.splitlines()[0]}',
    )
}
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def loopback(monkeypatch: pytest.MonkeyPatch) -> Iterator[LoopbackServer]:
    yield from loopback_env(monkeypatch)


def _assert_neutral(output: str) -> None:
    stray = sorted({f"U+{ord(ch):04X}" for ch in CONTROL.findall(output.replace("\n", "").replace("\t", ""))})
    assert stray == [], stray
    assert "\\x1b" in output  # the sequence is shown, as an escape, not hidden and not run


def test_text_report_shows_escapes_never_sequences(make_repo: Any, capsys) -> None:
    repo = make_repo(BASE)
    base = git(repo, "rev-parse", "HEAD").strip()
    commit(repo, RISKY, "move to a new topic")
    code, out, err = run_in(repo, capsys, "review", "--base", base, "--format", "text", "--llm", "off")
    assert code == 1, err  # the consumer-group change is found ...
    assert "topic-orphaned" in out
    _assert_neutral(out + err)  # ... and shown without running a single sequence
    assert "<U+202E>" in out


@pytest.mark.parametrize("fmt", ["table", "mermaid", "dot"])
def test_graph_shows_escapes(make_repo: Any, capsys, fmt: str) -> None:
    topic = json.dumps(f"orders{HOSTILE}[red]x[/]")
    repo = make_repo({**BASE, "checkout/app.py": PRODUCER.replace('"orders"', topic)})
    code, out, err = run_in(repo, capsys, "graph", "--format", fmt)
    assert code == 0, err
    _assert_neutral(out + err)
    assert "[red]x[/]" in out.replace("\n", "").replace(" ", "").replace("│", "") or "[red]" in out


def _md() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _html(markdown: str) -> str:
    return _md().render(markdown)


def _tokens(markdown: str) -> list:
    """Every token, inline children included."""
    out = []
    for tok in _md().parse(markdown):
        out.append(tok)
        out.extend(tok.children or [])
    return out


def test_markdown_report_escapes_repository_and_model_text(
    make_repo: Any, loopback: LoopbackServer, capsys
) -> None:
    repo = make_repo(BASE)
    base = git(repo, "rev-parse", "HEAD").strip()
    commit(repo, RISKY, "move to a new topic")
    line = 11
    hostile = llm_finding(
        "other",
        "low",
        f"LGTM {MD_PAYLOAD}",
        f"{MD_PAYLOAD}\n{FENCE_BREAK}\n| a | b |\n|---|---|\n| x | y |\n<script>alert(1)</script>",
        [
            {
                "path": "fraud/worker.py",
                "start_line": line,
                "end_line": line,
                "side": "head",
                "snippet": "group.id",
            }
        ],
        alternatives=[{"title": "</details><h1>x</h1>", "tradeoff": "[link](javascript:alert(1))"}],
        recommendation="<img src=x>",
    )
    loopback.script(answer({"findings": [hostile]}))
    code, out, err = run_in(
        repo,
        capsys,
        "review",
        "--base",
        base,
        "--format",
        "markdown",
        "--llm",
        "openai",
        "--fail-on",
        "never",
    )
    assert code == 0, err
    _assert_neutral(out)
    html = _html(out)
    # the structure is only ours: one h2, one h3 per finding, our <details>/<sub> and nothing else
    findings = out.count("\n### ")
    assert findings >= 2  # the rule's finding and the model's
    assert len(re.findall(r"<h2>", html)) == 1 and len(re.findall(r"<h3>", html)) == findings
    assert re.findall(r"<h[1456]>", html) == []
    assert "<img" not in html and "<a " not in html and "<script" not in html and "<table" not in html
    assert "<del>" not in html
    # raw HTML lines are only the ones the report writes itself
    raw = {
        tag
        for tok in _tokens(out)
        if tok.type in ("html_block", "html_inline")
        for tag in re.findall(r"</?(\w+)", tok.content)
    }
    assert raw <= {"details", "summary", "sub"}, raw
    assert out.count("<details>") == out.count("</details>")
    # every citation is one code block, and the quoted fence stayed inside it
    blocks = re.findall(r"<pre><code[^>]*>(.*?)</code></pre>", html, re.S)
    assert len(blocks) == out.count("(after):") + out.count("(before):")
    assert any("````" in b for b in blocks)
    # the text is still all there, as text
    assert "&lt;/details&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert "evil.example" in html


def test_pre_push_hook_output_is_neutral(make_repo: Any, tmp_path: Path) -> None:
    repo = make_repo(BASE)
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "-q", "origin", "main")
    assert main(["hook", "install", "--repo", str(repo)]) == 0
    commit(repo, RISKY, "move to a new topic")
    env = {**os.environ, **GIT_ENV, "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"]}
    pushed = subprocess.run(
        ["git", "push", "origin", "main"], cwd=repo, env=env, capture_output=True,
        stdin=subprocess.DEVNULL, start_new_session=True, timeout=120,
    )  # fmt: skip
    assert pushed.returncode != 0
    err = pushed.stderr.decode("utf-8", "replace")
    assert "topic-orphaned" in err
    _assert_neutral(err)


@pytest.mark.parametrize(
    "text",
    [
        HOSTILE,
        MD_PAYLOAD,
        FENCE_BREAK,
        "a ``` b ```` c",
        "`",
        "",
        "www.evil.example/x",
        "1. item\n- item\n> quote",
    ],
)
def test_markdown_helpers_keep_text_as_text(text: str) -> None:
    html = _html(f"para {md_text(text)}\n\n{md_code(text)}\n\n{md_fence(text)}\n\nafter\n")
    assert "<img" not in html and "<a " not in html and "<h1>" not in html and "<details" not in html
    assert "<ol>" not in html and "<ul>" not in html and "<blockquote>" not in html
    assert html.count("<pre>") == 1 and html.rstrip().endswith("<p>after</p>")
    assert CONTROL.search(terminal(text).replace("\n", "").replace("\t", "")) is None


def test_json_output_keeps_the_exact_text_escaped(make_repo: Any, capsys) -> None:
    """JSON is for tools: the real text, with every control character \\u-escaped by the encoder."""
    repo = make_repo(BASE)
    base = git(repo, "rev-parse", "HEAD").strip()
    commit(repo, RISKY, "move to a new topic")
    code, out, _ = run_in(repo, capsys, "review", "--base", base, "--format", "json", "--llm", "off")
    assert code == 1
    assert CONTROL.search(out.replace("\n", "")) is None
    assert any(HOSTILE_TOPIC in f["title"] for f in json.loads(out)["findings"])


def test_schema_check_text_shows_escapes(tmp_path: Path, capsys) -> None:
    """File names (and, with --history, names from git) are repository text too."""
    old = tmp_path / f"v1{ESC_TITLE}{BIDI}.avsc"
    new = tmp_path / f"v2{CLEAR}.avsc"
    old.write_text(json.dumps({"type": "record", "name": "R", "fields": [{"name": "a", "type": "string"}]}))
    new.write_text(json.dumps({"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}]}))
    capsys.readouterr()
    code = main(["schema", "check", str(new), "--against", str(old)])
    out = capsys.readouterr().out
    assert code == 1 and "INCOMPATIBLE" in out
    _assert_neutral(out)
