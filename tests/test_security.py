"""Poisoned extracts: card numbers and formula payloads never leave as they came; erasure sticks."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import duckdb
import openpyxl
import pytest

from orchestration.cli import main
from contract.spreadsheet import FORMULA_TRIGGERS
from orchestration.raw_schema import attach_raw_store, raw_store_path
from pipeline_helpers import billops, raw_store_connection, read_csv, run_args

CARDS = ("4111 1111 1111 1111", "5555-5555-5555-4444", "378282246310005", "6011000990139424")
FORMULA_NAME = "=HYPERLINK(\"http://evil.example\",\"Acme\")"


def _rewrite(path: Path, change) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    for index, row in enumerate(rows):
        change(index, row)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fields)
        writer.writeheader()
        writer.writerows(rows)


INJECTED_DIGITS = tuple(re.sub(r"\D", "", card) for card in CARDS)


def _has_card_number(text: str) -> bool:
    """One of the injected card numbers, in full, however it is grouped."""
    digits = re.sub(r"[ -]", "", text)
    return any(card in digits for card in INJECTED_DIGITS)


@pytest.fixture(scope="module")
def poisoned(landing, tmp_path_factory) -> tuple[Path, Path, str]:
    folder = tmp_path_factory.mktemp("poisoned")
    shutil.copytree(landing, folder / "landing")
    landing_dir = folder / "landing"

    def card_in_memo(index, row):
        if index < len(CARDS):
            row["description"] = f"customer read card {CARDS[index]} over the phone"

    def card_in_remittance(index, row):
        if index < len(CARDS):
            row["reference"] = f"{row['reference']} paid by card {CARDS[index]}"
        if index == len(CARDS):  # a broken row, so the card number also reaches the quarantine
            row["value_date"], row["reference"] = "not-a-date", f"card {CARDS[0]}"

    def formula_in_name(index, row):
        if index == 0:
            row["name"] = FORMULA_NAME

    _rewrite(landing_dir / "payments" / "transactions.csv", card_in_memo)
    _rewrite(landing_dir / "bank" / "statement_lines.csv", card_in_remittance)
    _rewrite(landing_dir / "billing" / "customers.csv", formula_in_name)
    done = billops(*run_args(landing_dir, folder))
    assert done.returncode == 0, done.stderr
    return landing_dir, folder, done.stdout + done.stderr


def _warehouse_texts(path: Path) -> list[str]:
    """Every distinct text of every table and view of the warehouse file at `path` and of the raw
    store beside it (its staging views read it): one query per relation (a view runs once)."""
    with duckdb.connect(str(path), read_only=True) as con:
        attach_raw_store(con, raw_store_path(path.with_name("warehouse.duckdb")), read_only=True)
        relations = con.execute("""select c.table_catalog, c.table_schema, c.table_name, list('"' || c.column_name || '"')
            from information_schema.columns c join information_schema.tables t using (table_catalog, table_schema, table_name)
            where c.data_type = 'VARCHAR' and t.table_schema not in ('information_schema', 'pg_catalog')
              and t.table_catalog not in ('system', 'temp')
            group by all""").fetchall()
        return [v for d, s, t, columns in relations
                for (v,) in con.execute(f'select distinct v from (select unnest([{", ".join(columns)}]) as v '
                                        f'from "{d}"."{s}"."{t}") where v is not null').fetchall()]


def test_no_full_card_number_in_warehouse_exports_or_terminal(poisoned):
    _, folder, terminal = poisoned
    for warehouse in ("warehouse.duckdb", "warehouse.serving.duckdb"):
        assert [t for t in _warehouse_texts(folder / warehouse) if _has_card_number(t)] == []
    for export in (folder / "exports").glob("*.csv"):
        assert not _has_card_number(export.read_text(encoding="utf-8")), export.name
    workbook = openpyxl.load_workbook(folder / "exports" / "exceptions.xlsx")
    assert not any(_has_card_number(str(c.value)) for row in workbook.active.iter_rows() for c in row if c.value)
    assert not _has_card_number(terminal)
    quarantine = read_csv(folder / "exports" / "quarantine.csv")
    assert any("card 4111 11** **** 1111" in r["raw"] for r in quarantine)  # masked, not dropped


def test_no_formula_cell_in_any_export(poisoned):
    _, folder, _ = poisoned
    for export in (folder / "exports").glob("*.csv"):
        for row in csv.reader(export.open(newline="", encoding="utf-8")):
            assert not any(cell.startswith(FORMULA_TRIGGERS) and not _is_number(cell) for cell in row), export.name
    workbook = openpyxl.load_workbook(folder / "exports" / "exceptions.xlsx")
    for row in workbook.active.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
            assert not (isinstance(cell.value, str) and cell.value.startswith(FORMULA_TRIGGERS))


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_erase_pseudonymises_a_customer_now_and_in_later_runs(poisoned):
    landing_dir, folder, _ = poisoned
    customers = read_csv(landing_dir / "billing" / "customers.csv")
    erased = next(c for c in customers[1:] if c["crm_account_id"])
    accounts = {a["account_id"]: a for a in read_csv(landing_dir / "crm" / "accounts.csv")}
    personal = {erased["name"], erased["email"], accounts[erased["crm_account_id"]]["account_name"]}

    def leaks(where: Path) -> set[str]:
        texts = _warehouse_texts(where)
        return {p for p in personal if any(p.lower() in t.lower() for t in texts)}

    assert leaks(folder / "warehouse.duckdb") == personal  # the data was there
    total_before = _customer_total(folder / "warehouse.duckdb", erased["customer_id"])
    args = ["--warehouse", str(folder / "warehouse.duckdb"), "--exports", str(folder / "exports")]
    assert main(["erase", "--customer", erased["customer_id"], *args]) == 0
    exports_text = " ".join(p.read_text(encoding="utf-8") for p in (folder / "exports").glob("*.csv")).lower()
    assert leaks(folder / "warehouse.duckdb") == set() and leaks(folder / "warehouse.serving.duckdb") == set()
    assert not any(p.lower() in exports_text for p in personal)
    assert main(run_args(landing_dir, folder)) == 0  # the extracts still carry the name
    assert leaks(folder / "warehouse.duckdb") == set()
    assert _customer_total(folder / "warehouse.duckdb", erased["customer_id"]) == total_before > 0


def _customer_total(warehouse: Path, customer_id: str):
    with raw_store_connection(warehouse, read_only=True) as con:
        return con.execute("select sum(total) from staging.stg_billing__invoices where customer_id = ?",
                           [customer_id]).fetchone()[0]


def test_erase_of_an_unknown_customer_is_one_line(poisoned, capsys):
    _, folder, _ = poisoned
    assert main(["erase", "--customer", "cus_nobody", "--warehouse", str(folder / "warehouse.duckdb")]) == 2
    assert capsys.readouterr().err.strip().count("\n") == 0
