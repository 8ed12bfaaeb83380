"""Leakage: amount at risk by type and by customer, drill-down to the findings and their details."""

import plotly.express as px
import streamlit as st

from dashboards import components, data, workbench

context = components.page_context()
serving, filters = context.serving, context.filters
currency = context.reporting_currency
components.page_header("Revenue leakage", f"Findings whose period overlaps {filters.period.label} (findings without "
                       f"a period always show) · {filters.segment or 'all segments'} · "
                       f"{filters.currency or 'all currencies'}")

statuses = tuple(st.multiselect("Status", data.FINDING_STATUSES, default=["open", "acknowledged"],
                                key="leakage_statuses"))

with components.needs_data():
    by_type = data.findings_by(serving, filters, "exception_type", (data.LEAKAGE,), statuses)
    by_customer = data.findings_by(serving, filters, "customer", (data.LEAKAGE,), statuses)
    by_customer["customer"] = (by_customer["customer_name"].fillna(by_customer["customer_id"])
                               .fillna("(no customer)"))
    count_column, amount_column = st.columns(2)
    count_column.metric("Findings", f"{by_type['findings'].sum():,}", border=True)
    amount_column.metric(f"Amount at risk ({currency})",
                         components.format_value(by_type["amount_at_risk_reporting"].sum(), currency), border=True)
    if by_type.empty:
        st.info("No leakage findings in these filters.")
    else:
        type_column, customer_column = st.columns(2)
        type_column.plotly_chart(
            px.bar(components.for_chart(by_type, "amount_at_risk_reporting"), x="amount_at_risk_reporting",
                   y="exception_type", orientation="h", text="findings", title="By type",
                   labels={"amount_at_risk_reporting": currency, "exception_type": ""}),
            width="stretch")
        customer_column.plotly_chart(
            px.bar(components.for_chart(by_customer.head(15), "amount_at_risk_reporting"),
                   x="amount_at_risk_reporting", y="customer", orientation="h", text="findings",
                   title="By customer (top 15)", labels={"amount_at_risk_reporting": currency, "customer": ""}),
            width="stretch")

        st.subheader("Findings")
        type_pick, customer_pick = st.columns(2)
        exception_type = type_pick.selectbox("Type", [None, *by_type["exception_type"]], key="leakage_type",
                                             format_func=lambda value: "All types" if value is None else value)
        customer_labels = {customer_id: label for customer_id, label
                           in zip(by_customer["customer_id"], by_customer["customer"]) if customer_id is not None}
        customer_id = customer_pick.selectbox("Customer", [None, *customer_labels], key="leakage_customer",
                                              format_func=lambda value: "All customers" if value is None
                                              else customer_labels[value])
        found = data.findings(serving, filters, (data.LEAKAGE,), statuses, exception_type, customer_id)
        workbench.queue_table(found, "leakage_findings")
        workbench.finding_actions(found, "leakage")

        exception_id = st.selectbox("Finding details", [None, *found["exception_id"]], key="leakage_finding",
                                    format_func=lambda value: "Pick a finding…" if value is None else value)
        if exception_id is not None:
            detail = data.finding_detail(serving, exception_id).iloc[0]
            st.info(detail["details"])
            fields = detail.drop("details").dropna().astype(str)
            components.table(fields.rename_axis("field").rename("value").reset_index(), "leakage_finding_detail")
