"""The dashboard tests' serving warehouse (built by the real pipeline: dashboard_warehouse.py), a
clean Streamlit state for every dashboard test, and the Chromium page of the browser tests."""

import gc
import shutil
from pathlib import Path

import pytest
import streamlit as st
from browser_helpers import CHROMIUM, CHROMIUM_ARGS
from dashboard_warehouse import build_by_pipeline
from streamlit import config

from dashboards import data


@pytest.fixture(scope="session")
def pipeline_run(tmp_path_factory) -> Path:
    """The run folder: warehouse.duckdb, warehouse.serving.duckdb, exports/."""
    return build_by_pipeline(tmp_path_factory.mktemp("dashboard_run"))


@pytest.fixture(scope="session")
def pipeline_serving_file(pipeline_run) -> Path:
    return pipeline_run / "warehouse.serving.duckdb"


@pytest.fixture
def serving_file(pipeline_serving_file, tmp_path, monkeypatch) -> Path:
    """A private copy per test, so a test may replace or break it."""
    path = tmp_path / "warehouse.serving.duckdb"
    shutil.copyfile(pipeline_serving_file, path)
    monkeypatch.setenv(data.SERVING_ENV, str(path))
    return path


@pytest.fixture(scope="module")
def browser_page():
    """A page in headless Chromium (Debian's, driven by Playwright), one per test module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        yield page
        browser.close()


@pytest.fixture(autouse=True)
def local_streamlit(monkeypatch):
    """No login configured: the app then requires a localhost address. Caches start empty."""
    config.set_option("server.address", "127.0.0.1")
    # objects left by earlier tests in this worker are finalised now, not while Streamlit parses a page:
    # a finaliser that logs a traceback re-enters ast.parse, which CPython 3.11 reports as a SystemError
    gc.collect()
    st.cache_data.clear()
    data.forget_last_good()
    yield
    config.set_option("server.address", None)
