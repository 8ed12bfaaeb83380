"""Activity: the audit trail of every decision (who, when, what, before → after, note), applied or
pending until the next run; write-offs waiting for a controller; a worked sheet brought back."""

import pandas as pd
import streamlit as st

from contract.decision_sheet import SheetError
from dashboards import actions, components

context = components.page_context()
user = context.user
components.page_header("Activity", f"Every decision recorded in {actions.decisions_path().name}, newest first "
                       "(the period, segment and currency filters do not apply)")

trail = actions.activity(context.serving)
if trail.empty:
    st.info("No decisions yet: they appear here as soon as someone acts on a queue.")
else:
    who_pick, what_pick, state_pick = st.columns(3)
    who = who_pick.multiselect("Who", sorted(trail["analyst"].unique()), key="activity_who")
    what = what_pick.multiselect("Decision", sorted(trail["decision"].unique()), key="activity_what")
    state = state_pick.multiselect("State", sorted(trail["state"].unique()), key="activity_state")
    text = st.text_input("Id or note contains", key="activity_text")
    shown = trail
    for column, picked in (("analyst", who), ("decision", what), ("state", state)):
        if picked:
            shown = shown[shown[column].isin(picked)]
    if text.strip():
        haystack = shown[["exception_id", "bank_txn_id", "invoice_id", "customer_id", "note"]].agg(" ".join, axis=1)
        shown = shown[haystack.str.contains(text.strip(), case=False, regex=False)]
    pending = int((trail["state"] != "applied").sum())
    st.metric("Pending until the next run", f"{pending:,} of {len(trail):,} decisions", border=True)
    components.table(shown.reset_index(drop=True), "activity")

st.subheader("Write-offs waiting for approval")
above = actions.approval_above()
waiting = actions.write_offs_waiting(context.serving)
if waiting.empty:
    st.caption(f"None. A write-off above {above:,} (reporting currency) applies once a controller other than its "
               "author approves it; below it the next run applies it.")
else:
    components.table(waiting, "write_offs_waiting",
                     f"Write-offs above {above:,} in the reporting currency apply only once a controller other "
                     "than their author approves them.")
    if user.role == "controller":
        approvable = [i for i, author in zip(waiting["exception_id"], waiting["written_off_by"]) if author != user.name]
        choice = st.selectbox("Approve the write-off of", [None, *approvable], key="approve_pick",
                              format_func=lambda value: "Pick a finding…" if value is None else value)
        if st.button("Approve", key="approve_write_off", disabled=choice is None):
            try:
                actions.approve_write_off(user, choice)
            except actions.ActionRefused as refused:
                st.error(f"Not recorded: {refused}")
            else:
                st.success(f"Write-off of {choice} approved: the next run resolves it.")

st.subheader("Bring back a worked queue")
if not actions.can_act(user):
    st.caption(f"You read as a {user.role}: bringing back decisions needs the analyst or controller role.")
else:
    st.caption("Upload exceptions.xlsx (or a queue download, XLSX or CSV) with `decision`, `owner` and `note` "
               "filled in. Every row is checked; all are recorded or none, unless you skip the invalid ones.")
    worked = st.file_uploader("Worked sheet", type=["xlsx", "csv"], key="worked_sheet")
    skip_invalid = st.checkbox("Record the valid rows and list the others", key="worked_skip_invalid")
    if worked is not None and st.button("Record the worked rows", key="worked_record", type="primary"):
        try:
            checked, recorded = actions.upload(user, context.serving, worked.name, worked.getvalue(), skip_invalid)
        except (SheetError, actions.ActionRefused) as error:
            st.error(f"Not recorded: {error}")
        else:
            if recorded:
                count = len(checked.decisions)
                st.success(f"{count} decision{'s' if count != 1 else ''} recorded: pending until the next run.")
            if checked.rejected:
                st.error(f"{len(checked.rejected)} of {checked.worked_rows} rows rejected"
                         + ("" if recorded else "; nothing was recorded"))
                st.dataframe(pd.DataFrame([(r.row, r.reason) for r in checked.rejected], columns=["row", "reason"]),
                             hide_index=True)
            elif not checked.worked_rows:
                st.info("No row has a decision filled in.")
