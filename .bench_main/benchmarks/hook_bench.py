"""Pre-push hook benchmark: what the installed hook adds to a safe `git push` on a 10,000-file repo.

    python benchmarks/hook_bench.py [--files 10000] [--runs 5] [--workdir DIR]

Target (issue 12): a safe push gains < 0.3 s.  Pushes with the hook and with `--no-verify`
alternate (each pushes a fresh commit to a local bare remote); the gain is the difference of the
medians, wall and CPU (git and the hook are children of this process).  Two kinds of safe change:
an unrelated file, and a comment in a producer (a pipeline file, no finding).  One push before
measuring warms the cache, as the first push after installing the hook would.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import CODE_ENV, alternate, git, monorepo_args, synth_repo, verdict

KINDS = {
    "unrelated file": "svc0000/pkg/m0/mod3.py",
    "comment in a producer": "svc0000/producer.py",
}


def main() -> None:
    args = monorepo_args()
    tmp = Path(tempfile.mkdtemp(prefix="pc-hook-bench-"))
    try:
        source = synth_repo(args.files, args.workdir)
        remote, repo = tmp / "remote.git", tmp / "work"
        subprocess.run(["git", "clone", "-q", "--bare", str(source), str(remote)], check=True)
        subprocess.run(["git", "clone", "-q", str(remote), str(repo)], check=True)
        subprocess.run([sys.executable, "-m", "copilot", "hook", "install", "--repo", str(repo)], env=CODE_ENV, check=True, capture_output=True)
        n = [0]

        def push(path: str, *flags: str):  # type: ignore[no-untyped-def]
            # hooked pushes go to main, the others to a branch of their own: the hooked history is
            # what someone who always pushes with the hook sees
            target = "HEAD:refs/heads/plain" if flags else "HEAD:main"

            def run() -> None:
                n[0] += 1
                f = repo / path
                f.write_text(f.read_text() + f"# note {n[0]}\n")
                git(repo, "commit", "-qam", f"note {n[0]}")
                proc = subprocess.run(["git", "push", "-q", "-f", *flags, "origin", target], cwd=repo, env=CODE_ENV, capture_output=True, text=True)
                if proc.returncode != 0:
                    raise SystemExit(f"push failed: {proc.stderr.strip()}")

            return run

        for kind, path in KINDS.items():
            push(path)()  # warm-up
            got = alternate(args.runs, hook=push(path), plain=push(path, "--no-verify"))
            h, p = got["hook"], got["plain"]
            print(f"safe push, {kind}, {args.files} files: with hook {h.wall * 1000:.0f} ms (cpu {h.cpu * 1000:.0f}), "
                  f"--no-verify {p.wall * 1000:.0f} ms (cpu {p.cpu * 1000:.0f}); median of {args.runs} alternating pairs")  # fmt: skip
            print(verdict(f"hook gain, {kind} (wall)", h.wall - p.wall, 0.3, "s"))
            print(verdict(f"hook gain, {kind} (cpu)", h.cpu - p.cpu, 0.3, "s"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
