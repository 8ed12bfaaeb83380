"""A fixture serving warehouse and a clean Streamlit state for every dashboard test."""

from pathlib import Path

import pytest
import streamlit as st
from dashboard_fixture_warehouse import build_fixture_warehouse
from streamlit import config

from dashboards import data


@pytest.fixture(scope="session")
def fixture_warehouse_file(tmp_path_factory) -> Path:
    return build_fixture_warehouse(tmp_path_factory.mktemp("serving") / "warehouse.serving.duckdb")


@pytest.fixture
def serving_file(fixture_warehouse_file, tmp_path, monkeypatch) -> Path:
    """A private copy per test, so a test may replace or break it."""
    path = tmp_path / "warehouse.serving.duckdb"
    path.write_bytes(fixture_warehouse_file.read_bytes())
    monkeypatch.setenv(data.SERVING_ENV, str(path))
    return path


@pytest.fixture(autouse=True)
def local_streamlit(monkeypatch):
    """No login configured: the app then requires a localhost address. Caches start empty."""
    config.set_option("server.address", "127.0.0.1")
    st.cache_data.clear()
    data._last_good.clear()
    yield
    config.set_option("server.address", None)
