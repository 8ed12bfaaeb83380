"""The KPI periods as the sidebar offers them."""

from datetime import date

import pytest

from dashboards.data import Period, default_period

MARCH_TO_DATE = Period(date(2026, 3, 1), date(2026, 3, 15))
FEBRUARY = Period(date(2026, 2, 1), date(2026, 2, 28))
TRAILING = Period(date(2025, 12, 16), date(2026, 3, 15))


@pytest.mark.parametrize(("period", "label", "is_month", "complete"), [
    (FEBRUARY, "February 2026", True, True),
    (MARCH_TO_DATE, "March 2026 to the 15th", True, False),
    (Period(date(2026, 3, 1), date(2026, 3, 2)), "March 2026 to the 2nd", True, False),
    (Period(date(2026, 3, 1), date(2026, 3, 12)), "March 2026 to the 12th", True, False),
    (TRAILING, "90 days to 2026-03-15", False, False),
    (Period(date(2026, 1, 1), date(2026, 3, 31)), "90 days to 2026-03-31", False, False),
])
def test_labels_and_kinds(period, label, is_month, complete):
    assert (period.label, period.is_month, period.is_complete_month) == (label, is_month, complete)
    assert Period.from_key(period.key) == period


def test_default_is_the_latest_complete_month():
    assert default_period([TRAILING, MARCH_TO_DATE, FEBRUARY], date(2026, 3, 15)) == FEBRUARY
    assert default_period([TRAILING, MARCH_TO_DATE], date(2026, 3, 15)) == MARCH_TO_DATE
    assert default_period([TRAILING], date(2026, 3, 15)) == TRAILING
