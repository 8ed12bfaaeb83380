"""Settling plans against what is open: most certain first, never more than an invoice's open
amount; then the output tables (money back to DECIMAL(18,3))."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pyarrow as pa

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
           unmatched: dict[int, tuple[str, int | None]], invoices: Invoices, threshold: float) -> tuple[pa.Table, pa.Table]:
    """Apply plans most confident first, so two lines never apply more than an invoice's open
    amount; a plan that no longer fits goes to review. unmatched: why a customer payment without
    a plan has none, and the invoice of another currency it is for (other_currency_invoice_id: not
    applied, but the customer's cash). Returns (matches, bank_line_balances)."""
    remaining = list(invoices.open_milli)
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
                         None if quoted is None else invoices.ids[quoted]))
            balances.append((txn_id, currency, amount, 0, amount, "unmatched", rule))
            continue
        fits = all(milli <= remaining[inv] for inv, milli in plan.allocations)
        auto = fits and plan.confidence >= threshold
        status = "auto_applied" if auto else "needs_review"
        detail = plan.detail if fits else f"another payment was already applied to this invoice; {plan.detail}"
        for inv, milli in plan.allocations:
            suggested = milli if auto else min(milli, remaining[inv])
            if auto:
                remaining[inv] -= milli
                applied += milli
            rows.append((txn_id, invoices.ids[inv], suggested, currency, plan.rule,
                         round(plan.confidence if fits else min(plan.confidence, 0.5), 4), status, detail, None))
        balances.append((txn_id, currency, amount, applied, amount - applied, status, plan.rule))
    rows.sort(key=lambda r: (r[0], r[1] or ""))
    balances.sort(key=lambda r: r[0])
    return (_table(rows, ["bank_txn_id", "invoice_id", "allocated_amount", "currency", "match_rule", "confidence",
                          "status", "detail", "other_currency_invoice_id"], money={2}),
            _table(balances, ["bank_txn_id", "currency", "amount", "applied_amount", "unapplied_amount", "status",
                              "match_rule"], money={2, 3, 4}))


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
