"""UI pieces every page shares: the page context, tables with downloads, KPI formatting."""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial

import pandas as pd
import streamlit as st

from dashboards import auth, data, exports

CONTEXT_KEY = "billops_context"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class PageContext:
    serving: data.Serving
    filters: data.Filters
    as_of: date
    reporting_currency: str
    last_successful_run: data.RunInfo | None
    latest_run_failed: bool
    user: auth.User
    close: data.CloseInfo | None = None  # the close the pages read, or None for the latest run


def page_context() -> PageContext:
    """Set by app.py on every run before the page runs."""
    return st.session_state[CONTEXT_KEY]


def page_header(title: str, scope: str) -> None:
    """Title, the as-of date and the last successful run (every page), the close read if one is
    chosen, and what the page shows."""
    context = page_context()
    st.title(title)
    run, close = context.last_successful_run, context.close
    if run is None:
        st.caption("No successful run recorded yet in history.runs.")
    else:
        st.caption(f"As of **{run.as_of.isoformat()}** · {'closed' if close else 'last successful'} run "
                   f"{run.finished_at:%Y-%m-%d %H:%M} UTC ({run.run_id})")
    if close is not None:
        replaced = f"; it replaced the close of {close.replaces_closed_at:%Y-%m-%d %H:%M} UTC" \
            if close.replaces_closed_at else ""
        st.info(f"Close {close.period}, frozen {close.closed_at:%Y-%m-%d %H:%M} UTC"
                f"{' by ' + close.closed_by if close.closed_by else ''}{replaced}: later runs and decisions "
                "do not change what it shows.")
    elif context.latest_run_failed:
        st.warning("The latest run failed: these are the results of the last successful run.")
    st.caption(scope)


@contextmanager
def needs_data() -> Iterator[None]:
    """Shows what to run instead of a traceback when a section's tables are not there yet."""
    try:
        yield
    except data.MissingTables as missing:
        st.info(f"Not in the warehouse yet: {', '.join(missing.tables)}. Run `billops run --landing DIR` "
                "(or `make demo`) to build it; this section fills in after the next successful run.")
    except data.WarehouseUnavailable as error:
        st.warning(f"The warehouse could not be read just now ({error}). It is probably being "
                   "published: reload in a moment.")


def _column_formats(frame: pd.DataFrame) -> dict:
    """Amounts with thousands separators and two decimals (the downloads keep every digit)."""
    return {column: st.column_config.NumberColumn(format="accounting") for column in frame.columns
            if "amount" in column or column.startswith("total")}


def table(frame: pd.DataFrame, name: str, caption: str | None = None) -> None:
    """A table with CSV and XLSX downloads (formula-safe); `name` is the file name and widget key."""
    if caption:
        st.caption(caption)
    st.dataframe(frame, hide_index=True, width="stretch", column_config=_column_formats(frame))
    csv_column, xlsx_column, _ = st.columns([1, 1, 6])
    # The files are made on click (in a thread), not on every rerun: a large queue stays fast.
    csv_column.download_button("CSV", partial(exports.to_csv_bytes, frame), f"{name}.csv", "text/csv",
                               key=f"csv_{name}", icon=":material/download:", on_click="ignore")
    xlsx_column.download_button("XLSX", partial(exports.to_xlsx_bytes, frame, name), f"{name}.xlsx", XLSX_MIME,
                                key=f"xlsx_{name}", icon=":material/download:", on_click="ignore")


def for_chart(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """Plotly draws binary floats: convert the Decimal amounts at the chart boundary only."""
    chart = frame.copy()
    for column in columns:
        chart[column] = chart[column].astype(float)
    return chart


def format_value(value: Decimal | float | None, unit: str | None) -> str:
    if value is None or pd.isna(value):
        return "—"
    number = Decimal(str(value))
    if unit == "ratio":
        return f"{number * 100:.1f}%"
    if unit == "percent":
        return f"{number:.1f}%"
    if unit == "days":
        return f"{number:.1f} days"
    if unit == "count":
        return f"{number:,.0f}"
    return f"{number:,.0f} {unit or ''}".strip()


def format_delta(value: Decimal | float | None, previous: Decimal | float | None, unit: str | None) -> str | None:
    if value is None or previous is None or pd.isna(value) or pd.isna(previous):
        return None
    change = Decimal(str(value)) - Decimal(str(previous))
    if unit == "ratio":
        return f"{change * 100:+.1f} pts"
    if unit == "percent":
        return f"{change:+.1f} pts"
    if unit == "days":
        return f"{change:+.1f} days"
    return f"{change:+,.0f}"



def unlearn_command(customer_id: str, habit: str, value: str) -> str:
    """The command that stops the matcher using one learned value, quoted for a POSIX shell."""
    return "billops match unlearn " + " ".join(
        shlex.quote(part) for part in ("--customer", customer_id, "--habit", habit, "--value", value))
