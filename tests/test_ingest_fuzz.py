"""Hypothesis fuzzing of the CSV and bank-file ingestion: never a traceback, never a partial load."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contract.tables import TABLES_BY_ID
from orchestration.ingest import ContractError, load_table
from pipeline_helpers import raw_store_connection

ACCOUNTS = TABLES_BY_ID["crm__accounts"]
BANK = TABLES_BY_ID["bank__statement_lines"]
HEADER = ",".join(ACCOUNTS.column_names).encode()
GOOD_ROW = b"A1,Acme,smb,US,CA,a@x.com,2025-01-01"
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _load(table, relative: str, content: bytes):
    with tempfile.TemporaryDirectory() as folder, raw_store_connection() as con:
        path = Path(folder) / relative
        path.parent.mkdir(parents=True)
        path.write_bytes(content)
        try:
            result = load_table(con, Path(folder), table)
        except ContractError as error:
            assert "\n" not in str(error) and relative in str(error)
            return None
        loaded = con.execute(f"select count(*) from raw.{table.id}").fetchone()[0]
        quarantined = con.execute("select count(*) from raw.quarantine").fetchone()[0]
        return result, loaded, quarantined


def _conserved(outcome) -> None:
    if outcome is None:
        return
    result, loaded, quarantined = outcome
    [file] = result.files
    assert file.rows_read == file.rows_loaded + file.rows_duplicate + file.rows_quarantined
    assert loaded == file.rows_loaded
    assert quarantined >= file.rows_quarantined


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_as_csv(content):
    _conserved(_load(ACCOUNTS, "crm/accounts.csv", content))


@FUZZ
@given(st.binary(max_size=600), st.integers(min_value=0, max_value=80))
def test_valid_header_then_random_or_truncated_body(body, cut):
    content = HEADER + b"\r\n" + GOOD_ROW[:cut] + b"\n" + body
    _conserved(_load(ACCOUNTS, "crm/accounts.csv", content))


@FUZZ
@given(st.sampled_from(["bank/x.bai2", "bank/x.xml", "bank/x.sta", "bank/x.parquet", "bank/x.csv"]),
       st.binary(max_size=1500))
def test_random_bytes_as_bank_files(name, content):
    _conserved(_load(BANK, name, content))
