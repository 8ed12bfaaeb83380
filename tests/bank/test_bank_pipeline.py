"""Real bank files beside the demo extracts, through ingestion and a whole `billops run`: the run
exits 0 and every real credit line is loaded or quarantined with a reason, none lost; a one-line
camt file whose entries all break the contract the same way keeps each of them in quarantine."""

from __future__ import annotations

import json
import shutil
from pathlib import Path


from orchestration.cli import main
from contract.tables import TABLES_BY_ID
from orchestration.ingest import load_table
from pipeline_helpers import run_args, raw_store_connection
from orchestration.ingest.bank_formats import BankFileError, parse_bank_file

FIXTURES = Path(__file__).parents[1] / "fixtures" / "bank"
BANK = TABLES_BY_ID["bank__statement_lines"]
# every format and its variants: BAI2 (spec sample, several records a line), camt.052/053/054
# (batches, entries without dates), MT940 (NONREF, CP852, SWIFT tags), and a refused BAI2 file
REAL_FILES = ("moov_sample2_bai_spec.bai2", "moov_sample3.bai2", "moj_svb_us_example.bai2", "genkgo_camt052.v4.xml",
              "subite_lt_camt053_2024-04-11.xml", "subite_lt_camt054_2024-03-07.xml", "genkgo_camt054.v8.xml",
              "wolph_jejik_postfinance.sta", "fruitl00p_bunq.sta", "wolph_self-provided_raiffeisen-cmi.sta",
              "fruitl00p_spk.sta", "moov_sample4_continuations.bai2",
              # credits of one reference in several statements; returned payments of our own
              "svenstaro_danskebank_MT940_SE_Example.sta", "newinnovations_example-camt053-b.xml")
ONE_LINE_BAD = "real_zz_one_line_bad_currency.xml"
# a German bank's SEPA direct-debit collections: each one total in the MT940 (GVC 192, 'SAMMLER') and
# its payments in a camt.054 of the same account and day, three in one, one in the other
COLLECTION_TOTAL = """:20:STARTUMS
:25:DE89370400440532013000
:28C:1/1
:60F:C260101EUR1000,00
:61:2601020102CR600,00N192NONREF//DDT260102
:86:192?00SEPA-LASTSCHRIFT SAMMLER?20SAMMLER-REF NW-DD-20260102?21ANZAHL 3
:61:2601020102CR250,00N192NONREF//DDS260102
:86:192?00SEPA-LASTSCHRIFT SAMMLER?20SAMMLER-REF NW-DD-20260102-2
:62F:C260102EUR1850,00
-
"""
COLLECTION_PAYMENT = """<TxDtls><Refs><EndToEndId>RE-{n}</EndToEndId></Refs><Amt Ccy="EUR">{amount}</Amt>
<RltdPties><Dbtr><Pty><Nm>Kunde {n} GmbH</Nm></Pty></Dbtr></RltdPties><RmtInf><Ustrd>RE-{n}</Ustrd></RmtInf></TxDtls>"""
COLLECTION_ITEMS = ("""<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn>
<GrpHdr><MsgId>N1</MsgId><CreDtTm>2026-01-02T18:00:00</CreDtTm></GrpHdr>
<Ntfctn><Id>N1</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>
<Ntry><Amt Ccy="EUR">600.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
<ValDt><Dt>2026-01-02</Dt></ValDt><AcctSvcrRef>DDT260102</AcctSvcrRef>
<NtryDtls><Btch><PmtInfId>NW-DD-20260102</PmtInfId><NbOfTxs>3</NbOfTxs></Btch>"""
                    + "".join(COLLECTION_PAYMENT.format(n=n, amount=f"{100 * n}.00") for n in (1, 2, 3))
                    + """</NtryDtls></Ntry>
<Ntry><Amt Ccy="EUR">250.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
<ValDt><Dt>2026-01-02</Dt></ValDt><AcctSvcrRef>DDS260102-1</AcctSvcrRef>
<NtryDtls><Btch><PmtInfId>NW-DD-20260102-2</PmtInfId><NbOfTxs>1</NbOfTxs></Btch>"""
                    + COLLECTION_PAYMENT.format(n=4, amount="250.00")
                    + "</NtryDtls></Ntry></Ntfctn></BkToCstmrDbtCdtNtfctn></Document>")


def _add_real_files(bank: Path) -> dict[str, int]:
    """Copy the real files (and a one-line camt.053 whose entries all carry an invalid currency)
    into bank/; returns each file's credit lines as the parser reads them."""
    credits = {}
    for name in REAL_FILES:
        shutil.copy(FIXTURES / name, bank / f"real_{name}")
        try:
            credits[f"bank/real_{name}"] = len(parse_bank_file(FIXTURES / name))
        except BankFileError:
            credits[f"bank/real_{name}"] = 0
    one_line = (FIXTURES / "subite_lt_camt053_2024-04-11.xml").read_text().replace('Ccy="EUR"', 'Ccy="EURO"')
    (bank / ONE_LINE_BAD).write_text(one_line)
    credits[f"bank/{ONE_LINE_BAD}"] = len(parse_bank_file(bank / ONE_LINE_BAD))
    for name, text in (("real_collection.sta", COLLECTION_TOTAL), ("real_collection.camt054.xml", COLLECTION_ITEMS)):
        (bank / name).write_text(text)
        credits[f"bank/{name}"] = len(parse_bank_file(bank / name))
    return credits


def test_a_one_line_file_with_several_bad_entries_keeps_each_in_quarantine(tmp_path):
    (tmp_path / "bank").mkdir()
    credits = _add_real_files(tmp_path / "bank")
    with raw_store_connection() as con:
        load_table(con, tmp_path, BANK)
        rows = con.execute("select line_number, reason, raw from raw.quarantine where source_file = ?",
                           [f"bank/{ONE_LINE_BAD}"]).fetchall()
        again = load_table(con, tmp_path, BANK, incremental=False)
        assert con.execute("select count(*) from raw.quarantine where source_file = ?",
                           [f"bank/{ONE_LINE_BAD}"]).fetchone() == (len(rows),)
    assert len(rows) == credits[f"bank/{ONE_LINE_BAD}"] == 3
    assert len({line for line, _, _ in rows}) == 1 and len(set(rows)) == 3  # one line, three rows
    assert {reason for _, reason, _ in rows} == {"currency: not a valid currency ('EURO')"}
    assert again.total("rows_quarantined") >= 3


def test_a_batch_total_and_its_batch_reach_the_raw_table_from_a_parsed_file_and_from_csv(tmp_path):
    """Words the contract has no column for: the parsers' (an MT940 collection total, a camt.054
    batch's payments) and a CSV's own column of the same name travel in _extra."""
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "collection.sta").write_text(COLLECTION_TOTAL)
    (bank / "collection.camt054.xml").write_text(COLLECTION_ITEMS)
    (bank / "lockbox.csv").write_text("bank_txn_id,value_date,amount,currency,payer_name,reference,account_id,"
                                      "bank_batch_total\nLB1,2026-01-02,80.00,USD,,DEPOSIT,US1,lockbox deposit\n")
    with raw_store_connection() as con:
        load_table(con, tmp_path, BANK)
        extras = dict(con.execute("select bank_txn_id, _extra from raw.bank__statement_lines").fetchall())
    assert {txn: json.loads(extra) if extra else None for txn, extra in extras.items()} == {
        "DDT260102": {"bank_batch_total": "GVC 192"}, "DDS260102": {"bank_batch_total": "GVC 192"},
        **{f"DDT260102/{n}": {"bank_batch": "entry at line 4"} for n in (1, 2, 3)},
        "DDS260102-1": None, "LB1": {"bank_batch_total": "lockbox deposit"}}


def test_real_files_beside_the_demo_extracts_run_to_exit_0_and_lose_no_credit_line(landing, first_run, tmp_path):
    """A new day's delivery: the demo landing run once (first_run), then real files added."""
    new_landing, work = tmp_path / "landing", tmp_path / "run"
    shutil.copytree(landing, new_landing)
    shutil.copytree(first_run, work, ignore=shutil.ignore_patterns("exports", "logs"))
    credits = _add_real_files(new_landing / "bank")
    assert main(run_args(new_landing, work)) == 0
    with raw_store_connection(work / "warehouse.duckdb", read_only=True) as con:
        counts = {f: (loaded, quarantined) for f, loaded, quarantined in con.execute(
            "select source_file, rows_loaded, rows_quarantined from raw.load_log "
            "where source_file like 'bank/real_%'").fetchall()}
        stored = dict(con.execute("select _source_file, count(*) from raw.bank__statement_lines "
                                  "where _source_file like 'bank/real_%' group by 1").fetchall())
        reasons = con.execute("select source_file, reason from raw.quarantine "
                              "where source_file like 'bank/real_%'").fetchall()
        # the returned payments (an ACH credit rejected, a wire returned, ...) are never applied
        returned = {line.bank_txn_id for line in parse_bank_file(FIXTURES / "newinnovations_example-camt053-b.xml")
                    if line.reference.startswith("RETURNED PAYMENT")}
        rules = set(con.execute("select bank_txn_id, match_rule, status from marts.fct_remittance_matches "
                                "where list_contains(?, bank_txn_id)", [sorted(returned)]).fetchall())
        collection = con.execute("select bank_txn_id, match_rule, status, detail from marts.fct_remittance_matches "
                                 "where bank_txn_id like 'DD_260102%' order by 1").fetchall()
    for name, lines in credits.items():
        loaded, quarantined = counts[name]
        assert (loaded, stored.get(name, 0)) == (lines - quarantined, lines - quarantined), name
    assert sum(credits.values()) == 96 + 17 + 13 + 2 + 4
    assert len(returned) == 5 and rules == {(txn, "non_customer", "unmatched") for txn in returned}
    # the collection's total is no payment besides its parts, which stay lines of their own
    in_camt054 = "in bank/real_collection.camt054.xml, applied there"
    assert collection[:2] == [
        ("DDS260102", "non_customer", "unmatched", f"not a payment of its own: the total of 1 payment {in_camt054}"),
        ("DDS260102-1", *collection[1][1:])]
    assert collection[2] == ("DDT260102", "non_customer", "unmatched",
                             f"not a payment of its own: the total of 3 payments {in_camt054}")
    assert [row[0] for row in collection[3:]] == ["DDT260102/1", "DDT260102/2", "DDT260102/3"]
    assert all(row[1] != "non_customer" for row in [collection[1], *collection[3:]])
    assert all(reason for _, reason in reasons)
    refused = [reason for name, reason in reasons if name.endswith("moov_sample4_continuations.bai2")]
    assert refused == ["file not loaded: real_moov_sample4_continuations.bai2: line 22: BAI2 account control total "
                       "-126016***1762 but its amounts add up to 7999960"]  # digit runs masked as card numbers


def test_an_mt940_statement_saved_as_txt_is_read_as_one(tmp_path):
    (tmp_path / "bank").mkdir()
    shutil.copy(FIXTURES / "wolph_asnb_mt940.sta", tmp_path / "bank" / "asn-export.txt")
    (tmp_path / "bank" / "lines.txt").write_text("bank_txn_id,value_date,amount,currency,payer_name,reference,"
                                                 "account_id\nT1,2026-03-02,10.00,EUR,A,:20: in a reference,X\n")
    with raw_store_connection() as con:
        result = load_table(con, tmp_path, BANK)
    assert [(f.source_file, f.rows_loaded, f.rows_quarantined) for f in result.files] == [
        ("bank/asn-export.txt", 3, 0), ("bank/lines.txt", 1, 0)]
