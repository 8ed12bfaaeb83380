"""The filters every page shares: KPI periods, segment, currency; and the run the data comes from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def is_month(self) -> bool:
        """A calendar month, or its part up to as_of (the KPIs' current month ends at as_of)."""
        return self.start.day == 1 and (self.end.year, self.end.month) == (self.start.year, self.start.month)

    @property
    def is_complete_month(self) -> bool:
        return self.is_month and self.end == month_end(self.start)

    @property
    def key(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def label(self) -> str:
        if self.is_complete_month:
            return self.start.strftime("%B %Y")
        if self.is_month:
            return f"{self.start:%B %Y} to the {self.end.day}{_ordinal_suffix(self.end.day)}"
        return f"{(self.end - self.start).days + 1} days to {self.end.isoformat()}"

    @classmethod
    def from_key(cls, key: str) -> Period:
        start, end = key.split("..")
        return cls(date.fromisoformat(start), date.fromisoformat(end))


@dataclass(frozen=True)
class Filters:
    period: Period
    segment: str | None = None  # None = all segments
    currency: str | None = None  # None = all currencies


@dataclass(frozen=True)
class RunInfo:
    run_id: str
    as_of: date
    finished_at: datetime


def _ordinal_suffix(day: int) -> str:
    return "th" if 11 <= day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def month_end(day: date) -> date:
    first_of_next = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return date.fromordinal(first_of_next.toordinal() - 1)


def recent_months(as_of: date, count: int = 6) -> list[Period]:
    """The calendar months of the last `count` months up to as_of, newest first."""
    months, cursor = [], date(as_of.year, as_of.month, 1)
    for _ in range(count):
        months.append(Period(cursor, min(month_end(cursor), as_of)))
        cursor = date(cursor.year - (cursor.month == 1), (cursor.month - 2) % 12 + 1, 1)
    return months


def default_period(choices: list[Period], as_of: date) -> Period:
    """The latest complete calendar month (it has a previous month to compare with)."""
    complete = [p for p in choices if p.is_complete_month and p.end <= as_of]
    months = [p for p in choices if p.is_month]
    return max(complete or months or choices, key=lambda p: p.end)
