"""Small exact helpers shared by the generator modules: money, dates, timestamps."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from orchestration.contract import minor_units

ZERO = Decimal(0)


def money(value: Decimal | int, currency: str) -> Decimal:
    """Round half-up to the currency's minor unit (ISO 4217)."""
    quantum = Decimal(1).scaleb(-minor_units(currency))
    rounded = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    return rounded + 0  # turns -0 into 0


def fmt_money(value: Decimal, currency: str) -> str:
    return str(money(value, currency))


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def iso_ts(moment: datetime) -> str:
    """ISO-8601 in UTC, second precision."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def at(day: date, seconds: int) -> datetime:
    return datetime(day.year, day.month, day.day) + timedelta(seconds=seconds)


def days_between(start: date, end: date) -> int:
    return (end - start).days
