"""map_in_forks gives what a plain loop gives, however the items are split, and a fork that fails
or dies leaves its share to the parent instead of losing it."""

import os
import pickle
import time

import pytest

from reconcilers import forks
from reconcilers.forks import in_fork, map_in_forks
from reconcilers.plan_types import Hit, Plan


@pytest.fixture(autouse=True)
def small_shares(monkeypatch):
    monkeypatch.setattr(forks, "MIN_SHARE", 3)


def square(x: int) -> int:
    return x * x


@pytest.mark.parametrize(("n_items", "processes"), [
    (0, 2), (1, 2), (5, 2),  # too few to split: the loop in this process
    (6, 2), (7, 2), (100, 2),  # two shares, the second uneven
    (100, 3), (10, 8),  # more processes than shares of MIN_SHARE items: as many as there are shares
])
def test_the_results_are_the_loops_in_order(n_items, processes):
    assert map_in_forks(square, list(range(n_items)), processes) == [x * x for x in range(n_items)]


def test_later_shares_are_computed_in_other_processes():
    pids = map_in_forks(lambda _: os.getpid(), range(12), processes=2)
    assert pids[:6] == [os.getpid()] * 6
    assert len(set(pids[6:])) == 1 and pids[6] != os.getpid()


def test_a_fork_that_dies_leaves_its_share_to_the_parent():
    parent = os.getpid()

    def dies_in_a_fork(x: int) -> int:
        if os.getpid() != parent:
            os._exit(3)  # killed mid-share: nothing written
        return -x

    assert map_in_forks(dies_in_a_fork, list(range(10)), processes=2) == [-x for x in range(10)]


def test_a_failure_in_a_fork_is_raised_by_the_parent_computing_that_share():
    def fails_on_nine(x: int) -> int:
        if x == 9:
            raise ValueError("nine")
        return x

    with pytest.raises(ValueError, match="nine"):
        map_in_forks(fails_on_nine, list(range(10)), processes=2)


def test_a_result_that_cannot_be_pickled_is_computed_in_the_parent():
    results = map_in_forks(lambda x: (lambda: x), list(range(8)), processes=2)
    assert [make() for make in results] == list(range(8))


@pytest.mark.parametrize(("size", "forked"), [(2, False), (3, True)])
def test_in_fork_runs_large_work_in_another_process_and_small_work_here(size, forked):
    wait = in_fork(os.getpid, size)
    assert (wait() != os.getpid()) == forked


def test_in_fork_computes_here_what_a_dead_fork_did_not_send():
    parent = os.getpid()

    def dies_in_a_fork() -> str:
        if os.getpid() != parent:
            os._exit(3)
        return "computed here"

    assert in_fork(dies_in_a_fork, 10)() == "computed here"


def test_a_stuck_fork_is_killed_and_its_share_computed_here(monkeypatch):
    monkeypatch.setattr(forks, "PATIENCE_SECONDS", 0.5)
    parent = os.getpid()

    def stuck_in_a_fork(x: int) -> int:
        if os.getpid() != parent:
            time.sleep(3600)  # a lock that another thread held when the process forked
        return x + 1

    started = time.monotonic()
    assert map_in_forks(stuck_in_a_fork, list(range(10)), processes=2) == list(range(1, 11))
    assert time.monotonic() - started < 30


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def _fork_pid(tmp_path) -> int:
    """The pid a fork wrote to tmp_path/pid, once it has."""
    for _ in range(200):
        if (tmp_path / "pid").exists() and (tmp_path / "pid").read_text().endswith("\n"):
            return int((tmp_path / "pid").read_text())
        time.sleep(0.05)
    raise AssertionError("the fork did not start")


def test_a_fork_whose_result_is_never_asked_for_is_killed_when_forgotten(tmp_path):
    def sleeps_in_a_fork() -> int:
        (tmp_path / "pid").write_text(f"{os.getpid()}\n")
        time.sleep(3600)
        return 1

    waiting = in_fork(sleeps_in_a_fork, 10)
    pid = _fork_pid(tmp_path)
    del waiting  # the caller raised before asking
    assert _gone(pid)


def test_forks_are_killed_when_the_parents_share_fails(tmp_path):
    parent = os.getpid()

    def fails_here_sleeps_there(x: int) -> int:
        if os.getpid() == parent:
            _fork_pid(tmp_path)
            raise ValueError("the parent's share")
        (tmp_path / "pid").write_text(f"{os.getpid()}\n")
        time.sleep(3600)
        return x

    with pytest.raises(ValueError, match="the parent's share"):
        map_in_forks(fails_here_sleeps_there, list(range(10)), processes=2)
    assert _gone(int((tmp_path / "pid").read_text()))


def test_a_plan_comes_back_from_a_fork_as_it_was():
    alternative = Plan([(3, 500)], "customer", 0.7, notes=["a habit"])
    plan = Plan([(1, 1000), (2, 250)], "reference", 0.99, "the amount", True, True,
                {1: Hit(2, "exact", "INV-1", False, True)}, ["backed"], [alternative], [4, 5])
    assert map_in_forks(lambda _: plan, list(range(6)), processes=2)[-1] == plan
    assert pickle.loads(pickle.dumps(plan)) == plan
