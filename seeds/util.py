"""Small exact helpers shared by the generator modules: dates and timestamps."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

ZERO = Decimal(0)


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def iso_ts(moment: datetime) -> str:
    """ISO-8601 in UTC, second precision."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_instant(text: str) -> datetime | None:
    """An ISO-8601 instant (`2026-03-01T23:30:00-05:00`, `...Z`) as a naive UTC datetime; None when empty."""
    if not text:
        return None
    instant = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return instant.astimezone(UTC).replace(tzinfo=None) if instant.tzinfo is not None else instant


def at(day: date, seconds: int) -> datetime:
    return datetime(day.year, day.month, day.day) + timedelta(seconds=seconds)
