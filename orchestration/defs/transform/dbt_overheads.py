"""What dbt spends on every node of a build that the run never reads, taken off.

dbt runs a build's nodes in threads that share one interpreter lock, and besides its SQL each node
costs it ~20 ms of Python: a full build's 210 nodes hold the lock ~4 s, and a node on the longest
chain waits for it (docs/benchmarks.md). Two parts of that cost buy a run nothing:

- Debug events. At every step (SQL sent, connection opened, node compiling, ...) dbt builds an
  event: a protobuf message made from its fields, then again with its envelope when it fires it.
  The run logs at info level and reads result events only. An event's message is built when
  something first reads it, and while a run's build is in progress (`quiet_debug_events`) a debug
  event that no logger writes is not fired. A logger at debug level (`--debug`) gets every event.
- Template compilation. For every render, dbt compiles the Jinja source of a node's SQL, or of a
  generic test's arguments, into Python code, in a new environment. That code depends only on the
  source and on how the environment parses (its kind, delimiters, extensions): it is compiled once
  per process, and the build process compiles the project's while it waits for the run
  (`compile_templates`, called by dbt_invocation._warm_up).

Each replaces one internal of dbt_common after checking its parameters. When an upgrade changed
one, dbt keeps that internal (and that cost) and `apply()` names it: tests/test_dbt_overheads.py
fails until this module is adapted.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

_MAX_TEMPLATES = 20_000  # a long-lived process (dagster dev, the tests) renders many one-off strings
_building = threading.Event()  # set while a run's build is in progress (dbt fires from its threads)


@functools.cache
def apply() -> tuple[str, ...]:
    """Replace the internals this module lightens, once per process; the names of those whose
    shape no longer fits (left as they are)."""
    return tuple(name for name, lighten in (("event messages built when read", _build_messages_when_read),
                                            ("unread debug events not fired", _fire_only_read_debug_events),
                                            ("template code compiled once", _compile_each_template_once))
                 if not lighten())


@contextlib.contextmanager
def quiet_debug_events() -> Iterator[None]:
    """While a run's build runs: debug events no logger writes are not fired (its callbacks read
    result events only, at info level)."""
    _building.set()
    try:
        yield
    finally:
        _building.clear()


def compile_templates(nodes: Iterable[Any], stop: Callable[[], bool]) -> None:
    """Compile what a build renders of `nodes` (their SQL, their generic tests' arguments) into the
    process's template code, until `stop()`."""
    from dbt_common.clients.jinja import get_environment

    for node in nodes:
        if stop():
            return
        if getattr(node, "language", "sql") == "sql" and node.raw_code:
            get_environment(node).compile(node.raw_code)
        metadata = getattr(node, "test_metadata", None)
        for text in _texts(metadata.kwargs if metadata is not None else {}):
            if "{" in text:  # dbt renders only text with Jinja in it, as native values
                get_environment(node, native=True).compile(text)


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


def _takes(function: Callable[..., Any], parameters: list[str]) -> bool:
    return list(inspect.signature(function).parameters) == parameters


def _build_messages_when_read() -> bool:
    """BaseEvent.__init__ builds the protobuf message at once (ParseDict of the fields); its
    attributes are the message's. It is built on first read or write instead."""
    from dbt_common.events.base_types import BaseEvent

    build = BaseEvent.__init__
    if not _takes(build, ["self", "args", "kwargs"]) or "__getattr__" not in vars(BaseEvent):
        return False

    def defer(self: Any, *args: Any, **kwargs: Any) -> None:
        object.__setattr__(self, "_unbuilt", (args, kwargs))

    def message(self: Any) -> Any:
        unbuilt = self.__dict__.pop("_unbuilt", None)
        if unbuilt is not None:
            build(self, *unbuilt[0], **unbuilt[1])
        return object.__getattribute__(self, "pb_msg")

    def read(self: Any, key: str) -> Any:
        return message(self) if key == "pb_msg" else getattr(message(self), key)

    def write(self: Any, key: str, value: Any) -> None:
        if key == "pb_msg":
            object.__setattr__(self, key, value)
        else:
            setattr(message(self), key, value)

    BaseEvent.__init__, BaseEvent.__getattr__, BaseEvent.__setattr__ = defer, read, write
    return True


def _fire_only_read_debug_events() -> bool:
    from dbt_common.events.base_types import EventLevel
    from dbt_common.events.event_manager import EventManager

    fire = EventManager.fire_event
    if not _takes(fire, ["self", "e", "level", "node", "force_warn_or_error_handling"]):
        return False

    def fire_if_read(self: Any, e: Any, level: Any = None, node: Any = None,
                     force_warn_or_error_handling: bool = False) -> None:
        if _building.is_set() and (level or e.level_tag()) == EventLevel.DEBUG \
                and all(logger.level != EventLevel.DEBUG for logger in self.loggers):
            return
        fire(self, e, level, node, force_warn_or_error_handling)

    EventManager.fire_event = fire_if_read
    return True


def _compile_each_template_once() -> bool:
    from dbt_common.clients.jinja import MacroFuzzEnvironment

    compile_ = MacroFuzzEnvironment.compile
    if not _takes(compile_, ["self", "source", "name", "filename", "raw", "defer_init"]):
        return False
    codes: dict[tuple, Any] = {}

    def compile_once(self: Any, source: Any, name: str | None = None, filename: str | None = None,
                     raw: bool = False, defer_init: bool = False) -> Any:
        if not isinstance(source, str):  # a parsed template
            return compile_(self, source, name, filename, raw, defer_init)
        key = (_parsing(self), source, name, filename, raw, defer_init)
        code = codes.get(key)
        if code is None:
            if len(codes) >= _MAX_TEMPLATES:
                codes.clear()
            code = codes[key] = compile_(self, source, name, filename, raw, defer_init)
        return code

    MacroFuzzEnvironment.compile = compile_once
    return True


def _parsing(environment: Any) -> tuple:
    """What the code compiled from a source depends on besides the source: the environment's
    kind (its code generator) and what Jinja's own lexer cache keys on, its extensions and the
    options the code generator reads."""
    return (type(environment), tuple(sorted(environment.extensions)), environment.optimized,
            environment.is_async, environment.finalize, environment.autoescape,
            environment.block_start_string, environment.block_end_string, environment.variable_start_string,
            environment.variable_end_string, environment.comment_start_string, environment.comment_end_string,
            environment.line_statement_prefix, environment.line_comment_prefix, environment.trim_blocks,
            environment.lstrip_blocks, environment.newline_sequence, environment.keep_trailing_newline)
