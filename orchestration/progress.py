"""What a run says: one line per step on the terminal for `billops run` (Dagster's own log gets the
same line), and its first error in one line."""

from __future__ import annotations

import contextlib
import re
import sys
import time
from collections.abc import Iterable, Iterator

_STARTED = time.monotonic()
_on_terminal = False


@contextlib.contextmanager
def on_the_terminal() -> Iterator[None]:
    """While `billops run` executes its job in this process, every step's line reaches the terminal."""
    global _on_terminal
    _on_terminal = True
    try:
        yield
    finally:
        _on_terminal = False


def since_start(moment: float) -> float:
    """Seconds from the command's start to `moment` (a time.monotonic() reading)."""
    return moment - _STARTED


def say(message: str, log=None) -> None:
    if log is not None:
        log.info(message)
    if _on_terminal:
        # the real terminal: dbt's own chatter is redirected while it runs
        print(f"  [{since_start(time.monotonic()):6.1f}s] {message}", file=sys.__stdout__, flush=True)


def first_error(events: Iterable) -> str:
    """The user-facing message of a run's first failure among its Dagster events: the innermost
    cause, in one line."""
    for event in events:
        data = getattr(event, "event_specific_data", None)
        error = getattr(data, "error", None)
        if error is None:
            continue
        while error.cause is not None:
            error = error.cause
        message = error.message.strip().splitlines()[0] if error.message else error.cls_name
        user_error = re.match(r"^[\w.]*\b(ContractError|WarehouseBusy|SparkFolderMissing|Failure): (.*)$", message)
        if user_error:
            return user_error.group(2)
        step = getattr(event, "step_key", None)
        return f"{step or 'run'}: {message}"
    return "the pipeline failed (see the Dagster log)"
