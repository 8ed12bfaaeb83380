"""What a run loads is kept out of the garbage collector's scans only when the process ends with it."""

import gc
import subprocess
import sys

import pytest

from orchestration.daily_run import kept_until_exit

IN_ITS_OWN_PROCESS = """
import gc, sys
from orchestration.daily_run import kept_until_exit
fails = sys.argv[1] == "fails"
try:
    with kept_until_exit(True):
        print("collecting while loading:", gc.isenabled())
        import decimal, fractions, statistics
        if fails:
            raise RuntimeError("an import failed")
except RuntimeError:
    pass
print("collecting after:", gc.isenabled())
print("frozen:", gc.get_freeze_count() > 0)
"""


@pytest.mark.parametrize(("outcome", "frozen"), [("loads", True), ("fails", False)])
def test_a_process_that_ends_with_the_run_freezes_what_it_loaded(outcome: str, frozen: bool) -> None:
    done = subprocess.run([sys.executable, "-c", IN_ITS_OWN_PROCESS, outcome], capture_output=True, text=True,
                          check=True)
    assert done.stdout.splitlines() == ["collecting while loading: False", "collecting after: True",
                                        f"frozen: {frozen}"]


def test_a_process_that_runs_more_collects_as_usual() -> None:
    before = gc.get_freeze_count()
    with kept_until_exit(False):
        assert gc.isenabled()
        import fractions  # noqa: F401
    assert gc.isenabled()
    assert gc.get_freeze_count() == before
