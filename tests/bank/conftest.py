"""Prints the tally of the real bank files (parsed exactly / refused with reason) after the run."""

import pytest

TALLY: dict[str, str] = {}


@pytest.fixture
def tally() -> dict[str, str]:
    return TALLY


def pytest_terminal_summary(terminalreporter):
    if TALLY:
        parsed = sum(v.startswith("parsed") for v in TALLY.values())
        terminalreporter.section(f"real bank files: {parsed} parsed exactly, {len(TALLY) - parsed} refused")
        for name in sorted(TALLY):
            terminalreporter.write_line(f"{name}: {TALLY[name]}")
