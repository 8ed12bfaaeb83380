"""A worked queue coming back (contract/decision_sheet.py, `billops decisions import`): every rejection
reason on its own, all rows or none, --skip-invalid, and formula cells in real XLSX and CSV files.
No pipeline run: the queue is a small serving warehouse made here."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
import pytest

from contract.decision_sheet import Cell, Finding, SheetError, check_sheet, read_sheet
from contract.decisions import append_decisions, read_decisions
from orchestration.cli import main
from orchestration.history import ensure_history

FINDINGS = {
    "f1": Finding("f1", "amount_mismatch", "open", "crm@x", amount_at_risk=Decimal("120.50")),
    "f2": Finding("f2", "missing_invoice", "acknowledged", "ann"),
    "m1": Finding("m1", "match_review", "open", "", "B1", "I1", Decimal("10")),
}


def _row(exception_id: str, decision: str, owner: str = "", note: str = "",
         formulas: tuple[str, ...] = ()) -> dict[str, Cell]:
    values = {"exception_id": exception_id, "decision": decision, "owner": owner, "note": note}
    return {c: Cell(v, c in formulas) for c, v in values.items()}


def _check(rows, role="analyst", analyst="kim", authors=None):
    return check_sheet(list(enumerate(rows, start=2)), FINDINGS, role=role, analyst=analyst, source="test",
                       write_off_authors=authors or {})


@pytest.mark.parametrize(("row", "role", "authors", "reason"), [
    (_row("zz", "acknowledge", note="x"), "analyst", None, "unknown exception_id 'zz'"),
    (_row("", "acknowledge", note="x"), "analyst", None, "no exception_id"),
    (_row("f1", "approve"), "analyst", None, "unknown decision 'approve'"),
    (_row("f1", "acknowledge", note="=1+1", formulas=("note",)), "analyst", None, "a formula in note"),
    (_row("f1", "acknowledge", note="x", formulas=("decision",)), "analyst", None, "a formula in decision"),
    (_row("f1", "acknowledge", note="x"), "viewer", None, "the role 'viewer' may not record acknowledge"),
    (_row("f1", "approve_write_off"), "analyst", {"f1": "ann"}, "may not record approve_write_off"),
    (_row("f1", "approve_write_off"), "controller", {"f1": "kim"}, "nobody approves their own write-off"),
    (_row("f1", "approve_write_off"), "controller", None, "no write-off of this finding waits"),
    (_row("f1", "acknowledge"), "analyst", None, "acknowledge needs the reason in note"),
    (_row("f1", "assign"), "analyst", None, "assign needs an owner"),
    (_row("f1", "note"), "analyst", None, "note needs a note"),
    (_row("f2", "write_off"), "analyst", None, "write_off: an amount is needed"),
    (_row("f1", "confirm_match"), "analyst", None, "confirm_match is for a match_review finding"),
])
def test_each_rejection_reason(row, role, authors, reason):
    checked = _check([row], role=role, authors=authors)
    assert not checked.decisions
    assert [(r.row, reason in r.reason) for r in checked.rejected] == [(2, True)], checked.rejected


def test_conflicting_rows_for_one_finding_are_both_rejected_identical_ones_count_once():
    checked = _check([_row("f1", "acknowledge", note="ok"), _row("f2", "reopen"), _row("f1", "fixed_in_source"),
                      _row("f2", "reopen")])
    assert sorted((r.row, r.reason.split(" ")[0]) for r in checked.rejected) == [(2, "conflicts"), (4, "conflicts")]
    assert [(d["exception_id"], d["decision"]) for d in checked.decisions] == [("f2", "reopen")]


@pytest.mark.parametrize(("row", "expected"), [
    (_row("f1", "Acknowledge", note="agreed credit"), [("acknowledge", "", "", "", "open", "acknowledged")]),
    (_row("f1", "Write off"), [("resolve", "write_off", "120.50", "", "open", "resolved")]),
    (_row("f1", "fixed-in-source"), [("resolve", "fixed_in_source", "", "", "open", "resolved")]),
    (_row("f2", "assign", owner="bob"), [("assign", "", "", "bob", "ann", "bob")]),
    (_row("f2", "note", owner="bob", note="n"), [("assign", "", "", "bob", "ann", "bob"),
                                                 ("note", "", "", "", "acknowledged", "acknowledged")]),
    (_row("m1", "confirm_match"), [("confirm_match", "", "", "", "open", "resolved")]),
])
def test_what_each_worked_row_records(row, expected):
    checked = _check([row])
    assert not checked.rejected
    assert [(d["decision"], d.get("resolution", ""), d.get("amount", ""), d.get("owner", ""), d["before"], d["after"])
            for d in checked.decisions] == expected
    assert all(d["analyst"] == "kim" and d["role"] == "analyst" and d["source"] == "test" for d in checked.decisions)


def _xlsx(rows: list[list], formula_at: tuple[int, int] | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if formula_at:
        sheet.cell(*formula_at).value = '=CONCAT("ok", "")'
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HEADER = ["exception_id", "details", "owner", "note", "decision"]


def test_xlsx_formula_cells_are_told_from_values():
    content = _xlsx([HEADER, ["f1", "=shown as text", "", "fine", "acknowledge"], ["f2", "", "", "", "reopen"]],
                    formula_at=(3, 4))
    worked = read_sheet("worked.xlsx", content)
    assert [(n, cells["note"].formula) for n, cells in worked] == [(2, False), (3, True)]
    assert "a formula in note" in _check_worked(worked).rejected[0].reason


def _check_worked(worked):
    return check_sheet(worked, FINDINGS, role="analyst", analyst="kim", source="test")


def test_csv_formula_cells_and_unreadable_files():
    text = io.StringIO()
    csv.writer(text).writerows([HEADER, ["f1", "", "", "=HYPERLINK(\"x\")", "note"]])
    worked = read_sheet("worked.csv", text.getvalue().encode())
    assert worked[0][1]["note"].formula
    with pytest.raises(SheetError, match="no decision column"):
        read_sheet("worked.csv", b"exception_id,owner\nf1,x\n")
    with pytest.raises(SheetError, match="not a readable XLSX"):
        read_sheet("worked.xlsx", b"not a zip")
    with pytest.raises(SheetError, match="not UTF-8"):
        read_sheet("worked.csv", "exception_id,decision\nf1,acknowledge\n".encode("utf-16"))


@pytest.fixture
def queue(tmp_path) -> list[str]:
    """A serving warehouse holding the FINDINGS queue; the settings flags of `billops decisions import`."""
    warehouse = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(warehouse.with_name("warehouse.serving.duckdb"))) as con:
        ensure_history(con)
        for f in FINDINGS.values():
            con.execute("""insert into history.exceptions (exception_id, exception_type, category, severity, status,
                           owner, bank_txn_id, invoice_id, amount_at_risk, details)
                           values (?, ?, 'leakage', 'low', ?, ?, ?, ?, ?, 'd')""",
                        [f.exception_id, f.exception_type, f.status, f.owner, f.bank_txn_id, f.invoice_id,
                         f.amount_at_risk])
    return ["--warehouse", str(warehouse), "--decisions", str(tmp_path / "decisions.csv"), "--analyst", "kim"]


def test_billops_decisions_import_records_all_rows_or_none(tmp_path, queue, capsys):
    worked = tmp_path / "exceptions.xlsx"
    worked.write_bytes(_xlsx([HEADER, ["f1", "", "ann", "agreed", "acknowledge"], ["zz", "", "", "", "reopen"],
                              ["f2", "", "", "", "dance"]]))
    assert main(["decisions", "import", str(worked), *queue]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[:2] == ["row 3: unknown exception_id 'zz'",
                       "row 4: unknown decision 'dance' (one of acknowledge, reopen, assign, note, fixed_in_source, "
                       "write_off, approve_write_off, confirm_match, reject_match)"]
    assert "2 of 3 worked rows rejected; nothing was recorded" in err[2]
    assert not (tmp_path / "decisions.csv").exists()

    assert main(["decisions", "import", str(worked), "--skip-invalid", *queue]) == 2
    assert "the other rows were recorded" in capsys.readouterr().err
    rows = read_decisions(tmp_path / "decisions.csv").rows
    assert [(r["decision"], r["exception_id"], r["owner"], r["note"], r["analyst"], r["source"]) for r in rows] == [
        ("assign", "f1", "ann", "", "kim", "import exceptions.xlsx"),
        ("acknowledge", "f1", "", "agreed", "kim", "import exceptions.xlsx")]


def test_billops_decisions_import_a_controller_approves_another_s_write_off(tmp_path, queue, capsys):
    append_decisions(tmp_path / "decisions.csv", [{"decision": "resolve", "exception_id": "f1",
                                                   "resolution": "write_off", "amount": "5000", "analyst": "ann"}])
    worked = tmp_path / "approve.csv"
    worked.write_text("exception_id,decision\nf1,approve_write_off\n", encoding="utf-8")
    assert main(["decisions", "import", str(worked), *queue]) == 2  # an analyst may not
    assert main(["decisions", "import", str(worked), "--role", "controller", *queue]) == 0
    assert read_decisions(tmp_path / "decisions.csv").rows[-1]["decision"] == "approve_write_off"
    assert main(["decisions", "import", str(tmp_path / "missing.xlsx"), *queue]) == 2
    assert "cannot read" in capsys.readouterr().err.splitlines()[-1]


def test_an_empty_worked_sheet_records_nothing(tmp_path, queue, capsys):
    worked = tmp_path / "exceptions.csv"
    worked.write_text("exception_id,decision\nf1,\n", encoding="utf-8")
    assert main(["decisions", "import", str(worked), *queue]) == 0
    assert "nothing to record" in capsys.readouterr().out
    assert not Path(tmp_path / "decisions.csv").exists()
