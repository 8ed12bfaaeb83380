"""Cash application's controls: one suggestion with why the matcher proposed it (and its runner-up),
confirm or reject it, or apply the bank line to other invoices (one, or a split whose amounts add up
to the line). UI only: the writes go through dashboards/actions.py."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import pandas as pd
import streamlit as st

from dashboards import actions, components, data
from dashboards.workbench import recorded, show_recorded


def _pair(row) -> str:
    return f"{row.bank_txn_id}|{row.invoice_id}"


def _allocations(chosen: list[str], amounts: dict[str, str]) -> list[tuple[str, Decimal]]:
    allocations = []
    for invoice in chosen:
        try:
            allocations.append((invoice, Decimal(amounts[invoice].strip().replace(",", ""))))
        except InvalidOperation:
            raise actions.ActionRefused(f"the amount for {invoice} is not an amount") from None
    return allocations


def _report(action) -> None:
    """Run an action; show what was recorded or why not."""
    try:
        count = action()
    except actions.ActionRefused as refused:
        st.error(f"Not recorded: {refused}")
    else:
        recorded("review", f"{count} decision{'s' if count != 1 else ''} recorded: pending until the next run.")


def suggestion_actions(review: pd.DataFrame) -> None:
    """Pick a suggestion: its detail for everyone, the decisions for analysts and controllers."""
    context = components.page_context()
    show_recorded("review")
    if review.empty:
        return
    by_pair = {_pair(row): row for row in review.itertuples()}
    pick = st.selectbox("Suggestion", [None, *by_pair], key="review_pick",
                        format_func=lambda p: "Pick a suggestion…" if p is None else
                        f"{by_pair[p].bank_txn_id} → {by_pair[p].invoice_id} · {by_pair[p].allocated_amount} "
                        f"{by_pair[p].currency} · {by_pair[p].confidence:.2f}")
    if pick is None:
        return
    row = by_pair[pick]
    st.info(f"**Why the matcher proposed it** (rule {row.match_rule}, confidence {row.confidence:.2f}): {row.detail}")
    if not actions.can_act(context.user):
        st.caption(f"You read this queue as a {context.user.role}: deciding needs the analyst or controller role.")
        return
    note = st.text_input("Note (optional)", key="review_note")
    confirm, reject, _ = st.columns([1, 1, 4])
    if confirm.button("Confirm", key="review_confirm", type="primary"):
        _report(lambda: actions.decide_suggestion(context.user, "confirm_match", row.bank_txn_id, row.invoice_id,
                                                  note))
    if reject.button("Reject", key="review_reject"):
        _report(lambda: actions.decide_suggestion(context.user, "reject_match", row.bank_txn_id, row.invoice_id,
                                                  note))

    line = data.bank_line_amount(context.serving, row.bank_txn_id)
    line_amount = Decimal(str(line.iloc[0]["amount"])) if not line.empty else Decimal(str(row.allocated_amount))
    st.markdown(f"**Apply {row.bank_txn_id} ({line_amount} {row.currency}) to other invoices**: one invoice, or "
                "several whose amounts add up to the line.")
    search = st.text_input("Find invoices by number, customer or amount", key="review_search")
    found = data.invoice_search(context.serving, search, row.currency)
    labels = {r.invoice_id: f"{r.invoice_number or r.invoice_id} · {r.customer_name or r.customer_id} · "
                            f"{r.total} {r.currency} · due {r.due_date}" for r in found.itertuples()}
    chosen = st.multiselect("Invoices", list(labels), format_func=labels.get, key="review_invoices")
    amounts = {invoice: st.text_input(f"Amount for {labels[invoice]}", key=f"review_amount_{invoice}",
                                      value=str(line_amount) if len(chosen) == 1 else "")
               for invoice in chosen}
    if st.button("Apply", key="review_apply", disabled=not chosen):
        _report(lambda: actions.apply_line(context.user, row.bank_txn_id, line_amount,
                                           _allocations(chosen, amounts), rejected_invoice=row.invoice_id,
                                           note=note))
