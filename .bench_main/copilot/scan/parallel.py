"""Run one function over many jobs on every core: the cold scan's extraction of many files.

Forked children inherit the jobs (the files' contents) and everything this process has loaded,
so no job is sent to them; this process and its children claim chunks of jobs from a shared
counter, and the children send their results back, pickled, through a pipe each.  Before it
forks, this process runs one job of each kind itself (one file per front-end), so what the jobs
load lazily (front-end modules, grammars, a library such as detect-secrets) is loaded once and
inherited, not loaded again in every child; and it freezes its heap for the garbage collector
(`gc.freeze`), so a child's collections do not copy pages of objects it never uses.

A child that fails or dies leaves its unfinished jobs to this process, which runs them as a
serial run would: an exception a job raises surfaces here exactly as without children.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import selectors
import signal
import struct
from collections.abc import Callable, Hashable, Sequence
from typing import Generic, NoReturn, TypeVar

J = TypeVar("J")
R = TypeVar("R")

CHUNK = 8  # jobs claimed at a time: small enough to balance, big enough to keep the lock cold
_HEADER = struct.Struct("<Q")
forks = 0  # children forked by this process (tests count them)


class _Results(Generic[R]):
    """Results as they come, in any order; `ordered()` gives them in job order."""

    def __init__(self, total: int, progress: Callable[[int, int], None] | None) -> None:
        self.got: dict[int, R] = {}
        self.total, self.progress = total, progress

    def add(self, index: int, result: R) -> None:
        if index not in self.got:
            self.got[index] = result
            if self.progress is not None:
                self.progress(len(self.got), self.total)


def run(
    fn: Callable[[J], R],
    jobs: Sequence[J],
    kind: Callable[[J], Hashable],
    children: int,
    progress: Callable[[int, int], None] | None = None,
) -> list[R]:
    """`[fn(job) for job in jobs]`, computed by this process and up to `children` forked ones.
    `kind(job)` groups jobs that load the same things (one of each runs here first);
    `progress(done, total)` is called as results come in."""
    results: _Results[R] = _Results(len(jobs), progress)
    seen: set[Hashable] = set()
    for i, job in enumerate(jobs):  # warm this process up before forking
        k = kind(job)
        if k not in seen:
            seen.add(k)
            results.add(i, fn(job))
    rest = [i for i in range(len(jobs)) if i not in results.got]
    if children > 0 and rest and hasattr(os, "fork"):
        _share(fn, jobs, rest, children, results)
    for i in range(len(jobs)):  # whatever no child delivered
        if i not in results.got:
            results.add(i, fn(jobs[i]))
    return [results.got[i] for i in range(len(jobs))]


def _share(fn: Callable[[J], R], jobs: Sequence[J], todo: list[int], children: int, results: _Results[R]) -> None:
    import multiprocessing

    try:
        counter = multiprocessing.get_context("fork").Value("q", 0)
    except OSError:  # no shared memory or semaphores to be had: this process does it all
        return
    chunks = [todo[i : i + CHUNK] for i in range(0, len(todo), CHUNK)]

    def claim() -> list[int] | None:
        with counter.get_lock():
            n = counter.value
            counter.value = n + 1
        return chunks[n] if n < len(chunks) else None

    pids: dict[int, int] = {}  # read end -> child pid
    gc.freeze()
    try:
        for _ in range(min(children, len(chunks) - 1)):
            read_end, write_end = os.pipe()
            try:
                pid = os.fork()
            except OSError:
                os.close(read_end)
                os.close(write_end)
                break
            if pid == 0:  # the child: never returns
                os.close(read_end)
                _child(fn, jobs, claim, write_end)
            global forks
            forks += 1
            os.close(write_end)
            pids[read_end] = pid
    finally:
        gc.unfreeze()
    sel = selectors.DefaultSelector()
    buffers: dict[int, bytearray] = {}
    for fd in pids:
        os.set_blocking(fd, False)
        sel.register(fd, selectors.EVENT_READ)
        buffers[fd] = bytearray()

    def drain(timeout: float | None) -> None:
        for key, _ in sel.select(timeout):
            fd = key.fd
            try:
                data = os.read(fd, 1 << 20)
            except BlockingIOError:
                continue
            if not data:  # the child is done (or dead)
                sel.unregister(fd)
                os.close(fd)
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(pids.pop(fd), 0)
                continue
            buf = buffers[fd]
            buf += data
            while len(buf) >= _HEADER.size:
                (size,) = _HEADER.unpack_from(buf)
                if len(buf) < _HEADER.size + size:
                    break
                try:
                    for index, result in pickle.loads(bytes(buf[_HEADER.size : _HEADER.size + size])):
                        results.add(index, result)
                except Exception:  # a result that does not load is run again here
                    pass
                del buf[: _HEADER.size + size]

    try:
        while (chunk := claim()) is not None:
            for i in chunk:
                results.add(i, fn(jobs[i]))
                if pids:
                    drain(0)
        while pids:
            drain(None)
    finally:
        for fd, pid in pids.items():  # interrupted: the children go too
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.close(fd)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        sel.close()


def _child(fn: Callable[[J], R], jobs: Sequence[J], claim: Callable[[], list[int] | None], out: int) -> NoReturn:
    """Run claimed chunks and write each chunk's results; a job that raises is left to the parent."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent, which ends us
        while (chunk := claim()) is not None:
            done = []
            for i in chunk:
                try:
                    done.append((i, fn(jobs[i])))
                except Exception:
                    continue
            try:
                data = pickle.dumps(done, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:
                continue
            _write_all(out, _HEADER.pack(len(data)) + data)
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
