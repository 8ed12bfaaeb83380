"""One line per step on the terminal for `billops run`; Dagster's own log gets the same line."""

from __future__ import annotations

import os
import sys

PROGRESS_ENV = "BILLOPS_PROGRESS"


def say(message: str, log=None) -> None:
    if log is not None:
        log.info(message)
    if os.environ.get(PROGRESS_ENV) == "1":
        print(f"  {message}", file=sys.stdout, flush=True)
