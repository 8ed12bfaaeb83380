"""Learning from confirmed matches, unlearning, and the backtest, through real pipeline runs.

The demo run is copied; an analyst confirms every true (bank line, invoice) pair of the
generator's truth file; the next run learns from them. Figures are checked against the truth
file and the warehouse, never against the code under test.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from orchestration.cli import main
from orchestration.history import append_decision
from pipeline_helpers import billops, raw_store_connection, read_csv, run_args

FROM = "2026-10-01"


def _query(work: Path, sql: str, **params) -> list[tuple]:
    with raw_store_connection(work / "warehouse.duckdb", read_only=True) as con:
        return con.execute(sql, params).fetchall()


@pytest.fixture(scope="module")
def learned(landing, first_run, tmp_path_factory) -> tuple[Path, Path, set[tuple[str, str]]]:
    """(landing, work, true pairs) after a run that saw every true pair confirmed."""
    work = tmp_path_factory.mktemp("learning")
    for name in ("warehouse.duckdb", "warehouse.raw.duckdb"):
        shutil.copy(first_run / name, work / name)
    truth = {(r["bank_txn_id"], r["invoice_id"]) for r in read_csv(landing / "_truth" / "matches.csv")}
    for txn_id, invoice_id in sorted(truth):
        append_decision(work / "decisions.csv", "confirm_match", bank_txn_id=txn_id, invoice_id=invoice_id)
    assert main(run_args(landing, work)) == 0
    return landing, work, truth


def _true_aliases(work: Path, truth: set[tuple[str, str]], before: str | None = None) -> set[tuple[str, str]]:
    """(payer_name, customer_id) of the true pairs (dated before `before`), from the raw tables."""
    pairs = _query(work, """select distinct b.payer_name, i.customer_id, b.value_date
                            from staging.stg_bank__statement_lines b, staging.stg_billing__invoices i
                            where list_contains($pairs, [b.bank_txn_id, i.invoice_id])
                              and trim(coalesce(b.payer_name, '')) <> ''""", pairs=[list(p) for p in truth])
    return {(payer, customer) for payer, customer, value_date in pairs if before is None or str(value_date) < before}


def test_confirmed_payer_names_and_lags_are_learned(learned):
    _, work, truth = learned
    aliases = set(_query(work, "select value, customer_id from marts.fct_payer_habits where habit = 'alias'"))
    assert aliases == _true_aliases(work, truth)
    # each learned lag is the lower median of value date - latest due date of the customer's payments
    payments = _query(work, """select customer_id, bank_txn_id, datediff('day', max(due_date), value_date)
                               from intermediate.int_remittances_confirmed
                               group by customer_id, bank_txn_id, value_date""")
    lags: dict[str, list[int]] = {}
    for customer, _, lag in payments:
        lags.setdefault(customer, []).append(lag)
    expected = {c: str(sorted(v)[(len(v) - 1) // 2]) for c, v in lags.items() if len(v) >= 3}
    learned_lags = _query(work, "select customer_id, value from marts.fct_payer_habits where habit = 'lag_days'")
    assert dict(learned_lags) == expected
    assert len(expected) > 10


def _backtest(work: Path, *extra: str) -> tuple[dict[str, list[str]], str]:
    done = billops("match", "backtest", "--warehouse", str(work / "warehouse.duckdb"), "--from", FROM, *extra)
    assert done.returncode == 0, done.stderr
    table = {}
    for line in done.stdout.splitlines():
        cells = line.split()
        if len(cells) == 8 and cells[1].isdigit():
            table[cells[0]] = cells[1:]
    return table, done.stdout


def test_backtest_figures_match_the_truth(learned):
    _, work, truth = learned
    in_period = {t for t, in _query(work, "select bank_txn_id from staging.stg_bank__statement_lines "
                                          "where amount > 0 and value_date >= $first", first=FROM)}
    true_lines = {t for t, _ in truth if t in in_period}
    table, out = _backtest(work)
    lines, auto, review, missed = map(int, table["all"][:4])
    assert lines == len(true_lines) > 20
    assert f"({len({p for p in truth if p[0] in in_period})} confirmed matches)" in out
    assert auto + review + missed == lines
    per_rule = [sum(int(row[k]) for rule, row in table.items() if rule != "all") for k in range(4)]
    assert per_rule == [lines, auto, review, missed]
    # no leakage: the payer names it learned are those confirmed on payments before the period
    learned_aliases = int(re.search(r"learned from payments before \S+: (\d+) alias", out).group(1))
    assert learned_aliases == len(_true_aliases(work, truth, before=FROM))
    # every wrong auto-application it lists is a pair nobody confirmed, and the precision says as many
    wrong = re.findall(r"applied to (\S+) .*; confirmed: (\S+)", out)
    assert int(re.search(r"wrong auto-applications: (\d+)", out).group(1)) == len(wrong)
    assert all(invoice != confirmed for invoice, confirmed in wrong)
    if not wrong:
        assert table["all"][4] == "100.0%"


def test_backtest_tries_settings_before_use(learned):
    _, work, _ = learned
    table, out = _backtest(work, "--auto-apply-threshold", "1")
    assert "auto-apply threshold 1.00" in out
    assert all(row[1] == "0" and row[4] == "-" for row in table.values())  # nothing is sure enough
    lines, _, review, missed = map(int, table["all"][:4])
    assert review + missed == lines and review > 0  # what was sure is suggested instead
    assert "wrong auto-applications: 0" in out


def test_backtest_says_in_one_line_what_is_wrong(learned, tmp_path):
    _, work, _ = learned
    for args, message in (((str(tmp_path / "none.duckdb"),), "no warehouse at"),
                          ((str(work / "warehouse.duckdb"), "--from", "2030-01-01", "--to", "2030-01-31"),
                           "no confirmed matches with a value date from 2030-01-01 to 2030-01-31")):
        done = billops("match", "backtest", "--warehouse", *args)
        assert done.returncode == 2 and message in done.stderr and len(done.stderr.splitlines()) == 1, done.stderr


def test_unlearned_habits_are_no_longer_used_nor_learned_again(learned):
    landing, work, _ = learned
    payer, customer, txn_id = _query(work, """
        select b.payer_name, i.customer_id, m.bank_txn_id from recon.remittance_matches m
        join staging.stg_bank__statement_lines b using (bank_txn_id)
        join staging.stg_billing__invoices i using (invoice_id)
        where m.match_rule = 'alias' order by m.bank_txn_id limit 1""")[0]
    lag_customer, = _query(work, "select customer_id from marts.fct_payer_habits where habit = 'lag_days' "
                                 "order by customer_id limit 1")[0]
    warehouse = ("--warehouse", str(work / "warehouse.duckdb"))
    # every payer name of the customer: the bank writes one payer several ways (REDWOOD LABS, Redwood Labs Inc.)
    assert main(["match", "unlearn", "--customer", customer, "--habit", "alias", *warehouse]) == 0
    assert main(["match", "unlearn", "--customer", lag_customer, "--habit", "lag_days", *warehouse]) == 0
    assert main(run_args(landing, work)) == 0  # the confirmations that taught them are still there
    flags = dict(((c, h, v), u) for c, h, v, u in _query(work, "select customer_id, habit, value, is_unlearned "
                                                               "from marts.fct_payer_habits"))
    assert flags[(customer, "alias", payer)] is True
    assert all(u for (c, h, _), u in flags.items() if c == customer and h == "alias")
    assert [u for (c, h, _), u in flags.items() if c == lag_customer and h == "lag_days"] == [True]
    assert sum(not u for u in flags.values()) > 100  # the rest is still in use
    assert not _query(work, "select 1 from intermediate.int_customer_aliases_learned "
                            "where payer_name = $payer and customer_id = $customer", payer=payer, customer=customer)
    rule, = _query(work, "select distinct match_rule from recon.remittance_matches where bank_txn_id = $t", t=txn_id)[0]
    assert rule != "alias"
