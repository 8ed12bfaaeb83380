"""Habits learned from confirmed matches (the learning mart), used as evidence by the matcher.

habits_sql returns (customer_id, habit, value, currency, support):
- reference_token: a normalised token the customer's payments repeatedly carry that is not an
  invoice number (their AP vendor id, a payment agent's reference): recognises the customer.
- short_pay: the amount (decimal text) the customer usually pays short, in `currency`: a short by
  exactly that amount is explained even beyond the generic fee tolerance.
- lag_days: the customer's usual value_date - due_date (integer text): among open invoices of one
  amount, the one whose due date + lag is nearest the value date is preferred.
Other habit kinds are ignored; a value that does not parse is skipped; a habit seen fewer than
MIN_SUPPORT times is not used.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import duckdb

from reconcilers.numbers import number_key

MIN_SUPPORT = 2
MILLI = 1000


@dataclass
class Habits:
    reference_tokens: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # key -> [(customer, support)]
    short_pays: dict[tuple[str, str], set[int]] = field(default_factory=dict)  # (customer, currency or '') -> milli
    lags: dict[str, tuple[int, int]] = field(default_factory=dict)  # customer -> (days, support)
    # customer -> days: the lag this run's unquoted payments of repeated amounts fit (pairing.steady_lag):
    # orders a payer's same-amount invoices, never makes a pairing sure
    inferred_lags: dict[str, int] = field(default_factory=dict)

    def usual_short(self, customer: str, currency: str, short_milli: int) -> bool:
        return short_milli in self.short_pays.get((customer, currency), ()) \
            or short_milli in self.short_pays.get((customer, ""), ())

    def lag(self, customer: str) -> int:
        return self.lags[customer][0] if customer in self.lags else self.inferred_lags.get(customer, 0)

    def knows_lag(self, customer: str) -> bool:
        return customer in self.lags

    def infers_lag(self, customer: str) -> bool:
        return customer not in self.lags and customer in self.inferred_lags


def load_habits(con: duckdb.DuckDBPyConnection, habits_sql: str | None) -> Habits:
    habits = Habits()
    if not habits_sql:
        return habits
    rows = con.execute(f"""
        select cast(customer_id as varchar), lower(cast(habit as varchar)), cast(value as varchar),
               upper(coalesce(cast(currency as varchar), '')), coalesce(cast(support as integer), 0)
        from ({habits_sql}) order by all""").fetchall()
    tokens: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for customer, habit, value, currency, support in rows:
        if support < MIN_SUPPORT or not customer or value is None:
            continue
        if habit == "reference_token" and len(key := number_key(value)) >= 3:
            tokens[key].append((customer, support))
        elif habit == "short_pay" and (milli := _milli(value)):
            habits.short_pays.setdefault((customer, currency), set()).add(milli)
        elif habit == "lag_days" and value.strip().lstrip("+-").isdigit() and abs(int(value)) <= 365:
            if support > habits.lags.get(customer, (0, 0))[1]:
                habits.lags[customer] = (int(value), support)
    habits.reference_tokens = dict(tokens)
    return habits


def _milli(text: str) -> int | None:
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, ValueError):
        return None
    milli = int(value * MILLI) if value.is_finite() else 0
    return milli if 0 < milli < 10**12 else None


def add_run_evidence(habits: Habits, lags: dict[str, list[int]], shorts: dict[tuple[str, str], list[int]]) -> set[str]:
    """What this run's own sure payments (batch.learn_from_sure_payments) show, for customers
    without a learned habit of that kind: the usual lag (lower median of MIN_SUPPORT
    payments or more) and short pays seen MIN_SUPPORT times or more. A first load of a year of
    statements has no history yet, but the same payer's quoted payments tell how it pays the
    ones it does not quote. Returns the customers whose habits changed."""
    changed: set[str] = set()
    for customer, days in sorted(lags.items()):
        if customer not in habits.lags and len(days) >= MIN_SUPPORT:
            habits.lags[customer] = (sorted(days)[(len(days) - 1) // 2], len(days))
            changed.add(customer)
    for (customer, currency), values in sorted(shorts.items()):
        known = habits.short_pays.setdefault((customer, currency), set())
        for value in set(values):
            if values.count(value) >= MIN_SUPPORT and value not in known:
                known.add(value)
                changed.add(customer)
    return changed
