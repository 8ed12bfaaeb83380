"""A process for the run's dbt build, started before the run imports anything heavy.

dbt spends its first invocation in a process on work it does once per process: generating the
JSON schemas it validates the profile and project against, compiling its classes' serialisers,
importing its tasks (docs/benchmarks.md has what it costs a day's build). The
`billops` command starts this process first: it imports dbt, reads the prepared project and does
that once-per-process work on the second core while the run imports Dagster and loads its files
on the first; the build it then runs on request streams its results back, which the run turns
into Dagster events while dbt is still building (dbt_invocation.py: the process's side; runner.py:
the run's side and the in-process build this replaces).

This module imports nothing heavy itself: it is imported before the run's imports.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

PR_SET_PDEATHSIG = 1  # prctl(2)
_started: BuildProcess | None = None


class BuildProcess:
    """The process, its pipes, and its standard error kept in a file (read when it fails)."""

    def __init__(self, command: list[str]) -> None:
        self.errors = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors,
                                        text=True, encoding="utf-8")
        self._problem: tuple[bool, str | None] | None = None

    def dbt_problem(self) -> tuple[bool, str | None]:
        """(said, problem): its first line, read once, says whether dbt's internals fit the installed
        dbt (dbt_invocation.problem(), None when they do); not said when it stopped first."""
        if self._problem is None:
            assert self.process.stdout is not None
            line = self.process.stdout.readline()
            try:
                self._problem = (True, json.loads(line)["problem"])
            except (ValueError, KeyError, TypeError):
                self._problem = (False, None)
        return self._problem

    def why_it_stopped(self) -> str:
        """Its last line on standard error, or its exit code (killed first, if it still runs)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.errors.seek(0)
        lines = [line.strip() for line in self.errors.read().splitlines() if line.strip()]
        return lines[-1] if lines else f"exit code {self.process.poll()}"

    def close(self, finished: bool) -> None:
        """After its build (`finished`: it ends by itself) or instead of one (it ends when its input
        closes); killed when a build it was given did not finish (the run stopped reading)."""
        if self.process.stdin is not None and not self.process.stdin.closed:
            self.process.stdin.close()
        if not finished and self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.errors.close()


def start(project_dir: Path, profiles_dir: Path) -> None:
    global _started
    _started = BuildProcess([sys.executable, "-m", "orchestration.defs.transform.dbt_invocation", str(project_dir),
                             str(profiles_dir), str(os.getpid())])


def end_with_parent(run_pid: int) -> None:
    """In the build process: killed when the run's process dies (Linux). A run killed while dbt
    builds would otherwise leave dbt holding the raw store's lock until its build ends, and the
    next run could not open it. Elsewhere the process still ends when the run's pipe closes."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != run_pid:  # the run died before the line above
        os._exit(1)


def started() -> BuildProcess | None:
    """The process started for this run, if it has not been taken."""
    return _started


def take() -> BuildProcess | None:
    """The process started for this run, once (it builds once; a second build runs in this process)."""
    global _started
    started, _started = _started, None
    return started
