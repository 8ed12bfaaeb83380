"""Collections: AR aging at a chosen date, the dunning worklist by stage and owner, and the collections
findings to act on (assign, acknowledge, resolve, note)."""

import plotly.express as px
import streamlit as st

from dashboards import components, data, workbench

context = components.page_context()
serving, filters = context.serving, context.filters
currency = context.reporting_currency
components.page_header("Collections", f"{filters.segment or 'all segments'} · "
                       f"{filters.currency or 'all currencies'} · amounts in {currency}")

with components.needs_data():
    # The aging is measured where the KPIs are (as_of and the period boundaries): the period's end
    # by default, so the chart adds up to the period's ar_aging_* KPIs.
    dates = [d for d in data.aging_dates(serving) if d <= context.as_of]
    default_date = min(filters.period.end, context.as_of)
    aging_date = st.selectbox("AR aging at", dates, key=f"aging_at_{filters.period.key}",
                              index=dates.index(default_date) if default_date in dates else 0)
    aging = data.aging(serving, filters, aging_date)
    total = aging["open_amount_reporting"].sum()
    past_due = aging.loc[aging["past_due"], "open_amount_reporting"].sum()
    open_column, past_due_column = st.columns(2)
    open_column.metric(f"Open AR at {aging_date}", components.format_value(total, currency), border=True)
    past_due_column.metric("Past due", components.format_value(past_due, currency), border=True)
    st.plotly_chart(px.bar(components.for_chart(aging, "open_amount_reporting"), x="bucket",
                           y="open_amount_reporting", text="invoices", title=f"AR aging at {aging_date}",
                           labels={"open_amount_reporting": currency, "bucket": "days past due"}),
                    width="stretch")
    components.table(aging, "ar_aging")

st.subheader("Worklist")
with components.needs_data():
    by_stage_owner = data.worklist_by_stage_owner(serving, filters)
    if by_stage_owner.empty:
        st.info("Nothing past due in these filters.")
    else:
        st.plotly_chart(px.bar(components.for_chart(by_stage_owner, "open_amount_reporting"), x="owner_email",
                               y="open_amount_reporting", color="stage", text="invoices",
                               category_orders={"stage": list(data.DUNNING_STAGES)},
                               title="Open past-due amount by owner and dunning stage",
                               labels={"open_amount_reporting": currency, "owner_email": ""}),
                        width="stretch")
        stage_pick, owner_pick = st.columns(2)
        stages = stage_pick.multiselect("Stage", data.DUNNING_STAGES, key="worklist_stages")
        owners = owner_pick.multiselect("Owner", sorted(by_stage_owner["owner_email"].unique()), key="worklist_owners")
        components.table(data.worklist(serving, filters, tuple(stages), tuple(owners)), "collections_worklist",
                         f"Open invoices past due at {context.as_of}, most overdue first")

st.subheader("Collections findings")
with components.needs_data():
    found = data.findings(serving, filters, ("collections",))
    if found.empty:
        st.info("No open collections findings in these filters.")
    else:
        workbench.queue_table(found, "collections_findings", "Past-due invoices in the queue: assign an owner, "
                              "acknowledge a payment plan, resolve or note them")
        workbench.finding_actions(found, "collections")
