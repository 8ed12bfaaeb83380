"""The calendar the generated ledger lives in.

Invoices are issued in a nine-month window and the bank statement runs one month past it, so late payers leave
some invoices open at the statement end. Banks value-date credits on business days only (weekends, not
holidays, are modelled).
"""

import datetime as dt

ISSUE_START = dt.date(2025, 7, 1)
ISSUE_END = dt.date(2026, 3, 31)
STATEMENT_END = dt.date(2026, 4, 30)


def next_business_day(day: dt.date) -> dt.date:
    """The day itself, or the Monday after it when it falls on a weekend."""
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day
