"""Data quality: the rows that broke the contract, by file and reason."""

import plotly.express as px
import streamlit as st

from dashboards import components, data

context = components.page_context()
components.page_header("Data quality", "Quarantined rows of the latest run (the period, segment and currency "
                       "filters do not apply: a quarantined row could not be read far enough to know them)")

with components.needs_data():
    by_file = data.quarantine_by_file_reason(context.serving)
    if by_file.empty:
        st.success("No quarantined rows: every extract row met the contract.")
    else:
        st.metric("Quarantined rows", f"{by_file['rows'].sum():,}", border=True)
        st.plotly_chart(px.bar(by_file, x="rows", y="source_file", color="reason", orientation="h",
                               title="Quarantined rows by file and reason", labels={"source_file": ""}),
                        width="stretch")
        components.table(by_file, "quarantine_summary")
        file_pick, reason_pick = st.columns(2)
        source_file = file_pick.selectbox("File", [None, *by_file["source_file"].unique()], key="quarantine_file",
                                          format_func=lambda value: "All files" if value is None else value)
        reason = reason_pick.selectbox("Reason", [None, *by_file["reason"].unique()], key="quarantine_reason",
                                       format_func=lambda value: "All reasons" if value is None else value)
        components.table(data.quarantine_rows(context.serving, source_file, reason), "quarantined_rows",
                         "The rows as they arrived, with the file's own line number (header = line 1)")
