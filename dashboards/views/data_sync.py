"""Data sync: where CRM, billing and the ERP disagree."""

import plotly.express as px
import streamlit as st

from dashboards import components, data, workbench

context = components.page_context()
serving, filters = context.serving, context.filters
components.page_header("Data sync", f"Open and acknowledged mismatches · period {filters.period.label} (mismatches "
                       f"without a period always show) · {filters.segment or 'all segments'} · "
                       f"{filters.currency or 'all currencies'}")

with components.needs_data():
    by_type = data.findings_by(serving, filters, "exception_type", (data.SYNC,))
    if by_type.empty:
        st.success("CRM, billing and the ERP agree in these filters.")
    else:
        by_type["systems"] = by_type["exception_type"].map(data.SYNC_SYSTEMS).fillna("other")
        columns = st.columns(len(by_type["systems"].unique()))
        for column, (systems, group) in zip(columns, by_type.groupby("systems")):
            column.metric(f"{systems} mismatches", f"{group['findings'].sum():,}", border=True)
        st.plotly_chart(px.bar(by_type, x="exception_type", y="findings", color="systems",
                               title="Mismatches by type", labels={"exception_type": "", "findings": "findings"}),
                        width="stretch")
        mismatch_type = st.selectbox("Type", [None, *by_type["exception_type"]], key="sync_type",
                                     format_func=lambda value: "All types" if value is None else value)
        found = data.findings(serving, filters, (data.SYNC,), exception_type=mismatch_type)
        workbench.queue_table(found, "sync_mismatches")
        workbench.finding_actions(found, "sync")
