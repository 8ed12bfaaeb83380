"""The matcher without Python's cyclic garbage collector running in the middle of it.

A run at 100k lines x 200k invoices keeps millions of small objects alive (invoice columns, read
tokens, plans); every full collection walks all of them, and the matcher allocates enough for
the collector to run over and over: about a tenth of its CPU time went to collections that free
nothing (its objects form no reference cycles). Reference counting still frees everything as
usual; the collector is only held back while the matcher runs, and back as it was afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def without_cycle_collection(function: Callable[P, R]) -> Callable[P, R]:
    """Runs function with the cyclic garbage collector disabled, then restores its state."""
    @wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()
    return run
