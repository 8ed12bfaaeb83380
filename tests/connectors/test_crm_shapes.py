"""The generated world written with its crm tables as Salesforce's or HubSpot's connector writes them
(seeds/shapes/) gives the same findings as the same world in the contract layout.

A small world (40 accounts): one plain run and one run per shape (each ~30-40 s of dbt).
Data-quality findings name the file a row came from, so they are compared by reason, not by file.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from orchestration.cli import main
from pipeline_helpers import run_args
from seeds.generate import generate
from seeds.landing import DQ_MARK

pytestmark = pytest.mark.slow
ACCOUNTS = 40
KEY = ("exception_type", "account_id", "customer_id", "contract_id", "invoice_id", "erp_invoice_id", "transaction_id",
       "bank_txn_id", "period_start", "period_end", "amount_at_risk", "currency", "owner_email")


def _run(folder: Path, shapes: tuple[str, ...]) -> Path:
    generate(folder / "landing", accounts=ACCOUNTS, shapes=shapes)
    assert main(run_args(folder / "landing", folder / "work")) == 0
    return folder / "work"


def _findings(work: Path) -> set[tuple]:
    with duckdb.connect(str(work / "warehouse.duckdb"), read_only=True) as con:
        return set(con.execute(f"select {', '.join(KEY)} from marts.fct_findings "
                               "where category <> 'data_quality'").fetchall())


def _quality_reasons(work: Path) -> list[str]:
    """The data-quality findings' reasons, without the file they name."""
    with duckdb.connect(str(work / "warehouse.duckdb"), read_only=True) as con:
        return sorted(d.split(": ", 1)[1] for (d,) in con.execute(
            "select details from marts.fct_findings where category = 'data_quality'").fetchall())


@pytest.fixture(scope="module")
def plain_run(tmp_path_factory) -> Path:
    return _run(tmp_path_factory.mktemp("plain"), ())


@pytest.fixture(scope="module", params=["salesforce", "hubspot"])
def shaped_run(request, tmp_path_factory) -> tuple[str, Path]:
    return request.param, _run(tmp_path_factory.mktemp(request.param), (request.param,))


def test_the_same_world_gives_the_same_findings_in_either_crm_shape(plain_run, shaped_run):
    shape, work = shaped_run
    plain, shaped = _findings(plain_run), _findings(work)
    assert len(plain) > 50
    assert shaped == plain, (sorted(plain - shaped)[:5], sorted(shaped - plain)[:5])


def test_the_crm_rows_that_break_the_contract_are_reported_where_the_shape_put_them(plain_run, shaped_run):
    """Each marked crm row is quarantined (an empty id, a negative quantity) or left out by the
    adapter (an unknown billing frequency in the custom field): the truth names its file and line,
    and every other data-quality finding is the plain run's."""
    shape, work = shaped_run
    truth = (work.parent / "landing" / "_truth" / "quarantine.csv").read_text().splitlines()
    crm_truth = [line for line in truth if line.startswith(f"{shape}/")]
    assert len(crm_truth) == 3 and DQ_MARK not in (work.parent / "landing" / shape / "deal.csv"
                                                   if shape == "hubspot" else
                                                   work.parent / "landing" / shape / "opportunity.csv").read_text()
    with duckdb.connect(str(work / "warehouse.duckdb"), read_only=True) as con:
        quarantined = set(con.execute("select source_file, line_number from raw.quarantine").fetchall())
        rejected = set(con.execute(f"select source_file, line_number from staging.stg_{shape}__crm_rejects").fetchall())
    places = {(line.split(",")[0], int(line.split(",")[1])) for line in crm_truth}
    assert places == {p for p in quarantined | rejected if p[0].startswith(f"{shape}/")}
    assert len(_quality_reasons(work)) == len(_quality_reasons(plain_run))
