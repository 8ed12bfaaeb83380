"""One line per step on the terminal for `billops run`; Dagster's own log gets the same line."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator

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


def say(message: str, log=None) -> None:
    if log is not None:
        log.info(message)
    if _on_terminal:
        # the real terminal: dbt's own chatter is redirected while it runs
        print(f"  [{time.monotonic() - _STARTED:6.1f}s] {message}", file=sys.__stdout__, flush=True)
