"""Reading the serving copy of the warehouse: short read-only connections, cached per published file.

The pipeline publishes the serving copy by os.replace()-ing its name onto the warehouse file it
just promoted (a hard link: a promoted file is never written again), so the dashboard never shares
a file with the writer: each query opens its own short-lived read-only
connection (external access disabled), and results are cached per (file, mtime) so a new run
shows up at once. If a query fails while a run swaps the file, the last good result is served.

Filters reach SQL only as bound parameters; the few identifiers chosen in code are allowlisted.
Money stays DECIMAL: results are fetched through Arrow, so amounts arrive as decimal.Decimal.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

log = logging.getLogger(__name__)

SERVING_ENV = "BILLOPS_SERVING_DB"
DEFAULT_SERVING_PATH = Path(".billops/warehouse.serving.duckdb")
CACHE_TTL_SECONDS = 600
_LAST_GOOD_LIMIT = 256


@dataclass(frozen=True)
class Serving:
    """One published serving copy: a new run changes mtime_ns, which invalidates the cache."""

    path: str
    mtime_ns: int


class MissingTables(Exception):
    """The serving warehouse lacks tables a page section needs (the pipeline has not built them)."""

    def __init__(self, tables: list[str]):
        super().__init__(", ".join(tables))
        self.tables = tables


class WarehouseUnavailable(Exception):
    """The serving file could not be read and there is no earlier result to fall back on."""


def serving_path() -> Path:
    return Path(os.environ.get(SERVING_ENV) or DEFAULT_SERVING_PATH)


def current_serving() -> Serving | None:
    """The serving copy as it is now, or None when no run has published one yet."""
    path = serving_path()
    try:
        stat = path.stat()
    except OSError:
        return None
    return Serving(str(path.resolve()), stat.st_mtime_ns)


def _fetch(path: str, sql: str, params: tuple[tuple[str, object], ...]) -> pd.DataFrame:
    bound = {name: list(value) if isinstance(value, tuple) else value for name, value in params}
    connection = duckdb.connect(path, read_only=True, config={"enable_external_access": False})
    try:
        return connection.execute(sql, bound).to_arrow_table().to_pandas()
    finally:
        connection.close()


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False, max_entries=1024)
def _cached(path: str, mtime_ns: int, sql: str, params: tuple[tuple[str, object], ...]) -> pd.DataFrame:
    # mtime_ns is unused in the body on purpose: it is part of the cache key. Failures are not
    # cached, so the next rerun reads the file again.
    return _fetch(path, sql, params)


# Shared by every session (Streamlit runs them in threads), hence the lock.
_last_good: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
_last_good_lock = threading.Lock()


def forget_last_good() -> None:
    """Drop every fallback result (a test starts from an empty state)."""
    with _last_good_lock:
        _last_good.clear()


def query(serving: Serving, sql: str, **params: object) -> pd.DataFrame:
    """Run one read-only query with bound parameters; fall back to its last good result."""
    # Lists become tuples so the parameters can key the caches; _fetch turns them back.
    frozen = tuple(sorted((name, tuple(value) if isinstance(value, list) else value)
                          for name, value in params.items()))
    key = (sql, frozen)
    try:
        result = _cached(serving.path, serving.mtime_ns, sql, frozen)
    except (duckdb.Error, OSError) as error:
        with _last_good_lock:
            last_good = _last_good.get(key)
        if last_good is None:
            raise WarehouseUnavailable(str(error).splitlines()[0]) from error
        log.warning("serving warehouse unreadable (%s); showing the last good result", error)
        return last_good.copy()
    with _last_good_lock:
        _last_good[key] = result.copy()  # pages may add columns to what they get
        _last_good.move_to_end(key)
        while len(_last_good) > _LAST_GOOD_LIMIT:
            _last_good.popitem(last=False)
    return result


def tables(serving: Serving) -> frozenset[str]:
    """'schema.table' of the base tables of the serving copy: which sections can be shown yet.

    Views are left out: dbt's views name the catalog of the file they were built in, so they do
    not resolve in a copy under another name. The columns of a table are its mart's contract.
    """
    found = query(serving, "select table_schema || '.' || table_name as tbl from information_schema.tables "
                           "where table_type = 'BASE TABLE'")
    return frozenset(found["tbl"])


def require(serving: Serving, *needed: str) -> None:
    present = tables(serving)
    missing = [table for table in needed if table not in present]
    if missing:
        raise MissingTables(missing)


def has_table(serving: Serving, table: str) -> bool:
    return table in tables(serving)
