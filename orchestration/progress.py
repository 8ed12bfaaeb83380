"""One line per step on the terminal for `billops run`; Dagster's own log gets the same line."""

from __future__ import annotations

import os
import sys
import time

PROGRESS_ENV = "BILLOPS_PROGRESS"
_STARTED = time.monotonic()


def say(message: str, log=None) -> None:
    if log is not None:
        log.info(message)
    if os.environ.get(PROGRESS_ENV) == "1":
        # the real terminal: dbt's own chatter is redirected while it runs
        print(f"  [{time.monotonic() - _STARTED:6.1f}s] {message}", file=sys.__stdout__, flush=True)
