"""Matcher work handed to forked copies of the process, so a large match uses every core.

The matcher is pure Python and holds the interpreter lock: on its own it keeps one core busy.
Two of its steps depend only on what was loaded or read before: recognising the payer names
(while this process learns the invoice numbers and reads the references) and the first plan of
each bank line (never another line's). A fork of the process already holds all of that, without
copying or pickling it; only the results travel back, pickled through a pipe. Forks run Python,
numpy and rapidfuzz and exit without running any exit handler: they never touch the DuckDB
connection, whose threads do not exist in a fork. A fork that fails, dies or is stuck leaves its
work to the parent, so the result never depends on how the work was split; one whose result is
not wanted any more is killed.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import time
import weakref
from collections.abc import Callable, Sequence
from contextlib import suppress
from typing import Generic, NamedTuple, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_SHARE = 2_000  # fewer items per process: forking and pickling cost about what they save
PATIENCE_SECONDS = 10.0


def map_in_forks(function: Callable[[T], R], items: Sequence[T], processes: int | None = None) -> list[R]:
    """[function(item) for item in items], the later shares computed in forked processes (one per
    core, each with at least MIN_SHARE items). function must not change anything the parent reads
    afterwards: a fork's changes are lost."""
    processes = min(processes or os.cpu_count() or 1, len(items) // max(MIN_SHARE, 1))
    if processes < 2 or not hasattr(os, "fork"):
        return [function(item) for item in items]
    size = -(-len(items) // processes)
    shares = [items[start:start + size] for start in range(0, len(items), size)]
    forks = [_fork(function, share) for share in shares[1:]]
    try:
        results = [function(item) for item in shares[0]]
    except BaseException:
        for fork in forks:
            _abandon(fork)
        raise
    for share, fork in zip(shares[1:], forks):
        results += _collect(fork, function, share)
    return results


def in_fork(function: Callable[[], R], size: int) -> Callable[[], R]:
    """Starts function() in a forked process when its work is large enough to share (size items,
    at least MIN_SHARE) and another core is there; returns what waits for its result. Otherwise,
    or when the fork fails, function runs here when its result is asked for."""
    if size < MIN_SHARE or (os.cpu_count() or 1) < 2 or not hasattr(os, "fork"):
        return function
    return _Awaited(function)


class _Awaited(Generic[R]):
    """A fork's result when asked for; a fork whose result is never asked for (the caller raised
    first) is killed when this is freed, not left blocked on a pipe nobody reads."""

    def __init__(self, function: Callable[[], R]) -> None:
        self._one = lambda _: function()  # as a share of one item, what _fork and _collect take
        self._fork = _fork(self._one, [None])
        self._unasked = weakref.finalize(self, _abandon, self._fork)

    def __call__(self) -> R:
        self._unasked.detach()
        return _collect(self._fork, self._one, [None])[0]


class _Fork(NamedTuple):
    pid: int
    read_end: int  # of the pipe the fork sends its pickled results through
    started: float  # time.monotonic() when it was forked


def _fork(function: Callable[[T], R], share: Sequence[T]) -> _Fork | None:
    """The running fork, or None when the process cannot fork."""
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None
    started = time.monotonic()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the fork: compute, send, leave without the parent's exit handlers
        status = 1
        try:
            os.close(read_end)
            with open(write_end, "wb") as out:
                pickle.dump([function(item) for item in share], out, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return _Fork(pid, read_end, started)


def _collect(fork: _Fork | None, function: Callable[[T], R], share: Sequence[T]) -> list[R]:
    """The fork's results; the share computed here when the fork failed, died or is stuck (no
    result PATIENCE_SECONDS plus twice its running time after it is asked for: a fork shares its
    parent's memory but not its threads, and a lock another thread held at the fork would never
    be released in it)."""
    if fork is None:
        return [function(item) for item in share]
    asked = time.monotonic()
    data = _read_until(fork.read_end, asked + 2 * (asked - fork.started) + PATIENCE_SECONDS)
    if data is None:
        os.kill(fork.pid, signal.SIGKILL)
    try:
        _, status = os.waitpid(fork.pid, 0)
    except ChildProcessError:  # reaped by someone else: whether the data is whole decides
        status = 0
    if data is not None and status == 0:
        try:
            results = pickle.loads(data)
        except Exception:  # a fork killed mid-write: its share is computed again here
            results = None
        if isinstance(results, list) and len(results) == len(share):
            return results
    return [function(item) for item in share]


def _abandon(fork: _Fork | None) -> None:
    """Kill a fork whose result is not wanted, and reap it."""
    if fork is not None:
        os.close(fork.read_end)
        with suppress(ProcessLookupError, ChildProcessError):  # gone already
            os.kill(fork.pid, signal.SIGKILL)
            os.waitpid(fork.pid, 0)


def _read_until(read_end: int, deadline: float) -> bytes | None:
    """Everything the pipe holds until its writer closes it, or None at the deadline; closes it."""
    chunks = []
    waiting = select.poll()  # not select.select: a busy process's descriptors can pass 1024
    waiting.register(read_end, select.POLLIN)
    try:
        while True:
            if not waiting.poll(max(0.0, deadline - time.monotonic()) * 1000):
                return None
            chunk = os.read(read_end, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
    finally:
        os.close(read_end)
