"""Ingestion on broken and messy files: every row ends in exactly one place, with its line."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from contract.tables import TABLES_BY_ID
from orchestration.ingest import ContractError, load, load_table, readers
from orchestration.ingest import plain_csv as plain_csv_module
from orchestration.ingest.plain_csv import plain_csv
from pipeline_helpers import raw_store_connection

ACCOUNTS = TABLES_BY_ID["crm__accounts"]
EVENTS = TABLES_BY_ID["billing__usage_events"]
BANK = TABLES_BY_ID["bank__statement_lines"]
HEADER = "account_id,account_name,segment,billing_country,billing_region,owner_email,created_at"


def _write(path: Path, content: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


@pytest.fixture
def con():
    with raw_store_connection() as connection:
        connection.execute("set TimeZone = 'UTC'")
        yield connection


def _quarantine(con) -> list[tuple]:
    return con.execute("select source_file, line_number, reason from raw.quarantine order by 1, 2").fetchall()


def test_every_row_is_loaded_duplicate_or_quarantined_with_its_line(tmp_path, con):
    _write(tmp_path / "crm/accounts.csv",
           "\ufeff" + HEADER + ",crm_extra\r\n"
           'A1,"Acme, Inc.",smb,us,CA,a@x.com,2025-01-01T10:00:00+02:00,x\r\n'
           'A2,"Two\nlines",enterprise,DE,,b@x.com,2025-01-02,y\r\n'
           "A3,Bad,gold,US,,c@x.com,2025-01-02,z\r\n"
           "A4,short,smb\r\n"
           ",no key,smb,US,,d@x.com,2025-01-01,q\r\n"
           "A1,Acme Corp,smb,US,CA,a@x.com,2025-01-03,r\r\n")
    result = load_table(con, tmp_path, ACCOUNTS)
    [file] = result.files
    assert (file.rows_read, file.rows_loaded, file.rows_duplicate, file.rows_quarantined) == (6, 2, 1, 3)
    assert [(line, reason.split(":")[0]) for _, line, reason in _quarantine(con)] == [
        (5, "segment"), (6, "expected 8 fields, found 3"), (7, "account_id")]
    rows = con.execute("select account_id, account_name, billing_country, created_at, _line_number, _extra "
                       "from raw.crm__accounts order by 1").fetchall()
    # the later line of A1 wins; the quoted newline keeps A2 on line 3; extra columns are kept
    assert rows == [("A1", "Acme Corp", "US", dt.datetime(2025, 1, 3), 8, '{"crm_extra": "r"}'),
                    ("A2", "Two\nlines", "DE", dt.datetime(2025, 1, 2), 3, '{"crm_extra": "y"}')]


def test_timestamps_with_offsets_are_stored_in_utc(tmp_path, con):
    _write(tmp_path / "crm/accounts.csv", HEADER + "\nA1,Acme,smb,US,CA,a@x.com,2025-01-01T10:00:00+02:00\n")
    load_table(con, tmp_path, ACCOUNTS)
    assert con.execute("select created_at from raw.crm__accounts").fetchone()[0] == dt.datetime(2025, 1, 1, 8)


def test_latin1_file_is_read(tmp_path, con):
    _write(tmp_path / "crm/accounts.csv", (HEADER + "\nA1,Société Générale,smb,FR,,a@x.com,2025-01-01\n")
           .encode("cp1252"))
    load_table(con, tmp_path, ACCOUNTS)
    assert con.execute("select account_name from raw.crm__accounts").fetchone()[0] == "Société Générale"


@pytest.mark.parametrize(("code_page", "payer", "reference"), [
    ("cp1255", 'כנרת השקעות בע"מ', "העברה מחשבון 12-600-345678"),  # Leumi's lines, saved from Excel in Hebrew Windows
    ("cp1251", 'ТОВ «Світанок Медіа»', "Оплата згідно договору № 58/2026"),  # a Ukrainian one, Cyrillic Windows
    ("cp1252", "Société Générale", "Facture réglée à Sébastien"),
])
def test_a_contract_layout_bank_file_is_read_in_its_code_page(tmp_path, con, code_page, payer, reference):
    """A bank file of the contract's own columns that is not UTF-8 is read in the code page the
    bank readers find (it had been read as Windows-1252 always: 'ëðøú äù÷òåú áò"î')."""
    _write(tmp_path / "bank/IL-LEUMI-ILS.csv", (
        "bank_txn_id,value_date,amount,currency,payer_name,reference,account_id\n"
        f'L1,2026-03-24,9551.52,ILS,"{payer.replace(chr(34), chr(34) * 2)}",{reference},10-800-22334455\n'
        "L2,2026-03-29,36047.00,ILS,EILAT ARABIA TRADING LTD,RFB/10873,10-800-22334455\n").encode(code_page))
    load_table(con, tmp_path, BANK)
    rows = con.execute("select payer_name, reference from raw.bank__statement_lines order by bank_txn_id").fetchall()
    assert rows == [(payer, reference), ("EILAT ARABIA TRADING LTD", "RFB/10873")]


def test_redelivered_file_adds_nothing_and_later_file_wins(tmp_path, con):
    events = "event_id,customer_id,product_code,quantity,occurred_at\nE1,C1,api,5,2026-01-01\nE2,C1,api,1,2026-01-02\n"
    _write(tmp_path / "billing/usage_events/part-0001.csv", events)
    _write(tmp_path / "billing/usage_events/part-0002-redelivery.csv", events.replace("E2,C1,api,1", "E2,C1,api,3"))
    result = load_table(con, tmp_path, EVENTS)
    assert [(f.rows_loaded, f.rows_duplicate) for f in result.files] == [(0, 2), (2, 0)]
    assert con.execute("select sum(cast(quantity as int)) from raw.billing__usage_events").fetchone()[0] == 8


def test_parquet_parts_with_extra_columns_and_row_numbers(tmp_path, con):
    table = pa.table({"event_id": ["E1", "E2"], "customer_id": ["C1", "C1"], "product_code": ["api", "api"],
                      "quantity": ["2", "-1"], "occurred_at": ["2026-01-01T00:00:00Z", "2026-01-01"],
                      "region": ["eu", "eu"]})
    (tmp_path / "billing/usage_events").mkdir(parents=True)
    pq.write_table(table, tmp_path / "billing/usage_events/part-1.parquet")
    result = load_table(con, tmp_path, EVENTS)
    assert (result.files[0].rows_loaded, result.files[0].rows_quarantined) == (1, 1)
    assert _quarantine(con) == [("billing/usage_events/part-1.parquet", 3, "quantity: negative value")]
    assert con.execute("select _extra from raw.billing__usage_events").fetchone()[0] == '{"region":"eu"}'


def test_missing_required_column_names_file_and_column(tmp_path, con):
    _write(tmp_path / "crm/accounts.csv", "account_name,segment\nAcme,smb\n")
    with pytest.raises(ContractError, match=r"^crm/accounts.csv: required column 'account_id' is missing$"):
        load_table(con, tmp_path, ACCOUNTS)


@pytest.mark.parametrize("content", [bytes(range(256)) * 4, b"\x89PNG\r\n\x1a\n\x00\x00garbage", b"PAR1\x00\x01"])
def test_garbage_bank_file_is_quarantined_whole(tmp_path, con, content):
    _write(tmp_path / "bank/statement.csv", "bank_txn_id,value_date,amount,currency,payer_name,reference,account_id\n"
           "B1,2026-01-05,100.00,USD,Acme,INV-1,\n")
    _write(tmp_path / "bank/zz-garbage.bai2", content)
    result = load_table(con, tmp_path, BANK)
    assert [f.rows_loaded for f in result.files] == [1, 0] and result.files_not_loaded == 1
    [(source_file, line, reason)] = _quarantine(con)
    assert (source_file, line) == ("bank/zz-garbage.bai2", None) and reason.startswith("file not loaded")


def test_a_banks_own_csv_export_loads_beside_a_contract_file(tmp_path, con):
    """An FNB export (preamble, its own header, a bad row) loads its credits; the bad row is
    quarantined with its line; a later, overlapping export adds only its new payment; a file of
    the contract's own columns loads as before; an export without a currency is refused whole."""
    _write(tmp_path / "bank/statement.csv", "bank_txn_id,value_date,amount,currency,payer_name,reference,account_id\n"
           "B1,2026-01-05,100.00,USD,Acme,INV-1,\n")
    preamble = "Account Name:,Gold Business Account\nAccount Number:,62000005678\n\nDate,Amount,Balance,Description\n"
    _write(tmp_path / "bank/FNB_ZAR_5678_nov_a.csv", preamble + "2026/11/03,\"12,500.00\",\"40,250.00\",FYNBOS INV 7781\n"
           "2026/11/04,-450.00,\"39,800.00\",FEE\n2026/11/31,10.00,1.00,X\n")
    _write(tmp_path / "bank/FNB_nov.csv", "Date,Amount,Balance,Description\n2026/11/03,1.00,1.00,X\n")
    result = load_table(con, tmp_path, BANK)
    assert [(f.source_file, f.rows_loaded, f.rows_quarantined) for f in result.files] == [
        ("bank/FNB_ZAR_5678_nov_a.csv", 1, 1), ("bank/FNB_nov.csv", 0, 0), ("bank/statement.csv", 1, 0)]
    assert [(line, reason) for _, line, reason in _quarantine(con) if line is not None] == [
        (7, "date '2026/11/31' is not a date (this file writes the day first)")]
    [(_, _, refused)] = [row for row in _quarantine(con) if row[1] is None]
    assert "no currency" in refused and "FNB_nov_USD.csv" in refused
    _write(tmp_path / "bank/FNB_ZAR_5678_nov_b.csv", preamble + "2026/11/03,\"12,500.00\",\"40,250.00\",FYNBOS INV 7781\n"
           "2026/11/05,\"3,100.00\",\"42,900.00\",KAROO 7790\n")
    load_table(con, tmp_path, BANK)
    rows = con.execute("select value_date, amount, currency, account_id, reference from raw.bank__statement_lines "
                       "order by value_date").fetchall()
    assert [(str(d), str(a), c, acc, ref) for d, a, c, acc, ref in rows] == [
        ("2026-01-05", "100.00", "USD", None, "INV-1"),
        ("2026-11-03", "12500.00", "ZAR", "62000005678", "FYNBOS INV 7781"),
        ("2026-11-05", "3100.00", "ZAR", "62000005678", "KAROO 7790")]


def test_card_numbers_in_free_text_are_masked_everywhere(tmp_path, con):
    _write(tmp_path / "bank/lines.csv", "bank_txn_id,value_date,amount,currency,payer_name,reference,account_id\n"
           "B1,2026-01-05,100.00,USD,Acme,card 4111 1111 1111 1111 INV-1,\n"
           "B2,not-a-date,100.00,USD,Acme,paid with 5555555555554444,\n")
    load_table(con, tmp_path, BANK)
    stored = " ".join(str(v) for row in con.execute("select * from raw.bank__statement_lines").fetchall() for v in row)
    quarantined = " ".join(str(v) for row in con.execute("select * from raw.quarantine").fetchall() for v in row)
    assert "4111 11** **** 1111" in stored and "4111 1111 1111 1111" not in stored
    assert "555555******4444" in quarantined and "5555555555554444" not in quarantined


def _snapshot(con, table) -> tuple:
    return (con.execute(f"select * from raw.{table.id} order by all").fetchall(),
            con.execute("select * exclude (file_size, file_modified_ns) from raw.load_log order by all").fetchall(),
            con.execute("select * from raw.quarantine order by all").fetchall())


def test_incremental_loads_equal_a_full_reload(tmp_path, con):
    header = "event_id,customer_id,product_code,quantity,occurred_at\n"
    _write(tmp_path / "billing/usage_events/day-01.csv", header + "E1,C1,api,5,2026-01-01\nE2,C1,api,1,2026-01-01\n")
    assert load_table(con, tmp_path, EVENTS).mode == "replace"
    assert load_table(con, tmp_path, EVENTS).mode == "unchanged"
    # a new day re-delivers E2 with a correction and brings a bad row
    _write(tmp_path / "billing/usage_events/day-02.csv", header + "E2,C1,api,4,2026-01-02\nE3,C1,api,-2,2026-01-02\n")
    appended = load_table(con, tmp_path, EVENTS)
    assert appended.mode == "append"
    # day-01's E2 lost to day-02's: the result counts it as a duplicate, as the load log does
    assert [(f.rows_loaded, f.rows_duplicate, f.rows_quarantined) for f in appended.files] == [(1, 1, 0), (1, 0, 1)]
    incremental = _snapshot(con, EVENTS)
    with raw_store_connection() as fresh:
        fresh.execute("set TimeZone = 'UTC'")
        load_table(fresh, tmp_path, EVENTS, incremental=False)
        assert _snapshot(fresh, EVENTS) == incremental
    assert incremental[1][0][3:] == (2, 1, 1, 0)  # day-01: read 2, loaded 1, duplicate 1


def test_an_earlier_file_is_appended_and_a_changed_file_replaces_its_rows(tmp_path, con):
    header = "event_id,customer_id,product_code,quantity,occurred_at\n"
    _write(tmp_path / "billing/usage_events/day-02.csv", header + "E2,C1,api,1,2026-01-02\n")
    load_table(con, tmp_path, EVENTS)
    _write(tmp_path / "billing/usage_events/day-01.csv", header + "E1,C1,api,1,2026-01-01\n")
    assert load_table(con, tmp_path, EVENTS).mode == "append"
    _write(tmp_path / "billing/usage_events/day-02.csv", header + "E2,C1,api,9,2026-01-02\n")
    assert load_table(con, tmp_path, EVENTS).mode == "replace"
    assert con.execute("select count(*) from raw.billing__usage_events").fetchone()[0] == 2


def test_a_bad_row_delivered_again_is_a_duplicate_not_a_second_quarantine(tmp_path, con):
    rows = "event_id,customer_id,product_code,quantity,occurred_at\nE1,C1,api,-5,2026-01-01\nE2,C1,api\n"
    _write(tmp_path / "billing/usage_events/part-1.csv", rows)
    _write(tmp_path / "billing/usage_events/part-2-resend.csv", rows)
    result = load_table(con, tmp_path, EVENTS)
    assert [(f.rows_quarantined, f.rows_duplicate) for f in result.files] == [(2, 0), (0, 2)]
    assert [(f, line) for f, line, _ in _quarantine(con)] == [("billing/usage_events/part-1.csv", 2),
                                                              ("billing/usage_events/part-1.csv", 3)]


def test_rows_are_stored_in_file_and_line_order_with_duplicates_dropped(tmp_path, con):
    header = "event_id,customer_id,product_code,quantity,occurred_at\n"
    _write(tmp_path / "billing/usage_events/part-1.csv",
           header + "".join(f"E{i},C1,api,{i},2026-01-01\n" for i in range(5)) + "E1,C1,api,10,2026-01-01\n")
    _write(tmp_path / "billing/usage_events/part-2.csv", header + "E3,C1,api,30,2026-01-02\nE9,C1,api,9,2026-01-02\n")
    result = load_table(con, tmp_path, EVENTS)
    assert [(f.rows_read, f.rows_loaded, f.rows_duplicate) for f in result.files] == [(6, 4, 2), (2, 2, 0)]
    stored = con.execute("select event_id, quantity, _source_file[-5:], _line_number "
                         "from raw.billing__usage_events order by rowid").fetchall()
    assert stored == [("E0", "0", "1.csv", 2), ("E2", "2", "1.csv", 4), ("E4", "4", "1.csv", 6),
                      ("E1", "10", "1.csv", 7), ("E3", "30", "2.csv", 2), ("E9", "9", "2.csv", 3)]


@pytest.mark.parametrize(("text", "stored"), [
    ("2025-01-01T10:00:00+02:00", "2025-01-01 08:00:00"), ("2025-1-5", "2025-01-05 00:00:00"),
    ("1969-12-31 23:59:59.5", "1969-12-31 23:59:59"), ("2025-06-01 12:00:00 America/New_York", "2025-06-01 16:00:00"),
    ("0044-03-15 (BC)", "0044-03-15 (BC) 00:00:00"), ("infinity", "infinity"), ("-infinity", "-infinity"),
])
def test_timestamps_are_stored_in_utc_whole_seconds(tmp_path, con, text, stored):
    _write(tmp_path / "crm/accounts.csv", HEADER + f"\nA1,Acme,smb,US,CA,a@x.com,{text}\n")
    load_table(con, tmp_path, ACCOUNTS)
    assert con.execute("select cast(created_at as varchar) from raw.crm__accounts").fetchone()[0] == stored


EVENTS_HEADER = "event_id,customer_id,product_code,quantity,occurred_at"


@pytest.mark.parametrize(("content", "plain"), [
    (EVENTS_HEADER + "\nE1,C1,api,5,2026-01-01\n E2 ,C1, api,-1,2026-01-02\nE1,C1,api,7,2026-01-03\n,C2,api,1,x", True),
    ("quantity , event_id,occurred_at,product_code,customer_id\n5,E1,2026-01-01,api,C1\n,,,,\n", True),
    (EVENTS_HEADER + "\n", True),
    # DuckDB would silently drop the trailing empty fields of the second row
    (EVENTS_HEADER + "\nE1,C1,api,5,2026-01-01\nE2,C1,api,5,2026-01-01,,\n", False),
    (EVENTS_HEADER + "\nE1,C1,api,5,2026-01-01\nE2,C1\n", False),
    (EVENTS_HEADER + '\nE1,"C1\nC2",api,5,2026-01-01\nE2,C1,api,5,2026-01-01\n', False),
    (EVENTS_HEADER + "\r\nE1,C1,api,5,2026-01-01\r\nE2,C1,api,5,2026-01-01\r\n", False),
    (EVENTS_HEADER + "\nE1,C1,api,5,2026-01-01\n\nE2,C1,api,5,2026-01-01\n", False),
    # blank lines (DuckDB skips them) are found by the record count, wherever they are: at the end,
    # or the first character of the scan's second 1 MiB block
    (EVENTS_HEADER + "\nE1,C1,api,5,2026-01-01\n\n", False),
    (EVENTS_HEADER + "\nE" + "1" * ((1 << 20) - 22) + ",C1,api,5,2026-01-01\n\nE2,C1,api,5,2026-01-01\n", False),
    ("\ufeff" + EVENTS_HEADER + "\nE1,C1,api,5,2026-01-01\n", False),
    ((EVENTS_HEADER + "\nE1,Société,api,5,2026-01-01\n").encode("cp1252"), False),
    # quoted fields (Fivetran writes JSON metadata so) and columns the contract does not name
    (EVENTS_HEADER + ",region\nE1,C1,api,5,2026-01-01,eu\n", True),
    (EVENTS_HEADER + ',metadata\nE1,"C1,x",api,5,2026-01-01,"{""crm"": ""A-1""}"\nE2,"",api,"",2026-01-01,\n', True),
    ('"event_id","customer_id",product_code,quantity,occurred_at,"a ""b"""\nE1,C1,api,5,2026-01-01,"x\\y é\t"\n', True),
    (EVENTS_HEADER + '\nE1,C"1,api,5,2026-01-01\nE2,C1,api,5,"2026-01-01"\n', True),
    (EVENTS_HEADER + '\nE1,"C1"x,api,5,2026-01-01\n', False),
    (EVENTS_HEADER + '\nE1,"C1,api,5,2026-01-01\n', False),
    (EVENTS_HEADER + ',region\nE1,C1,api,5,2026-01-01,"eu",\n', False),
    (EVENTS_HEADER + ",region\nE1,C1,api,5,2026-01-01\n", False),
    (EVENTS_HEADER + ",event_id\nE1,C1,api,5,2026-01-01,E2\n", False),
    (EVENTS_HEADER + ",\nE1,C1,api,5,2026-01-01,x\n", False),
    (EVENTS_HEADER + "\nE1,C1,api,5,\x1fbillops-no-null\x1f\n", False),
])
def test_plain_csv_fast_path_matches_the_python_reader(tmp_path, con, monkeypatch, content, plain):
    """DuckDB's reader takes plain files only, and gives the same rows, lines and quarantine."""
    _write(tmp_path / "billing/usage_events/part-1.csv", content)
    fast_path = readers._stage_plain_csv
    taken: list[int | None] = []
    monkeypatch.setattr(readers, "_stage_plain_csv", lambda *args: taken.append(fast_path(*args)) or taken[-1])
    with raw_store_connection() as fast:
        fast.execute("set TimeZone = 'UTC'")
        fast_counts = [(f.rows_read, f.rows_loaded, f.rows_quarantined) for f in load_table(fast, tmp_path, EVENTS).files]
        assert (taken[0] is not None) == plain
        fast_snapshot = _snapshot(fast, EVENTS)
    monkeypatch.setattr(readers, "_stage_plain_csv", lambda *args: None)
    python_counts = [(f.rows_read, f.rows_loaded, f.rows_quarantined) for f in load_table(con, tmp_path, EVENTS).files]
    assert (fast_counts, fast_snapshot) == (python_counts, _snapshot(con, EVENTS))
    assert fast_snapshot[0] or fast_snapshot[2] or fast_counts == [(0, 0, 0)]


@pytest.mark.parametrize(("cut", "rest", "plain"), [
    (b"\xc3", b"\xa9", True),  # é with its second byte in the next block
    (b"\xe2", b"\x82\xac", True),  # € across the boundary
    (b"\xc3", b"x" * (1 << 20) + b"\xa9", False),  # é's two bytes apart, a whole ASCII block between them
])
def test_the_plain_csv_scan_reads_characters_across_its_blocks(tmp_path, cut, rest, plain):
    """The scan reads 1 MiB blocks after the header line and skips decoding an ASCII one: a
    character a block boundary cuts is still decoded whole, or found broken."""
    first_block = b"E1,C1,api,5,2026-01-01," + b"x" * ((1 << 20) - 24) + cut
    path = _write(tmp_path / "part-1.csv",
                  EVENTS_HEADER.encode() + b"\n" + first_block + rest + b"\nE2,C1,api,5,2026-01-01,y\n")
    scanned = plain_csv(path)
    assert (scanned is not None) == plain
    assert scanned is None or scanned.lines == 3


def test_plain_csv_fast_path_keeps_line_numbers_and_raw_text(tmp_path, con):
    _write(tmp_path / "billing/usage_events/part-1.csv",
           EVENTS_HEADER + "\nE1,C1,api,5,2026-01-01\n E2 ,C1,api,-1,2026-01-02\nE1,C1,api,7,2026-01-03\n")
    result = load_table(con, tmp_path, EVENTS)
    assert [(f.rows_read, f.rows_loaded, f.rows_duplicate, f.rows_quarantined) for f in result.files] == [(3, 1, 1, 1)]
    assert con.execute("select event_id, quantity, _line_number from raw.billing__usage_events").fetchall() == [
        ("E1", "7", 4)]
    assert con.execute("select line_number, reason, raw from raw.quarantine").fetchall() == [
        (3, "quantity: negative value", " E2 ,C1,api,-1,2026-01-02")]


def _read_ahead_databases(con) -> list[str]:
    return [name for (name,) in con.execute("select database_name from duckdb_databases()").fetchall()
            if name.startswith("billops_read_ahead")]


def test_files_read_ahead_keep_their_order_lines_and_readers(tmp_path, con, monkeypatch):
    """The load checks each plain file while the next is read on a thread of its own; a file that
    is not plain goes to the Python reader in its turn. Rows, lines and the quarantine are what
    reading each file in turn gives."""
    folder = tmp_path / "billing/usage_events"
    _write(folder / "part-1.csv", EVENTS_HEADER + "\nE1,C1,api,5,2026-01-01\nE2,C1,api,6,2026-01-02\n")
    _write(folder / "part-2.csv", EVENTS_HEADER + "\r\nE3,C1,api,1,2026-01-03\r\nE1,C1,api,9,2026-01-04\r\n")
    _write(folder / "part-3.csv", EVENTS_HEADER + "\nE4,C1,api,-2,2026-01-05\nE5,C1,api,3,2026-01-06\n")
    _write(folder / "part-4.csv", EVENTS_HEADER + ",region\nE6,C2,api,4,2026-01-07,eu\n")
    python_read: list[str] = []
    python_reader = readers._csv_batches
    monkeypatch.setattr(readers, "_csv_batches", lambda path, *args: python_read.append(path.name)
                        or python_reader(path, *args))
    result = load_table(con, tmp_path, EVENTS)
    assert python_read == ["part-2.csv"]  # CR line ends: not a plain file
    assert [(f.source_file[-10:], f.rows_read, f.rows_loaded, f.rows_duplicate, f.rows_quarantined)
            for f in result.files] == [("part-1.csv", 2, 1, 1, 0), ("part-2.csv", 2, 2, 0, 0),
                                       ("part-3.csv", 2, 1, 0, 1), ("part-4.csv", 1, 1, 0, 0)]
    assert con.execute("select event_id, quantity, right(_source_file, 10), _line_number, _extra "
                       "from raw.billing__usage_events order by event_id").fetchall() == [
        ("E1", "9", "part-2.csv", 3, None), ("E2", "6", "part-1.csv", 3, None), ("E3", "1", "part-2.csv", 2, None),
        ("E5", "3", "part-3.csv", 3, None), ("E6", "4", "part-4.csv", 2, '{"region": "eu"}')]
    assert _quarantine(con) == [("billing/usage_events/part-3.csv", 2, "quantity: negative value")]
    assert _read_ahead_databases(con) == []  # its in-memory database is gone with the load


def test_read_ahead_holds_two_files_at_most_and_forgets_what_was_not_taken(tmp_path, con):
    paths = [_write(tmp_path / f"part-{n}.csv", EVENTS_HEADER + f"\nE{n},C1,api,1,2026-01-01\n") for n in range(5)]
    with plain_csv_module.ReadAhead(con, paths) as ahead:
        first = ahead.take(paths[0])
        assert first is not None and first.header == EVENTS_HEADER.split(",") and first.rows == 1
        assert con.execute(f"select column0 from {first.relation}").fetchall() == [("E0",)]
        held = lambda: con.execute("select count(*) from duckdb_tables() "  # noqa: E731
                                   "where database_name like 'billops_read_ahead%'").fetchone()[0]
        for _ in range(50):  # the thread reads the next file, then waits for a slot
            if held() == 2:
                break
            threading.Event().wait(0.02)
        threading.Event().wait(0.3)
        assert held() == 2
        ahead.release(first)
        assert ahead.take(tmp_path / "not-planned.csv") is None
        assert ahead.take(paths[1]) is not None  # taken and not released: closing forgets it
    assert _read_ahead_databases(con) == []


def _events_parquet(path: Path, ids: list[str], **extra: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table({"event_id": ids, "customer_id": ["C1"] * len(ids), "product_code": ["api"] * len(ids),
                             "quantity": ["1"] * len(ids), "occurred_at": ["2026-01-01"] * len(ids), **extra}), path)
    return path


def test_parquet_parts_are_read_together_and_a_broken_one_alone(tmp_path, con, monkeypatch):
    folder = tmp_path / "billing/usage_events"
    _events_parquet(folder / "part-1.parquet", ["E1", "E2", "E3"])
    broken = _events_parquet(folder / "part-2.parquet", [f"X{i}" for i in range(50)])
    damaged = bytearray(broken.read_bytes())
    damaged[8:40] = b"\xff" * 32  # the data pages, not the footer: the schema still opens
    broken.write_bytes(bytes(damaged))
    _events_parquet(folder / "part-3.parquet", ["E3", "E4"])
    _events_parquet(folder / "part-4.parquet", ["E5"], region=["eu"])
    _write(folder / "part-5.parquet", b"PAR1 not parquet")
    _events_parquet(folder / "part-6.parquet", ["E6"], region=["us"])
    reads: list[list[str]] = []
    read_parquet = readers._stage_parquet
    monkeypatch.setattr(readers, "_stage_parquet", lambda con, table, files, columns: (
        reads.append([path.name for _, path, _ in files]), read_parquet(con, table, files, columns)))
    result = load_table(con, tmp_path, EVENTS)
    assert reads == [["part-1.parquet", "part-2.parquet", "part-3.parquet"], ["part-1.parquet"], ["part-2.parquet"],
                     ["part-3.parquet"], ["part-4.parquet", "part-6.parquet"]]
    assert [(f.rows_read, f.rows_loaded, f.rows_duplicate) for f in result.files] == [
        (3, 2, 1), (0, 0, 0), (2, 2, 0), (1, 1, 0), (0, 0, 0), (1, 1, 0)]
    assert [(name, line) for name, line, _ in _quarantine(con)] == [
        ("billing/usage_events/part-2.parquet", None), ("billing/usage_events/part-5.parquet", None)]
    assert con.execute("select event_id, _source_file[-9:], _line_number, _extra from raw.billing__usage_events "
                       "order by rowid").fetchall() == [
        ("E1", "1.parquet", 2, None), ("E2", "1.parquet", 3, None), ("E3", "3.parquet", 2, None),
        ("E4", "3.parquet", 3, None), ("E5", "4.parquet", 2, '{"region":"eu"}'), ("E6", "6.parquet", 2, '{"region":"us"}')]


def test_a_load_stopped_half_way_is_redone_from_every_file_by_the_next_load(con, tmp_path, monkeypatch):
    """The raw store is written in place, statement by statement: a load killed (or failed) after
    writing rows and before its log leaves its table marked, and the next load reads every file
    again, ending where one load of the same files ends."""
    events = "event_id,customer_id,product_code,quantity,occurred_at\n"
    _write(tmp_path / "billing" / "usage_events" / "1.csv", events + "E1,C1,api,5,2026-01-02\nE2,C1,api,x,2026-01-02\n")
    load_table(con, tmp_path, EVENTS)
    _write(tmp_path / "billing" / "usage_events" / "0.csv", events + "E1,C1,api,9,2026-01-01\nE3,C1,api,y,2026-01-01\n")

    def killed(*args, **kwargs):
        raise KeyboardInterrupt("killed after the rows were written, before the log")

    with monkeypatch.context() as patched:
        patched.setattr(load, "log_changes", killed)
        with pytest.raises(KeyboardInterrupt):
            load_table(con, tmp_path, EVENTS)
    assert load_table(con, tmp_path, EVENTS).mode == "replace"  # every file read again

    def snapshot(connection) -> tuple:
        queries = (f"select * from raw.{EVENTS.id}", "select * from raw.quarantine",
                   "select * exclude (file_modified_ns) from raw.load_log")
        return tuple(connection.execute(f"{query} order by all").fetchall() for query in queries)

    with raw_store_connection() as fresh:
        load_table(fresh, tmp_path, EVENTS)
        assert snapshot(con) == snapshot(fresh)
    assert con.execute("select count(*) from raw.loads_in_progress").fetchone() == (0,)


def test_the_tables_with_the_largest_files_start_first_and_results_come_in_the_given_order(tmp_path, con,
                                                                                           monkeypatch):
    _write(tmp_path / "crm/accounts.csv", HEADER + "\nA1,Acme,smb,US,CA,a@x.com,2025-01-01\n")
    events = "".join(f"e{n},A1,API,1,2025-01-01T00:00:00Z\n" for n in range(2000))
    _write(tmp_path / "billing/usage_events.csv", "event_id,customer_id,product_code,quantity,occurred_at\n" + events)
    started: list[str] = []
    load_on_cursor = load._load_on_cursor

    def recorded(con, landing, table, provided):
        started.append(table.id)
        return load_on_cursor(con, landing, table, provided)

    monkeypatch.setattr(load, "LOAD_THREADS", 1)  # one at a time: the start order is the submission order
    monkeypatch.setattr(load, "_load_on_cursor", recorded)
    tables = [ACCOUNTS, BANK, EVENTS]
    results = list(load.load_tables(con, tmp_path, tables, {ACCOUNTS.id, EVENTS.id}))
    assert started[0] == EVENTS.id and set(started) == {t.id for t in tables}
    assert [r.table.id for r in results] == [t.id for t in tables]
    assert [r.total("rows_loaded") for r in results] == [1, 0, 2000]
