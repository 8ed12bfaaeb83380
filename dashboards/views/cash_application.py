"""Cash application: auto-match rate over time, the review queue and the unapplied cash."""

import plotly.express as px
import streamlit as st

from dashboards import components, data

context = components.page_context()
serving, filters = context.serving, context.filters
components.page_header("Cash application", f"Bank lines with a value date in {filters.period.label} · "
                       f"{filters.segment or 'all segments'} · {filters.currency or 'all currencies'}")

with components.needs_data():
    trend = data.kpi_trend(serving, filters, ("auto_match_rate",))
    if trend.empty:
        st.info("No auto-match rate in the KPIs yet.")
    else:
        chart = components.for_chart(trend, "value")
        chart["value"] = chart["value"] * 100
        st.plotly_chart(px.line(chart, x="period_start", y="value", markers=True, range_y=[0, 100],
                                title="Bank lines fully auto-applied, by month",
                                labels={"value": "%", "period_start": ""}),
                        width="stretch")

with components.needs_data():
    summary = data.match_status_summary(serving, filters).set_index("status")
    for column, status in zip(st.columns(3), ("auto_applied", "needs_review", "unmatched")):
        lines = int(summary.loc[status, "bank_lines"]) if status in summary.index else 0
        column.metric(status.replace("_", " ").capitalize(), f"{lines:,} bank lines", border=True)
    components.table(data.matches(serving, filters, "needs_review"), "review_queue",
                     "Review queue: suggested matches below the auto-apply confidence")
    components.table(data.matches(serving, filters, "unmatched"), "unapplied_cash",
                     "Unapplied cash: bank lines the matcher could not apply")
