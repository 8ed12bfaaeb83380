"""Banks' own CSV exports (bank_formats/csv_exports.py), one row per layout.

No public file of these exports could be copied (the public parsers that read them carry only
rows in their tests); the Chase rows of mtlynch/beancount-chase-bank's tests (MIT) are in
tests/fixtures/bank/csv_exports (NOTICE), every other layout is built here from the bank's
published column layout: the header lines are the banks', the rows are invented. Sources:
Chase's 'Details,Posting Date,...' (Chase's download; also read by the parsers of
goabove1970/api and others), Mercury's 'Date (UTC),...' (Mercury's CSV export), FNB's preamble
and 'Date,Amount,Balance,Description' (FNB online banking), Safaricom's M-Pesa statement
'Receipt No.,Completion Time,...', the Sparkasse CSV-CAMT layout of 17 columns (as
laermannjan/beancount-import-sparkasse, MIT, lists it), and the generic credit/debit layouts.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from orchestration.ingest.bank_formats import BankFileError, is_bank_export, parse_bank_export
from orchestration.ingest.bank_formats.csv_values import parse_amount, parse_date

FIXTURES = Path(__file__).parents[1] / "fixtures" / "bank" / "csv_exports"
CONTRACT_COLUMNS = ("bank_txn_id", "value_date", "amount", "currency", "payer_name", "reference", "account_id")

CHASE = """Details,Posting Date,Description,Amount,Type,Balance,Check or Slip #
CREDIT,11/13/2026,"ORIG CO NAME:ACME WIDGETS INC CO ENTRY DESCR:PAYMENT INV-1042",1500.00,ACH_CREDIT,25500.00,,
DEBIT,11/12/2026,"ADP PAYROLL",-3200.00,ACH_DEBIT,24000.00,,
CREDIT,11/02/2026,"REMOTE ONLINE DEPOSIT 1",2750.25,DEPOSIT,27200.00,,
"""
MERCURY = """Date (UTC),Description,Amount,Status,Source Account,Bank Description,Reference,Note,\
Last Four Digits,Name On Card,Category,GL Code,Timestamp,Original Currency
11-03-2026,Globex Corp,"4,200.00",Sent,Mercury Checking ••5521,GLOBEX CORP ACH CREDIT,INV-2210,,,,,,\
11-03-2026 16:04:11,USD
11-04-2026,Initech LLC,980.00,Failed,Mercury Checking ••5521,INITECH WIRE,INV-2211,,,,,,11-04-2026 09:00:00,USD
11-05-2026,AWS,-120.00,Sent,Mercury Checking ••5521,AMAZON WEB SERVICES,,,4242,Jane Doe,Software,,\
11-05-2026 01:00:00,USD
"""
FNB = """Account Name:,Gold Business Account
Account Number:,62000005678
Statement Period:,01 Nov 2026 - 30 Nov 2026

Date,Amount,Balance,Description
2026/11/03,"12,500.00","40,250.00",FNB OB PMT FYNBOS PROPERTIES INV 7781
2026/11/04,-450.00,"39,800.00",MONTHLY ACCOUNT FEE
05 Nov 2026,"3,100.00","42,900.00",ACB CREDIT KAROO TRADING 7790
"""
MPESA = """M-PESA Statement
Customer Name:,ACME HARDWARE LTD

Receipt No.,Completion Time,Details,Transaction Status,Paid In,Withdrawn,Balance
SKQ1AB2CD3,2026-11-03 14:22:10,Pay Bill from 2547****678 - JOHN KAMAU Acc. INV-5521,Completed,"1,740.00",,"10,740.00"
SKQ1AB2CD4,2026-11-03 15:01:00,Pay Bill from 2547****111 - MARY WANJIKU Acc. INV-5522,Failed,500.00,,10740.00
SKQ1AB2CD5,2026-11-04 09:10:00,Pay Bill to 888880 - KPLC,Completed,,-500.00,"10,240.00"
"""
SPARKASSE = (
    '"Auftragskonto";"Buchungstag";"Valutadatum";"Buchungstext";"Verwendungszweck";"Glaeubiger ID";'
    '"Mandatsreferenz";"Kundenreferenz (End-to-End)";"Sammlerreferenz";"Lastschrift Ursprungsbetrag";'
    '"Auslagenersatz Ruecklastschrift";"Beguenstigter/Zahlungspflichtiger";"Kontonummer/IBAN";'
    '"BIC (SWIFT-Code)";"Betrag";"Waehrung";"Info"\n'
    '"DE89370400440532013000";"03.11.26";"04.11.26";"GUTSCHR. UEBERWEISUNG";"RE 2026-1042 Kd 881";"";"";'
    '"NOTPROVIDED";"";"";"";"Mueller GmbH";"DE02120300000000202051";"BYLADEM1001";"1.234,56";"EUR";"Umsatz gebucht"\n'
    '"DE89370400440532013000";"04.11.26";"04.11.26";"GUTSCHR. UEBERWEISUNG";"RE 2026-1043";"";"";"";"";"";"";'
    '"Schmidt AG";"DE02120300000000202051";"BYLADEM1001";"99,00";"EUR";"Umsatz vorgemerkt"\n'
    '"DE89370400440532013000";"05.11.26";"05.11.26";"FOLGELASTSCHRIFT";"Miete";"";"";"";"";"";"";'
    '"Vermieter KG";"DE02120300000000202051";"BYLADEM1001";"-850,00";"EUR";"Umsatz gebucht"\n')
CREDIT_DEBIT = """Date,Description,Credit,Debit,Balance
14/11/2026,FASTER PAYMENT FROM A SMITH REF INV 310,250.00,,1250.00
15/11/2026,DIRECT DEBIT BT GROUP,,45.00,1205.00
"""
MONEY_IN_OUT = """Date,Name,Description,Money In,Money Out,Balance
03/11/2026,Northwind Ltd,INV-88,£620.50,,£1620.50
04/11/2026,Landlord,Rent,,£900.00,£720.50
"""
DEPOSITS = """Date,Description,Deposits,Withdrawals,Running Balance
11/03/2026,ZELLE FROM UMBRELLA CORP INV 4410,"$2,000.00",,"$5,000.00"
11/04/2026,CHECK 1201,,"($300.00)","$4,700.00"
"""
CAPITEC = """PostingDate,Transaction Date,Description,MoneyIn(R),MoneyOut(R),Balance(R)
03/11/2026,02/11/2026,Payment Received: Karoo Trading INV 7790,"3,100.00",,"5,100.00"
04/11/2026,04/11/2026,Monthly Fee,,-7.50,"5,092.50"
"""
POSTFINANCE = """Booking date;Notification text;Credit in CHF;Debit in CHF;Value;Balance in CHF
30.11.2026;"GUTSCHRIFT VON MUSTER AG RE 2026-118";1200.5;;30.11.2026;9082.48
31.12.2026;"Preis für Bankpaket Smart";;-5;31.12.2026;9077.48
"""
CR_DR = """Transaction Date,Narration,Amount,Balance
03-11-2026,NIP/GTB/DANGOTE CEMENT/INV 9912,"1,234.56 CR","9,234.56"
04-11-2026,SMS ALERT CHARGES,4.00 DR,"9,230.56"
"""


@pytest.mark.parametrize(("name", "content", "expected"), [
    # signed amounts, month first (13 November decides; USD would too), Details' CREDIT/DEBIT no text
    ("Chase1234_USD_Activity_20261130.CSV", CHASE, [
        ("2026-11-13", "1500.00", "USD", "1234", "", "ORIG CO NAME:ACME WIDGETS INC CO ENTRY DESCR:PAYMENT INV-1042"),
        ("2026-11-02", "2750.25", "USD", "1234", "", "REMOTE ONLINE DEPOSIT 1")]),
    # the account from Source Account; a failed line is no money; dashes, month first by USD
    ("mercury_USD.csv", MERCURY, [
        ("2026-11-03", "4200.00", "USD", "Mercury Checking ••5521", "", "INV-2210 Globex Corp GLOBEX CORP ACH CREDIT")]),
    # preamble (its account number wins over the name's), 'YYYY/MM/DD' and 'DD Mon YYYY'
    ("FNB_ZAR_5678.csv", FNB, [
        ("2026-11-03", "12500.00", "ZAR", "62000005678", "", "FNB OB PMT FYNBOS PROPERTIES INV 7781"),
        ("2026-11-05", "3100.00", "ZAR", "62000005678", "", "ACB CREDIT KAROO TRADING 7790")]),
    # Paid In/Withdrawn, a time after the date, Details hold payer and the account typed
    ("MPESA_KES_600100.csv", MPESA, [
        ("2026-11-03", "1740.00", "KES", "600100", "", "Pay Bill from 2547****678 - JOHN KAMAU Acc. INV-5521")]),
    # ';', DD.MM.YY, '1.234,56', Valutadatum before Buchungstag, a pending line left out
    ("20261130-umsatz.CSV", SPARKASSE, [
        ("2026-11-04", "1234.56", "EUR", "DE89370400440532013000", "Mueller GmbH",
         "RE 2026-1042 Kd 881 GUTSCHR. UEBERWEISUNG")]),
    ("lloyds_GBP_12345678.csv", CREDIT_DEBIT, [
        ("2026-11-14", "250.00", "GBP", "12345678", "", "FASTER PAYMENT FROM A SMITH REF INV 310")]),
    # undecidable dates in GBP: day first
    ("monzo_GBP_4455.csv", MONEY_IN_OUT, [("2026-11-03", "620.50", "GBP", "4455", "Northwind Ltd", "INV-88")]),
    ("bofa_USD_9876.csv", DEPOSITS, [
        ("2026-11-03", "2000.00", "USD", "9876", "", "ZELLE FROM UMBRELLA CORP INV 4410")]),
    # the currency from the columns' '(R)' (Rand), undecidable dates in ZAR: day first
    ("capitec_1020304050.csv", CAPITEC, [
        ("2026-11-03", "3100.00", "ZAR", "1020304050", "", "Payment Received: Karoo Trading INV 7790")]),
    # PostFinance (header as tarioch/beancounttools reads it): 'Credit in CHF' gives the currency
    ("postfinance_CH9300762011623852957.csv", POSTFINANCE, [
        ("2026-11-30", "1200.5", "CHF", "CH9300762011623852957", "", "GUTSCHRIFT VON MUSTER AG RE 2026-118")]),
    ("gtbank_NGN_0123456789.csv", CR_DR, [
        ("2026-11-03", "1234.56", "NGN", "0123456789", "", "NIP/GTB/DANGOTE CEMENT/INV 9912")]),
])
def test_each_layout_gives_its_credits(tmp_path: Path, name: str, content: str, expected: list[tuple]) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert is_bank_export(path.read_bytes()[:4000], CONTRACT_COLUMNS)
    read = parse_bank_export(path)
    assert read.rejects == []
    assert [(line.value_date, line.amount, line.currency, line.account_id, line.payer_name, line.reference)
            for line in read.lines] == expected


def test_chase_rows_of_a_public_importers_tests_give_their_credits() -> None:
    read = parse_bank_export(FIXTURES / "mtlynch_Chase1234_USD_Activity.CSV")
    assert read.rejects == []
    assert [(line.value_date, line.amount, line.reference[:24]) for line in read.lines] == [
        ("2024-02-01", "15.00", "Monthly Service Fee Reve"), ("2025-04-18", "15.00", "FEE REVERSAL"),
        ("2021-09-03", "63.84", "ORIG CO NAME:gumroad.com"), ("2025-12-05", "7.76", "Cash Redemption"),
        ("2025-09-09", "85.59", "ORIG CO NAME:STRIPE CO E")]
    assert {(line.currency, line.account_id) for line in read.lines} == {("USD", "1234")}
    assert len({line.bank_txn_id for line in read.lines}) == 5


def test_the_banks_own_id_is_the_id_where_unique(tmp_path: Path) -> None:
    path = tmp_path / "MPESA_KES_600100.csv"
    path.write_text(MPESA)
    assert [line.bank_txn_id for line in parse_bank_export(path).lines] == ["SKQ1AB2CD3"]


def test_overlapping_exports_give_the_same_ids_and_repeats_their_own(tmp_path: Path) -> None:
    header = "Date,Description,Amount\n"
    first = tmp_path / "acme_EUR_1111_a.csv"
    first.write_text(header + "03/11/2026,ACME INV 1,100.00\n03/11/2026,ACME INV 1,100.00\n04/11/2026,B,5.00\n")
    second = tmp_path / "acme_EUR_1111_b.csv"
    second.write_text(header + "03/11/2026,ACME INV 1,100.00\n03/11/2026,ACME INV 1,100.00\n"
                               "04/11/2026,B,5.00\n05/11/2026,C,7.00\n")
    ids_a = [line.bank_txn_id for line in parse_bank_export(first).lines]
    ids_b = [line.bank_txn_id for line in parse_bank_export(second).lines]
    assert len(set(ids_a)) == 3 and ids_b[:3] == ids_a and ids_b[3] not in ids_a


def test_a_balance_tells_two_same_day_same_amount_payments_apart(tmp_path: Path) -> None:
    path = tmp_path / "bank_USD_2222.csv"
    path.write_text("Date,Description,Amount,Balance\n11/03/2026,DEPOSIT,50.00,150.00\n"
                    "11/03/2026,DEPOSIT,50.00,200.00\n")
    ids = [line.bank_txn_id for line in parse_bank_export(path).lines]
    assert len(set(ids)) == 2 and all(i.startswith("CSV-") for i in ids)


def test_a_row_without_a_date_or_amount_is_rejected_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "FNB_ZAR_5678.csv"
    path.write_text(FNB + "2026/13/45,10.00,1.00,X\n2026/11/06,ten,1.00,Y\n2026/11/07,,,Z\n2026/11/08,1.00,2.00,OK\n")
    read = parse_bank_export(path)
    assert [(r.line_number, r.reason) for r in read.rejects] == [
        (9, "date '2026/13/45' is not a date (this file writes the day first)"),
        (10, "amount 'ten' is not an amount"), (11, "no amount (the amount columns are empty)")]
    assert read.rejects[0].raw == "2026/13/45,10.00,1.00,X"
    assert [line.reference for line in read.lines][-1] == "OK"


@pytest.mark.parametrize(("name", "content", "message"), [
    # a generic layout names no currency (Chase's own does: test_bank_csv_exports_east.py)
    ("bank1234_Activity_20261130.CSV", "Posting Date,Description,Amount\n11/13/2026,ACME INV-1042,1500.00\n",
     "bank1234_Activity_20261130.CSV: no currency: the export has no currency column, its preamble and its name "
     "none (name it like 'bank1234_Activity_20261130_USD.CSV'; a currency column is named one of currency, ccy, "
     "currency code,"),
    ("chase_USD.csv", CHASE, "chase_USD.csv: no account: the export has no account column, its preamble and its "
                             "name none (name it like 'chase_USD_1234.csv'; an account column is named one of "
                             "account_id, account number,"),
    ("notes_EUR_1.csv", "hello,world\n1,2\n", "notes_EUR_1.csv: no column of bank/statement_lines in the header, "
                                              "nor a bank export's date and amount columns"),
])
def test_a_file_without_currency_account_or_header_is_refused_whole(tmp_path, name, content, message) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(BankFileError) as refused:
        parse_bank_export(path)
    assert str(refused.value).startswith(message)


def test_the_contracts_own_header_is_no_export() -> None:
    assert not is_bank_export(b"bank_txn_id,value_date,amount,currency\nB1,2026-01-05,1.00,USD\n", CONTRACT_COLUMNS)
    assert not is_bank_export(b"", CONTRACT_COLUMNS) and not is_bank_export(b"\x00\x01", CONTRACT_COLUMNS)


@pytest.mark.parametrize(("text", "decimal_comma", "value"), [
    ("1,234.56", False, "1234.56"), ("1.234,56", True, "1234.56"), ("1 234,56", True, "1234.56"),
    ("-1234.56", False, "-1234.56"), ("(1,234.56)", False, "-1234.56"), ("1234.56 CR", False, "1234.56"),
    ("1234.56DR", False, "-1234.56"), ("$1,234.56", False, "1234.56"), ("€ 12,50", True, "12.50"),
    ("R 12 500.00", False, "12500.00"), ("1.234,56-", True, "-1234.56"), ("KES 1,740.00", False, "1740.00"),
    ("1'234.56", False, "1234.56"), ("1,234", False, "1234"), ("1,234", True, "1.234"), ("1.234", True, "1234"),
    ("12", False, "12"), ("abc", False, None), ("1.2.3,4,5", True, None),
])
def test_amounts_are_decimals_from_text(text: str, decimal_comma: bool, value: str | None) -> None:
    parsed = parse_amount(text, decimal_comma)
    assert (None if parsed is None else str(parsed)) == value


@pytest.mark.parametrize(("text", "day_first", "iso"), [
    ("2026-11-03", False, "2026-11-03"), ("2026-11-03 14:22:10", True, "2026-11-03"),
    ("2026-11-03T14:22:10Z", True, "2026-11-03"), ("03/11/2026", True, "2026-11-03"),
    ("11/03/2026", False, "2026-11-03"), ("03.11.26", False, "2026-11-03"), ("03.11.2026", False, "2026-11-03"),
    ("2026/11/03", False, "2026-11-03"), ("03 Nov 2026", False, "2026-11-03"), ("3-Nov-26", False, "2026-11-03"),
    ("Nov 3, 2026", False, "2026-11-03"), ("20261103", False, "2026-11-03"), ("13/13/2026", True, None),
    ("yesterday", True, None),
])
def test_dates_in_the_orders_banks_write(text: str, day_first: bool, iso: str | None) -> None:
    parsed = parse_date(text, day_first)
    assert (None if parsed is None else parsed.isoformat()) == iso


@pytest.mark.parametrize(("dates", "currency", "first"), [
    (["03/11/2026", "25/11/2026"], "USD", "2026-11-03"),  # a day over 12 decides, whatever the currency
    (["11/03/2026", "11/25/2026"], "EUR", "2026-11-03"),  # a month-first file of a euro account
    (["11/03/2026", "11/04/2026"], "USD", "2026-11-03"),  # undecidable: USD month first
    (["11/03/2026", "11/04/2026"], "EUR", "2026-03-11"),  # undecidable: any other currency day first
])
def test_the_date_order_is_the_files(tmp_path, dates: list[str], currency: str, first: str) -> None:
    path = tmp_path / f"bank_{currency}_3333.csv"
    path.write_text("Date,Description,Amount\n" + "".join(f"{d},X{i},1.00\n" for i, d in enumerate(dates)))
    assert parse_bank_export(path).lines[0].value_date == first



def test_a_record_the_csv_reader_cannot_split_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "bank_EUR_4444.csv"
    path.write_text("Date,Description,Amount\n03/11/2026,A,1.00\n04/11/2026,B" + "x" * 200 + ",2.00\n05/11/2026,C,3.00\n")
    limit = csv.field_size_limit(100)  # a field over the reader's limit is one it cannot split
    try:
        read = parse_bank_export(path)
    finally:
        csv.field_size_limit(limit)
    assert [line.reference for line in read.lines] == ["A", "C"]
    assert [(r.line_number, r.reason.split(":")[0]) for r in read.rejects] == [(3, "unreadable CSV record")]
