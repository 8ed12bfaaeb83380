"""Cash application: auto-match rate over time, the review queue (each suggestion with why the
matcher proposed it; confirm, reject, apply elsewhere or split), the unapplied cash, what the
matcher learned (with how to unlearn it), and the processor payouts traced to invoices."""

import plotly.express as px
import streamlit as st

from dashboards import actions, components, data, match_workbench, workbench

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
    for column, status in zip(st.columns(5), ("auto_applied", "confirmed", "needs_review", "unmatched", "payout_traced")):
        lines = int(summary.loc[status, "bank_lines"]) if status in summary.index else 0
        column.metric(status.replace("_", " ").capitalize(), f"{lines:,} bank lines", border=True)
    review = data.matches(serving, filters, "needs_review")
    components.table(workbench.with_pending(review, review["bank_txn_id"] + "|" + review["invoice_id"],
                                            actions.pending_by_finding(serving)), "review_queue",
                     "Review queue: suggested matches below the auto-apply confidence; `detail` says why the "
                     "matcher proposed each one and what came second. Pick one below to decide.")
    match_workbench.suggestion_actions(review)
    components.table(data.matches(serving, filters, "unmatched"), "unapplied_cash",
                     "Unapplied cash: bank lines the matcher could not apply")

st.subheader("What the matcher learned")
with components.needs_data():
    counts = data.payer_habit_counts(serving).set_index("habit")
    for column, habit in zip(st.columns(len(data.PAYER_HABITS)), data.PAYER_HABITS):
        in_use = int(counts.loc[habit, "in_use"]) if habit in counts.index else 0
        unlearned = int(counts.loc[habit, "unlearned"]) if habit in counts.index else 0
        column.metric(habit.replace("_", " ").capitalize(), f"{in_use:,} in use",
                      f"{unlearned:,} unlearned" if unlearned else None, delta_color="off", border=True)
    choice, unlearned_too = st.columns([2, 1])
    habit = choice.selectbox("Habit", ["all", *data.PAYER_HABITS], key="learned_habit")
    include_unlearned = unlearned_too.checkbox("Show unlearned", value=True, key="learned_include_unlearned")
    learned = data.payer_habits(serving, None if habit == "all" else habit, include_unlearned)
    learned["unlearn"] = [None if row.is_unlearned
                          else components.unlearn_command(row.customer_id, row.habit, row.value)
                          for row in learned.itertuples()]
    components.table(learned, "payer_habits",
                     "Learned from confirmed matches (and earlier runs' auto-applications nobody rejected): payer "
                     "names, reference tokens, short-pay amounts, payment lag. Run the `unlearn` command to stop "
                     "the matcher using one; the next run applies it.")

st.subheader("Processor payouts")
with components.needs_data():
    components.table(data.matches(serving, filters, "payout_traced"), "payout_traced",
                     "Bank lines that received a processor payout, broken down into what its charges, refunds and "
                     "disputes were for, per invoice net of fees, and the rest (fees, charges for no invoice). That "
                     "cash was applied to the invoices when the processor charged them: these rows explain the "
                     "bank line and apply nothing again.")
