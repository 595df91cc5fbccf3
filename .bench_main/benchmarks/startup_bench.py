"""Start-up benchmark: `pipeline-copilot --help`, and which heavy libraries it drags in.

    python benchmarks/startup_bench.py [--runs 9]

Target (issue 12): `--help` < 0.15 s.  Reported: median wall and CPU time of `python -m copilot
--help` (child CPU from getrusage), next to a bare `python -c pass` for the interpreter's own share.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

from common import CODE_ENV, ROOT, alternate, verdict

HEAVY = ("networkx", "git", "langchain", "langchain_core", "langchain_openai", "textual", "rich", "avro", "fastavro", "tree_sitter")


def imported_by_help() -> list[str]:
    code = (
        "import contextlib, io, sys\n"
        "from copilot.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    main(['--help'])\n"
        f"print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=CODE_ENV, capture_output=True, text=True, check=True)
    return out.stdout.split()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args()

    def run(*argv: str):  # type: ignore[no-untyped-def]
        return lambda: subprocess.run([sys.executable, *argv], cwd=ROOT, env=CODE_ENV, capture_output=True, check=True)

    got = alternate(
        args.runs,
        python=run("-c", "pass"),
        help=run("-m", "copilot", "--help"),
        review_help=run("-m", "copilot", "review", "--help"),
    )
    for name, s in got.items():
        print(f"{name:<12} median wall {s.wall * 1000:7.1f} ms   cpu {s.cpu * 1000:7.1f} ms   ({args.runs} alternating runs)")
    heavy = imported_by_help()
    print(f"heavy libraries imported by --help: {', '.join(heavy) or 'none'}")
    print(verdict("--help (median wall)", got["help"].wall, 0.15, "s"))
    print(verdict("--help (median cpu)", got["help"].cpu, 0.15, "s"))


if __name__ == "__main__":
    main()
