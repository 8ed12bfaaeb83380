"""Billing operations dashboard: `streamlit run dashboards/app.py` (or `billops dashboard`).

Reads only the serving copy named by BILLOPS_SERVING_DB, or a close beside it (the sidebar's
"As of"). This script runs on every rerun of every page: login gate, the As of choice and the
shared sidebar filters, then the selected page, which starts with components.page_header (title,
as-of date, last successful run, the close read).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

# `streamlit run dashboards/app.py` puts dashboards/ on sys.path, not the repository root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st

from dashboards import auth, components, data

# Not "pages/": Streamlit would treat that folder as a legacy multipage app next to st.navigation.
VIEWS_DIR = Path(__file__).parent / "views"
# (file, title, icon, roles that see it): controllers own the financial KPIs, analysts work queues,
# viewers read them; the local user (no login, localhost) sees every page. What a role may *do* is
# checked by dashboards/actions.py, on every action.
QUEUES = ("viewer", "analyst", "controller")
PAGES = (
    ("overview.py", "Overview", ":material/dashboard:", ("controller",)),
    ("leakage.py", "Leakage", ":material/money_off:", QUEUES),
    ("collections.py", "Collections", ":material/call:", QUEUES),
    ("cash_application.py", "Cash application", ":material/account_balance:", QUEUES),
    ("data_sync.py", "Data sync", ":material/sync_problem:", QUEUES),
    ("data_quality.py", "Data quality", ":material/rule:", QUEUES),
    ("activity.py", "Activity", ":material/history:", QUEUES),
)


def as_of_choice(latest: data.Serving) -> data.CloseInfo | None:
    """The sidebar's "As of": the latest run or a close; every page then reads the chosen file."""
    choices = {close.period: close for close in data.closes(latest)}
    if st.session_state.get("as_of_choice") not in (None, *choices):
        st.session_state["as_of_choice"] = None  # that close is gone
    with st.sidebar:
        chosen = st.selectbox("As of", [None, *choices], key="as_of_choice",
                              format_func=lambda period: "latest run" if period is None else f"close {period}")
    return choices.get(chosen) if chosen else None


def sidebar_filters(serving: data.Serving, as_of: date) -> data.Filters:
    """Period, segment and currency; widget keys keep the choice when the user changes page."""
    choices = data.periods(serving, as_of)
    by_key = {period.key: period for period in choices}
    default = data.default_period(choices, as_of)
    if st.session_state.get("filter_period") not in by_key:
        st.session_state["filter_period"] = default.key
    with st.sidebar:
        st.header("Filters")
        period_key = st.selectbox("Period", list(by_key), key="filter_period",
                                  format_func=lambda key: by_key[key].label)
        segment = st.selectbox("Segment", [None, *data.segments(serving)], key="filter_segment",
                               format_func=lambda value: "All segments" if value is None else value)
        currency = st.selectbox("Currency", [None, *data.currencies(serving)], key="filter_currency",
                                format_func=lambda value: "All currencies" if value is None else value)
    return data.Filters(by_key[period_key], segment, currency)


def last_run(serving: data.Serving) -> tuple[data.RunInfo | None, bool]:
    """The last successful run and whether a later run failed (None, False without a run history)."""
    try:
        return data.last_successful_run(serving), data.latest_run_failed(serving)
    except data.MissingTables:
        return None, False


def main() -> None:
    st.set_page_config(page_title="Billing operations", page_icon=":material/receipt_long:", layout="wide")
    user = auth.require_login()
    serving = data.current_serving()
    if serving is None:
        st.navigation([st.Page(str(VIEWS_DIR / "get_started.py"), title="Get started",
                               icon=":material/rocket_launch:")]).run()
        return
    pages = [st.Page(str(VIEWS_DIR / file), title=title, icon=icon)
             for file, title, icon, roles in PAGES if user.role in roles or user.local]
    try:
        close = as_of_choice(serving)
        serving = close.serving if close else serving
        run, failed = last_run(serving)
        as_of = run.as_of if run else date.today()
        filters = sidebar_filters(serving, as_of)
        currency = data.reporting_currency(serving)
    except data.WarehouseUnavailable as error:
        st.warning(f"The warehouse could not be read just now ({error}). Reload in a moment.")
        return
    st.session_state[components.CONTEXT_KEY] = components.PageContext(
        serving, filters, as_of, currency, run, failed, user, close)
    st.navigation(pages).run()


main()
