"""The analyst's controls every queue page shares: the queue table with its pending decisions and the
`decision` column of a worked sheet, and the form that acts on the selected or all filtered findings.

UI only: every write goes through dashboards/actions.py, which checks the role again. A viewer sees
the tables and no control.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import pandas as pd
import streamlit as st

from contract.findings_queue import WORKED_COLUMN
from dashboards import actions, components

PENDING_COLUMN = "pending_until_next_run"
ACTION_LABELS = {
    "assign": "Assign to an owner", "acknowledge": "Acknowledge (with a reason)", "reopen": "Reopen",
    "fixed_in_source": "Resolve: fixed in the source", "write_off": "Resolve: write off", "note": "Add a note",
}


def with_pending(frame: pd.DataFrame, keys: pd.Series, pending: dict[str, str]) -> pd.DataFrame:
    """The frame with what was decided since the last run (applied by the next one) beside each row."""
    shown = frame.copy()
    shown.insert(min(4, len(shown.columns)), PENDING_COLUMN, keys.map(pending).astype(object))
    return shown


def queue_table(found: pd.DataFrame, name: str, caption: str | None = None) -> None:
    """A findings table with its pending decisions and an empty `decision` column to fill in a download."""
    context = components.page_context()
    shown = with_pending(found, found["exception_id"], actions.pending_by_finding(context.serving))
    shown[WORKED_COLUMN] = ""
    components.table(shown, name, caption)


def recorded(key: str, message: str) -> None:
    """Rerun so the tables above show the new pending decisions; the message shows once, at `key`."""
    st.session_state[f"recorded_{key}"] = message
    st.rerun()


def show_recorded(key: str) -> None:
    message = st.session_state.pop(f"recorded_{key}", None)
    if message:
        st.success(message)


def viewer_note() -> None:
    st.caption(f"You read these queues as a {components.page_context().user.role}: acting on them needs the "
               "analyst or controller role.")


def _amount(text: str) -> Decimal | None:
    if not text.strip():
        return None
    try:
        return Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        raise actions.ActionRefused(f"{text!r} is not an amount") from None


def finding_actions(found: pd.DataFrame, key: str) -> None:
    """Assign, acknowledge, reopen, resolve or note the chosen findings, or all those in the filters."""
    context = components.page_context()
    if not actions.can_act(context.user):
        viewer_note()
        return
    show_recorded(key)
    if found.empty:
        return
    labels = {row.exception_id: f"{row.exception_type} · {row.exception_id[:8]} · {row.details[:70]}"
              for row in found.itertuples()}
    with st.form(f"act_{key}", clear_on_submit=False):
        st.markdown("**Act on findings**: the decision is recorded now and applied by the next run.")
        chosen = st.multiselect("Findings", list(labels), format_func=labels.get, key=f"act_{key}_chosen")
        every = st.checkbox(f"All {len(found):,} findings in these filters", key=f"act_{key}_all")
        action = st.selectbox("Action", list(ACTION_LABELS), format_func=ACTION_LABELS.get, key=f"act_{key}_action")
        owner_column, amount_column = st.columns(2)
        owner = owner_column.text_input("Owner (to assign)", key=f"act_{key}_owner")
        amount = amount_column.text_input("Write-off amount (default: the amount at risk)", key=f"act_{key}_amount")
        note = st.text_input("Reason or note (acknowledging needs a reason)", key=f"act_{key}_note")
        submitted = st.form_submit_button("Record", type="primary")
    if submitted:
        selected = found if every else found[found["exception_id"].isin(chosen)]
        try:
            count = actions.act_on_findings(context.user, action, actions.targets(selected), owner=owner, note=note,
                                            amount=_amount(amount))
        except actions.ActionRefused as refused:
            st.error(f"Not recorded: {refused}")
        else:
            recorded(key, f"{count} decision{'s' if count != 1 else ''} recorded ({ACTION_LABELS[action].lower()}): "
                          "pending until the next run.")
