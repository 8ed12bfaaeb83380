"""Overview: headline KPIs against the previous period, DSO and CEI over time, leakage by type."""

import plotly.express as px
import streamlit as st

from dashboards import components, data

# (kpi, label, lower is better)
TILES = (
    ("dso", "DSO", True), ("best_possible_dso", "Best-possible DSO", True), ("cei", "CEI", False),
    ("open_ar", "Open AR", True), ("leakage_at_risk", "Leakage at risk", True),
    ("auto_match_rate", "Auto-match rate", False), ("bad_debt_rate", "Bad-debt rate", True),
    ("invoice_accuracy_rate", "Invoice accuracy", False),
)

context = components.page_context()
serving, filters = context.serving, context.filters
components.page_header("Overview", f"{filters.period.label} · {filters.segment or 'all segments'} · KPIs in "
                       f"{context.reporting_currency} (the currency filter applies to the findings only)")

with components.needs_data():
    values = data.kpi_values(serving, filters).set_index("kpi")
    if values.empty:
        st.info("No KPIs for this period and segment.")
    else:
        previous = data.previous_period(serving, filters.period)
        for row_start in range(0, len(TILES), 4):
            for column, (kpi, label, lower_is_better) in zip(st.columns(4), TILES[row_start:row_start + 4]):
                row = values.loc[kpi] if kpi in values.index else None
                value, unit = (row["value"], row["unit"]) if row is not None else (None, None)
                column.metric(label, components.format_value(value, unit),
                              components.format_delta(value, row["previous_value"] if row is not None else None, unit),
                              delta_color="inverse" if lower_is_better else "normal", border=True)
        st.caption(f"Change against {previous.label}." if previous else
                   "No previous period of the same length in the warehouse: pick a calendar month to see changes.")
        st.caption("DSO and best-possible DSO divide open AR less the customer cash received and not yet "
                   "applied to an invoice (the AR a ledger carries: a payment waiting for review counts already); "
                   "open AR is per invoice.")

with components.needs_data():
    trend = data.kpi_trend(serving, filters, data.TREND_KPIS)
    if trend.empty:
        st.info("No monthly KPIs yet.")
    else:
        trend = components.for_chart(trend, "value")
        days_column, cei_column = st.columns(2)
        days_column.plotly_chart(
            px.line(trend[trend["kpi"] != "cei"], x="period_start", y="value", color="kpi", markers=True,
                    title="DSO and best-possible DSO by month", labels={"value": "days", "period_start": ""}),
            width="stretch")
        cei_column.plotly_chart(
            px.line(trend[trend["kpi"] == "cei"], x="period_start", y="value", markers=True,
                    title="Collection effectiveness index by month", labels={"value": "%", "period_start": ""}),
            width="stretch")

with components.needs_data():
    by_type = data.findings_by(serving, filters, "exception_type", (data.LEAKAGE,), statuses=("open",))
    if by_type.empty:
        st.info("No open leakage findings in these filters.")
    else:
        st.plotly_chart(px.bar(components.for_chart(by_type, "amount_at_risk_reporting"),
                               x="exception_type", y="amount_at_risk_reporting", text="findings",
                               title=f"Open leakage at risk by type ({context.reporting_currency})",
                               labels={"amount_at_risk_reporting": context.reporting_currency,
                                       "exception_type": ""}),
                        width="stretch")

with components.needs_data():
    components.table(data.kpi_values(serving, filters), "kpis", "Every KPI for the period")
