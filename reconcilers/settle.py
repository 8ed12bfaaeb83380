"""Settling plans against what is open: most certain first, never more than an invoice's open
amount; then the output tables (money back to DECIMAL(18,3))."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pyarrow as pa

from reconcilers.credit_notes import CreditNotes
from reconcilers.non_customer import non_customer_detail
from reconcilers.plan_types import Invoices, Plan

MONEY = pa.decimal128(18, 3)


def quoted_and_sure(plan: Plan, threshold: float) -> bool:
    return plan.quoted and plan.confidence >= threshold


def settle_order(plan: Plan, threshold: float, value_day: int | None, k: int) -> tuple[bool, float, float, int]:
    """Auto-applicable quoted references first: a payment that names its invoice wins over one
    that matches it by amount and name; then most confident first; of equally sure payments, the
    earliest: an invoice is paid once, and a later payment quoting the same number is a reused
    payment order or a second payment (a Czech standing order keeps its old variable symbol)."""
    return not quoted_and_sure(plan, threshold), -plan.confidence, float("inf") if value_day is None else value_day, k


def settle(lines: list[tuple], non_customer: list[bool], plans: dict[int, Plan],
           unmatched: dict[int, tuple[str, int | None]], invoices: Invoices, threshold: float,
           notes: CreditNotes | None = None) -> tuple[pa.Table, pa.Table]:
    """Apply plans most confident first, so two lines never apply more than an invoice's open
    amount, nor use up more of a credit note than is left of it (a negative allocation, index
    notes.offset + n); a plan that no longer fits goes to review. unmatched: why a customer payment
    without a plan has none, and the invoice of another currency it is for
    (other_currency_invoice_id: not applied, but the customer's cash). Returns (matches,
    bank_line_balances)."""
    remaining = list(invoices.open_milli) + (notes.open_milli if notes else [])
    ids = invoices.ids + (notes.ids if notes else [])
    rows: list[tuple] = []
    balances: list[tuple] = []

    def order(k: int) -> tuple[bool, float, float, int]:
        plan = plans.get(k)
        return (True, 0.0, 0.0, k) if plan is None else settle_order(plan, threshold, lines[k][5], k)

    for i in sorted(range(len(lines)), key=order):
        txn_id, currency, amount = lines[i][:3]
        plan = plans.get(i)
        applied = 0
        if plan is None:
            rule = "non_customer" if non_customer[i] else "none"
            detail, quoted = (non_customer_detail(lines[i][4]), None) if non_customer[i] else unmatched[i]
            rows.append((txn_id, None, 0, currency, rule, 0.0, "unmatched", detail,
                         None if quoted is None else ids[quoted]))
            balances.append((txn_id, currency, amount, 0, amount, "unmatched", rule))
            continue
        fits = all(_within(milli, remaining[inv]) for inv, milli in plan.allocations)
        auto = fits and plan.confidence >= threshold
        status = "auto_applied" if auto else "needs_review"
        detail = plan.detail if fits else f"another payment was already applied to this invoice; {plan.detail}"
        suggestions = plan.allocations if auto else _within_the_payment(
            [(inv, milli if _within(milli, remaining[inv]) else remaining[inv]) for inv, milli in plan.allocations], amount)
        for (inv, milli), (_, suggested) in zip(plan.allocations, suggestions):
            if auto:
                remaining[inv] -= milli
                applied += milli
            rows.append((txn_id, ids[inv], suggested, currency, plan.rule,
                         round(plan.confidence if fits else min(plan.confidence, 0.5), 4), status, detail, None))
        balances.append((txn_id, currency, amount, applied, amount - applied, status, plan.rule))
    rows.sort(key=lambda r: (r[0], r[1] or ""))
    balances.sort(key=lambda r: r[0])
    return (_table(rows, ["bank_txn_id", "invoice_id", "allocated_amount", "currency", "match_rule", "confidence",
                          "status", "detail", "other_currency_invoice_id"], money={2}),
            _table(balances, ["bank_txn_id", "currency", "amount", "applied_amount", "unapplied_amount", "status",
                              "match_rule"], money={2, 3, 4}))


def _within(milli: int, left: int) -> bool:
    """An allocation no larger than what is left: of an invoice's open amount, or (negative) of
    a credit note's."""
    return milli <= left if milli >= 0 else left <= milli


def _within_the_payment(suggestions: list[tuple[int, int]], amount: int) -> list[tuple[int, int]]:
    """Suggestions never add up to more than the payment: when a credit note that a plan nets is
    used up by another payment, what is suggested of its invoices is cut to the payment."""
    room = amount - sum(milli for _, milli in suggestions if milli < 0)
    cut = []
    for inv, milli in suggestions:
        if milli > 0:
            milli = min(milli, room)
            room -= milli
        cut.append((inv, milli))
    return cut


def money_array(milli: tuple[int | None, ...] | list[int | None]) -> pa.Array:
    """Thousandths as DECIMAL(18,3). A decimal128's value is its unscaled 128-bit integer, so a
    column of thousandths is that array as it is (sign-extended, little-endian): no Decimal
    object per value."""
    if any(v is None for v in milli):
        return pa.array([None if v is None else Decimal(v).scaleb(-3) for v in milli], MONEY)
    low = np.asarray(milli, dtype=np.int64)
    words = np.column_stack((low, low >> 63))  # the high word: all ones for a negative value
    return pa.Array.from_buffers(MONEY, len(low), [None, pa.py_buffer(np.ascontiguousarray(words).tobytes())])


def _table(rows: list[tuple], names: list[str], money: set[int]) -> pa.Table:
    columns = list(zip(*rows)) if rows else [[] for _ in names]
    arrays = []
    for k, values in enumerate(columns):
        if k in money:
            arrays.append(money_array(values))
        elif names[k] == "confidence":
            arrays.append(pa.array(values, pa.float64()))
        else:
            arrays.append(pa.array(values, pa.string()))
    return pa.table(dict(zip(names, arrays)))
