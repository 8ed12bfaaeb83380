"""bank_txn_id never merges two payments and never changes when the same file comes again: on real
files that repeat references (PostFinance writes NONREF as its reference on every line, a
Sparkasse reuses customer references on the next day, Penta writes no type code before NONREF),
through ingestion, where a re-delivered file must add nothing."""

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from contract.tables import TABLES_BY_ID
from orchestration.ingest import load_table
from orchestration.ingest.bank_formats import parse_bank_file
from orchestration.ingest.bank_formats.identity import StatementEntry, file_ids, is_placeholder
from pipeline_helpers import raw_store_connection

FIXTURES = Path(__file__).parents[1] / "fixtures" / "bank"
BANK = TABLES_BY_ID["bank__statement_lines"]


@pytest.mark.parametrize(("file_name", "lines", "total"), [
    ("wolph_jejik_postfinance.sta", 3, "239.3"),  # //NONREF on each: 229.20 CHF of it was lost
    ("fruitl00p_spk.sta", 9, "932"),  # customer references 0000371672916278 and ...0002 on two days
    ("fruitl00p_penta.sta", 3, "121.38"),  # NONREF without a type code
    ("wolph_cmxl_mt940.sta", 7, "72436.74"),
    ("genkgo_camt054.v8.xml", 3, "9.5"),  # three payments of one batch entry, one AcctSvcrRef
    # Danske Bank: credits of different statements of the file with one bank reference, //12345678
    ("svenstaro_danskebank_MT940_SE_Example.sta", 17, "12171690.29"),
])
def test_files_that_repeat_references_keep_every_payment(tmp_path, file_name, lines, total):
    parsed = parse_bank_file(FIXTURES / file_name)
    assert len({line.bank_txn_id for line in parsed}) == len(parsed) == lines
    with raw_store_connection() as con:
        shutil.copy(FIXTURES / file_name, (tmp_path / "bank").mkdir() or tmp_path / "bank" / file_name)
        result = load_table(con, tmp_path, BANK)
        loaded = con.execute("select count(*), sum(cast(amount as decimal(18, 4))) from raw.bank__statement_lines")
        assert loaded.fetchone() == (lines, Decimal(total))
        assert result.total("rows_duplicate") == 0


@pytest.mark.parametrize(("file_name", "lines"), [("fruitl00p_spk.sta", 9),
                                                  ("svenstaro_danskebank_MT940_SE_Example.sta", 17)])
def test_a_redelivered_file_adds_nothing_and_ids_are_the_same_every_run(tmp_path, file_name, lines):
    first = [line.bank_txn_id for line in parse_bank_file(FIXTURES / file_name)]
    assert first == [line.bank_txn_id for line in parse_bank_file(FIXTURES / file_name)]
    (tmp_path / "bank").mkdir()
    shutil.copy(FIXTURES / file_name, tmp_path / "bank" / "2010-02-18.sta")
    shutil.copy(FIXTURES / file_name, tmp_path / "bank" / "2010-02-18-resent.sta")
    with raw_store_connection() as con:
        result = load_table(con, tmp_path, BANK)
        assert con.execute("select count(*) from raw.bank__statement_lines").fetchone() == (lines,)
    assert (result.total("rows_loaded"), result.total("rows_duplicate")) == (lines, lines)


@pytest.mark.parametrize(("references", "bank_ids"), [
    (["A1", "A2"], ["A1", "A2"]),  # unique: the bank's own
    (["A1", "A1"], [None, None]),  # repeated in the statement: derived
    (["NONREF", "NONREF"], [None, None]),
    (["", "B"], [None, "B"]),
    (["NOTPROVIDED", "0000000000"], [None, None]),  # ISO 20022 placeholder; an all-zero field
])
def test_a_reference_is_the_id_only_where_unique_and_real(references, bank_ids):
    entries = [StatementEntry(ref, ("2026-03-02", "C", "10.00"), True) for ref in references]
    (ids,) = file_ids("MT940", [(("NL00BANK0123456789", "1/1"), entries)])
    assert len(set(ids)) == len(ids)
    for got, expected in zip(ids, bank_ids):
        assert got == expected if expected else got.startswith("MT940-")


def _two_statements(first_ref: str, second_ref: str) -> str:
    statement = (":20:STMT{n}\n:25:NL91ABNA0417164300\n:28C:{n}/1\n:60F:C26030{n}EUR100,00\n"
                 ":61:26030{n}030{n}C30,00NTRFNONREF//{ref}\n:62F:C26030{n}EUR130,00\n-\n")
    return statement.format(n=1, ref=first_ref) + statement.format(n=2, ref=second_ref)


@pytest.mark.parametrize(("first_ref", "second_ref", "bank_ids"), [
    ("B1", "B2", ["B1", "B2"]),  # unique in the file: the bank's own, as before
    ("B1", "B1", [None, None]),  # one in each statement: two payments, neither is the id
])
def test_a_reference_repeated_in_another_statement_of_the_file_is_no_id(tmp_path, first_ref, second_ref, bank_ids):
    path = tmp_path / "two.sta"
    path.write_text(_two_statements(first_ref, second_ref))
    ids = [line.bank_txn_id for line in parse_bank_file(path)]
    assert len(set(ids)) == len(ids) == 2
    for got, expected in zip(ids, bank_ids):
        assert got == expected if expected else got.startswith("MT940-")


@pytest.mark.parametrize(("statements", "bank_ids"), [
    ([["A1"], ["A2"]], [["A1"], ["A2"]]),
    ([["A1"], ["A1"]], [[None], [None]]),  # credits of two statements under one reference
    ([["A1", "A2"], ["A3"]], [["A1", "A2"], ["A3"]]),
    # a transfer between two accounts: the debit of one under the credit's reference takes nothing
    # from the credit (the line kept), whose id is the same as in a file of its statement alone
    ([["-A1"], ["A1"]], [["A1"], ["A1"]]),
    ([["-A1", "A1"], ["A2"]], [[None, None], ["A2"]]),  # in one statement: derived, as before
])
def test_file_ids_count_a_credits_reference_over_every_statement(statements, bank_ids):
    ids = file_ids("BAI2", [((f"ACCOUNT{n}", "2026-03-02"), [
        StatementEntry(ref.lstrip("-"), ("2026-03-02", "C", "1"), not ref.startswith("-")) for ref in refs])
        for n, refs in enumerate(statements)])
    flat = [i for statement in ids for i in statement]
    credits = [i for i, ref in zip(flat, [r for refs in statements for r in refs]) if not ref.startswith("-")]
    assert len(set(credits)) == len(credits)  # a debit's id is never stored
    for got, expected in zip(flat, [b for statement in bank_ids for b in statement]):
        assert got == expected if expected else got.startswith("BAI2-")


def test_derived_ids_depend_on_the_statement_and_the_position_only():
    entries = [StatementEntry("NONREF", ("2026-03-02", "C", "10.00"), True)] * 2  # the same payment twice

    def ids(statement: str) -> list[str]:
        return file_ids("MT940", [(("NL00BANK0123456789", statement), entries)])[0]

    assert ids("1/1")[0] != ids("1/1")[1]  # two lines, two payments
    assert ids("1/1") == ids("1/1")
    assert ids("1/1") != ids("2/1")  # the next day's statement


@pytest.mark.parametrize("reference", ["NONREF", "nonref", "", "  ", "NOTPROVIDED", "0000", "N/A"])
def test_placeholders(reference):
    assert is_placeholder(reference)


@pytest.mark.parametrize("reference", ["0724710333343453", "REF000003666020", "INV-0001"])
def test_real_references(reference):
    assert not is_placeholder(reference)


def test_a_camt_statement_repeating_an_acctsvcrref_keeps_both_entries(tmp_path):
    """The Lithuanian statement with its first credit given the AcctSvcrRef of the debit before it."""
    text = (FIXTURES / "subite_lt_camt053_2024-04-11.xml").read_text()
    repeated = text.replace("REF000003666020", "REF000003643800")  # the first entry's (a debit's)
    path = tmp_path / "repeated.xml"
    path.write_text(repeated)
    original, changed = parse_bank_file(FIXTURES / "subite_lt_camt053_2024-04-11.xml"), parse_bank_file(path)
    assert [line.amount for line in changed] == [line.amount for line in original]
    assert original[0].bank_txn_id == "REF000003666020" and changed[0].bank_txn_id.startswith("CAMT-")
    assert [line.bank_txn_id for line in changed[1:]] == [line.bank_txn_id for line in original[1:]]


def test_a_redelivery_that_corrects_the_text_replaces_the_line(tmp_path):
    """PostFinance's lines have no usable reference: their ids come from the statement, position,
    date, sign and amount, so a corrected :86: text keeps the id (the later file wins)."""
    original = FIXTURES / "wolph_jejik_postfinance.sta"
    corrected = tmp_path / "corrected.sta"
    corrected.write_bytes(original.read_bytes().replace(b"EINZAHLUNGSSCHEIN", b"EINZAHLUNG VON A. MUSTER"))
    before, after = parse_bank_file(original), parse_bank_file(corrected)
    assert [line.bank_txn_id for line in before] == [line.bank_txn_id for line in after]
    assert before[2].reference != after[2].reference
