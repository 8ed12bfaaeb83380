"""Billing operations dashboard: `streamlit run dashboards/app.py` (or `billops dashboard`).

Reads only the serving copy named by BILLOPS_SERVING_DB. This script runs on every rerun of
every page: login gate, shared sidebar filters, the as-of line, then the selected page.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

# `streamlit run dashboards/app.py` puts dashboards/ on sys.path, not the repository root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st  # noqa: E402

from dashboards import auth, components, data  # noqa: E402

PAGES_DIR = Path(__file__).parent / "pages"
# (file, title, icon, roles that see it): controllers own the financial KPIs, analysts work queues.
PAGES = (
    ("overview.py", "Overview", ":material/dashboard:", ("controller",)),
    ("leakage.py", "Leakage", ":material/money_off:", ("analyst", "controller")),
    ("collections.py", "Collections", ":material/call:", ("analyst", "controller")),
    ("cash_application.py", "Cash application", ":material/account_balance:", ("analyst", "controller")),
    ("data_sync.py", "Data sync", ":material/sync_problem:", ("analyst", "controller")),
    ("data_quality.py", "Data quality", ":material/rule:", ("analyst", "controller")),
)


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


def run_banner(serving: data.Serving) -> date:
    """The as-of date and last successful run at the top of every page; returns as_of."""
    try:
        run = data.last_successful_run(serving)
        failed = data.latest_run_failed(serving)
    except data.MissingTables:
        run, failed = None, False
    if run is None:
        st.caption("No successful run recorded yet in history.runs.")
        return date.today()
    st.caption(f"As of **{run.as_of.isoformat()}** · last successful run "
               f"{run.finished_at:%Y-%m-%d %H:%M} UTC ({run.run_id})")
    if failed:
        st.warning("The latest run failed: these are the results of the last successful run.")
    return run.as_of


def main() -> None:
    st.set_page_config(page_title="Billing operations", page_icon=":material/receipt_long:", layout="wide")
    role = auth.require_login()
    serving = data.current_serving()
    if serving is None:
        st.navigation([st.Page(str(PAGES_DIR / "get_started.py"), title="Get started",
                               icon=":material/rocket_launch:")]).run()
        return
    pages = [st.Page(str(PAGES_DIR / file), title=title, icon=icon)
             for file, title, icon, roles in PAGES if role in roles]
    page = st.navigation(pages)
    try:
        as_of = run_banner(serving)
        filters = sidebar_filters(serving, as_of)
        currency = data.reporting_currency(serving)
    except data.WarehouseUnavailable as error:
        st.warning(f"The warehouse could not be read just now ({error}). Reload in a moment.")
        return
    st.session_state[components.CONTEXT_KEY] = components.PageContext(serving, filters, as_of, currency)
    page.run()


main()
