"""The warehouse resource: settings, the run lock and the building file for one run."""

import contextlib
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
from pydantic import PrivateAttr

from orchestration.settings import Settings, load_settings
from orchestration.warehouse import connect, record_failed_run, run_lock, start_building


class WarehouseResource(dg.ConfigurableResource):
    """Holds the run's settings. `billops` gives them all in the run config (`run_config_for`); under
    `dagster dev` and the schedule they come from BILLOPS_* variables and the defaults."""

    given: dict[str, str] = {}  # setting name -> value as text; what is not given is read as usual

    _settings: Settings | None = PrivateAttr(default=None)
    _building: Path | None = PrivateAttr(default=None)
    _lock: contextlib.ExitStack | None = PrivateAttr(default=None)
    _started_at: dt.datetime | None = PrivateAttr(default=None)
    _held_open: duckdb.DuckDBPyConnection | None = PrivateAttr(default=None)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        self._started_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        self._settings = load_settings(self.given)
        self._lock = contextlib.ExitStack()
        self._lock.enter_context(run_lock(self._settings))
        self._building = start_building(self._settings)
        self._hold_open()

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._lock is None:
            return
        try:
            self.release_building()
            # the last step promotes the building file: still there, the run failed or stopped early
            if self._building is not None and self._building.exists():
                record_failed_run(self.settings, context.run.run_id, self.started_at)
        finally:
            self._lock.close()

    @property
    def settings(self) -> Settings:
        assert self._settings is not None, "the warehouse resource is used outside a run"
        return self._settings

    @property
    def started_at(self) -> dt.datetime:
        assert self._started_at is not None, "the warehouse resource is used outside a run"
        return self._started_at

    @property
    def building(self) -> Path:
        assert self._building is not None, "the warehouse resource is used outside a run"
        return self._building

    @contextlib.contextmanager
    def connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        con = connect(self.building, self.settings)
        try:
            yield con
        finally:
            con.close()

    def _hold_open(self) -> None:
        """One connection kept open between the steps: while a process holds a DuckDB file open, a
        new connection to it with the same configuration joins that database instead of opening
        the file and attaching the raw store again, which each of a run's steps would do."""
        self._held_open = connect(self.building, self.settings)

    def release_building(self) -> None:
        """Close the building file in this process (promotion renames it)."""
        if self._held_open is not None:
            self._held_open.close()
            self._held_open = None

    @contextlib.contextmanager
    def building_released(self) -> Iterator[None]:
        """The building file closed in this process while dbt opens it: dbt-duckdb opens it with
        its own configuration, which DuckDB refuses for a file a process holds open, and a dbt
        subprocess could not lock it."""
        self.release_building()
        try:
            yield
        finally:
            self._hold_open()


def run_config_for(settings: Settings) -> dict[str, Any]:
    """The run config that hands these settings to the warehouse resource of a run."""
    return {"resources": {"warehouse": {"config": {"given": settings.as_text()}}}}
