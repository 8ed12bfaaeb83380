"""Each variant banks write, tested on its own (sources in docs/cash_application.md, "Bank files ->
statement lines"). Small files are written here in the documented layouts; the real files that
carry each variant are in test_bank_collection.py."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from orchestration.ingest.bank_formats import BankFileError, parse_bank_file
from orchestration.ingest.bank_formats.common import decode

FIXTURES = Path(__file__).parents[1] / "fixtures" / "bank"


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


# --- BAI2 ---------------------------------------------------------------------------------------

def bai2_file(*details: str, currency: str = "USD") -> str:
    """One group, one account, the given 16 (and 88) records, with true control totals and counts."""
    amounts = [int(d.split(",")[2]) for d in details if d.startswith("16,")]
    account = ["03,1234567890," + currency + ",/", *details]
    records = [*account, f"49,{sum(amounts)},{len(account) + 1}/"]
    group = ["02,RECEIVER,BANK,1,260302,2359,,2/", *records, f"98,{sum(amounts)},1,{len(records) + 2}/"]
    return "\n".join(["01,BANK,RECEIVER,260302,2359,1,,,2/", *group, f"99,{sum(amounts)},1,{len(group) + 2}/"]) + "\n"


@pytest.mark.parametrize(("text", "payer", "in_reference", "not_anywhere"), [
    # SVB/JPMorgan-style ':=' tags after the originator's name must not run into it
    ("ORIGINATOR NAME:ACME INC ORG ADDRESS:=1 MAIN ST SPRINGFIELD REC ID:=998877 OBI:INV-77",
     "ACME INC", "INV-77", "MAIN ST"),
    ("ORG NAME:=GLOBEX CORP REC ID:=12 RMR:=IV*INV-12", "GLOBEX CORP", "INV-12", "REC ID"),
    # an account number before the name (SWIFT field 50 "/account" line, Citi's B/O)
    ("B/O: 0123456789 INITECH LLC OBI: PO 5521", "INITECH LLC", "PO 5521", "0123456789"),
    ("ORG:/8877665544 UMBRELLA LTD REF:INV 9", "UMBRELLA LTD", "INV 9", "8877665544"),
    # Goldman Sachs 88 tags (moov-io sample4)
    ("DBNM: SAMPLE INC REMI: Invoice 4411 EREF: E2E-1", "SAMPLE INC", "Invoice 4411", "DBNM"),
    # and their party ids (Goldman Sachs' GSBI samples in a GPL repository, not copied here)
    ("DBNM: ABC Test Client 1 CCID: 154F7590EC4047918791D539604C66F5 REMI: INV-5", "ABC Test Client 1", "INV-5",
     "CCID"),
    ("DBNM: ABC Test Client 1 OPRP: XYZ ORIGINATOR LTD DCID: 77 REMI: INV-5", "ABC Test Client 1", "INV-5", "OPRP"),
    # X12 addenda after another field's value (a Chase-style ACH text: '... TRN: <trace>TC RMR*...')
    ("ORIG CO NAME:ACME WIDGETS INC SEC:CCD IND NAME:PAYEE INC TRN: 0494216004TC RMR*IV*1042**1500.00\\",
     "ACME WIDGETS INC", "RMR*IV*1042**1500.00", "TRN"),
    # a Canadian bank's wire (field 50 and 70 by their MT103 names), an Interac e-Transfer's sender
    # and message, a lockbox check's drawer and stub: the number alone is the remittance
    ("INCOMING WIRE PAYMENT ORDERING CUST: GRANITE METALS LIMITED DETAILS: 2551 REF 9197048250",
     "GRANITE METALS LIMITED", "2551", "ORDERING"),
    ("INTERAC E-TRF 4946265918 FROM: DAVID SINGH MSG: 2364", "DAVID SINGH", "2364", "MSG"),
    ("LOCKBOX 728 ITEM CHECK 70848 DRAWER: HURON COATINGS STUB : 1780", "HURON COATINGS", "1780", "STUB"),
])
def test_bai2_88_tags_give_payer_and_remittance(tmp_path, text, payer, in_reference, not_anywhere):
    path = _write(tmp_path, "f.bai2", bai2_file("16,195,150000,0,BR1,,/", f"88,{text}/"))
    (line,) = parse_bank_file(path)
    assert line.payer_name == payer and in_reference in line.reference
    assert not_anywhere not in line.payer_name


@pytest.mark.parametrize(("detail", "value_date"), [
    ("16,175,1000,0,B1,C1,ZERO DAY/", "2026-03-02"),  # funds types 0/1/2/Z: the group's as-of date
    ("16,175,1000,Z,B1,C1,DISTRIBUTED/", "2026-03-02"),
    ("16,175,1000,V,260305,1200,B1,C1,VALUE DATED/", "2026-03-05"),  # V: its own value date
    ("16,175,1000,S,500,300,200,B1,C1,DISTRIBUTION/", "2026-03-02"),  # S: three more fields
    ("16,175,1000,D,2,1,600,2,400,B1,C1,DAYS/", "2026-03-02"),  # D: a count, then day/amount pairs
])
def test_bai2_funds_types(tmp_path, detail, value_date):
    (line,) = parse_bank_file(_write(tmp_path, "f.bai2", bai2_file(detail)))
    assert (line.bank_txn_id, line.value_date, line.amount, line.reference.split()[0]) == (
        "B1", value_date, "10.00", detail.rsplit(",", 1)[1].rstrip("/").split()[0])


def test_bai2_spec_sample_multi_group_multi_account_with_continued_summaries():
    lines = parse_bank_file(FIXTURES / "moov_sample2_bai_spec.bai2")
    assert [(line.account_id, line.amount) for line in lines] == [
        ("0123456789", "4500.00"), ("9876543210", "5000.00"), ("4589761203", "200000.00"), ("4589761203", "100000.00")]


def test_bai2_several_records_on_one_physical_line():
    lines = parse_bank_file(FIXTURES / "moov_sample3.bai2")
    assert [line.line_number for line in lines[:3]] == [3, 3, 4]


@pytest.mark.parametrize(("change", "reason"), [
    (lambda f: f.replace("49,150000,", "49,150001,"), "account control total 150001 but its amounts add up to 150000"),
    (lambda f: f.replace("98,150000,1,", "98,150000,1,9"), "group says"),
    (lambda f: f.rsplit("99,", 1)[0], "ends before its 99 file trailer"),
    (lambda f: f.replace("16,195,150000", "16,195,15x000"), "amount '15x000' is not a whole number"),
    (lambda f: f.replace("02,RECEIVER,BANK,1,", "02,RECEIVER,BANK,4,"), "line 2: BAI2 group status 4 .test only.: not read"),
    (lambda f: f.replace("02,RECEIVER,BANK,1,", "02,RECEIVER,BANK,2,"), "group status 2 .deletion."),
])
def test_bai2_broken_files_are_refused_with_a_reason(tmp_path, change, reason):
    path = _write(tmp_path, "f.bai2", change(bai2_file("16,195,150000,0,BR1,,TEXT/")))
    with pytest.raises(BankFileError, match=reason):
        parse_bank_file(path)


# --- camt ----------------------------------------------------------------------------------------

CAMT = """<?xml version="1.0"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:{message}.001.{version}"><{root}>
<GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-03-04T10:00:00</CreDtTm></GrpHdr>
<{report}><Id>S1</Id>{period}<Acct><Id><IBAN>CH9300762011623852957</IBAN></Id></Acct>
<Ntry><Amt Ccy="CHF">30.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>{entry_dates}<AcctSvcrRef>E1</AcctSvcrRef>
<NtryDtls>{details}</NtryDtls></Ntry>
</{report}></{root}></Document>"""
DETAIL = """<TxDtls>{amount}<RltdPties><Dbtr>{debtor}</Dbtr></RltdPties>{dates}
<RmtInf><Ustrd>{text}</Ustrd></RmtInf></TxDtls>"""


def camt(message="camt.053", version="08", entry_dates="", period="", details=None) -> str:
    root, report = {"camt.052": ("BkToCstmrAcctRpt", "Rpt"), "camt.053": ("BkToCstmrStmt", "Stmt"),
                    "camt.054": ("BkToCstmrDbtCdtNtfctn", "Ntfctn")}[message]
    debtor = "<Nm>Acme AG</Nm>" if version < "08" else "<Pty><Nm>Acme AG</Nm></Pty>"
    details = details if details is not None else [DETAIL.format(amount="", debtor=debtor, dates="", text="INV-1")]
    return CAMT.format(message=message, version=version, root=root, report=report, period=period,
                       entry_dates=entry_dates, details="".join(details))


@pytest.mark.parametrize("message", ["camt.052", "camt.053", "camt.054"])
@pytest.mark.parametrize("version", ["02", "03", "04", "05", "06", "07", "08", "09", "10"])
def test_camt_messages_and_versions(tmp_path, message, version):
    path = _write(tmp_path, "f.xml", camt(message, version, "<ValDt><Dt>2026-03-02</Dt></ValDt>"))
    (line,) = parse_bank_file(path)
    assert (line.bank_txn_id, line.amount, line.payer_name, line.reference, line.value_date) == (
        "E1", "30.00", "Acme AG", "INV-1", "2026-03-02")


@pytest.mark.parametrize(("entry_dates", "detail_dates", "period", "value_date"), [
    ("<BookgDt><Dt>2026-03-01</Dt></BookgDt><ValDt><Dt>2026-03-02</Dt></ValDt>", "", "", "2026-03-02"),
    ("<BookgDt><DtTm>2026-03-01T09:00:00</DtTm></BookgDt>", "", "", "2026-03-01"),
    ("", "<RltdDts><IntrBkSttlmDt>2026-02-27</IntrBkSttlmDt></RltdDts>", "", "2026-02-27"),
    ("", "<RltdDts><AccptncDtTm>2026-02-26T08:00:00</AccptncDtTm></RltdDts>", "", "2026-02-26"),
    ("", "", "<FrToDt><FrDtTm>2026-03-03T00:00:00</FrDtTm><ToDtTm>2026-03-03T23:59:59</ToDtTm></FrToDt>",
     "2026-03-03"),
    ("", "", "", "2026-03-04"),  # the message's creation date
    # an ISO date with a time zone (xs:date allows one: Raiffeisen Switzerland's camt.053)
    ("<ValDt><Dt>2026-03-02+02:00</Dt></ValDt>", "", "", "2026-03-02"),
    ("<ValDt><Dt>2026-03-02Z</Dt></ValDt>", "", "", "2026-03-02"),
])
def test_camt_date_fallbacks(tmp_path, entry_dates, detail_dates, period, value_date):
    detail = DETAIL.format(amount="", debtor="<Nm>A</Nm>", dates=detail_dates, text="X")
    path = _write(tmp_path, "f.xml", camt(entry_dates=entry_dates, period=period, details=[detail]))
    (line,) = parse_bank_file(path)
    assert line.value_date == value_date


def test_camt_batch_entry_gives_one_line_per_payment(tmp_path):
    details = [DETAIL.format(amount=f'<Amt Ccy="CHF">{a}</Amt>', debtor=f"<Nm>{n}</Nm>", dates="", text=t)
               for a, n, t in (("10.00", "A", "INV-1"), ("20.00", "B", "INV-2"))]
    lines = parse_bank_file(_write(tmp_path, "f.xml", camt(details=details)))
    assert [(line.bank_txn_id, line.amount, line.payer_name, line.reference) for line in lines] == [
        ("E1/1", "10.00", "A", "INV-1"), ("E1/2", "20.00", "B", "INV-2")]


def test_camt_batch_without_detail_amounts_is_one_line_of_the_entry_amount(tmp_path):
    details = [DETAIL.format(amount="", debtor="<Nm>A</Nm>", dates="", text="INV-1")] * 2
    (line,) = parse_bank_file(_write(tmp_path, "f.xml", camt(details=details)))
    assert (line.bank_txn_id, line.amount) == ("E1", "30.00")


@pytest.mark.parametrize(("detail", "batch_total"), [
    ("16,115,3877950,0,LBX0447,,LOCKBOX DEPOSIT LBX 0447 ITEMS 1/", "BAI2 115, lockbox deposit"),
    ("16,175,120000,0,DEP1,,CHECK DEPOSIT PACKAGE/", "BAI2 175, check deposit package"),
    ("16,116,3877950,0,LBX0447-1,,ITEM IN LOCKBOX DEPOSIT CHECK 2942/", ""),  # an item, not the total
    ("16,195,3877950,0,FW1,,WIRE B/O ACME INC/", ""),
])
def test_bai2_a_deposit_the_bank_books_as_a_batch_total(tmp_path, detail, batch_total):
    (line,) = parse_bank_file(_write(tmp_path, "f.bai2", bai2_file(detail)))
    assert line.batch_total == batch_total


ENTRY_ONLY = """<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
<GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-03-04T10:00:00</CreDtTm></GrpHdr>
<Stmt><Id>S1</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>
<Ntry><Amt Ccy="EUR">250.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><ValDt><Dt>2026-03-02</Dt></ValDt>
<AcctSvcrRef>E1</AcctSvcrRef>{code}{details}<AddtlNtryInf>SEPA-LS SAMMLER</AddtlNtryInf></Ntry>
</Stmt></BkToCstmrStmt></Document>"""
DK_CODE = "<BkTxCd><Prtry><Cd>NDDT+{gvc}+00931+992</Cd><Issr>DK</Issr></Prtry></BkTxCd>"


@pytest.mark.parametrize(("code", "details", "batch_total"), [
    # ISO 20022's batch booking: the entry says it is a batch and lists no payment
    ("", "<NtryDtls><Btch><PmtInfId>DD-1</PmtInfId><NbOfTxs>1</NbOfTxs></Btch></NtryDtls>", "camt batch"),
    # the Deutsche Kreditwirtschaft's proprietary code: N + SWIFT type + GVC (192: SEPA collection)
    (DK_CODE.format(gvc="192"), "", "GVC 192"),
    (DK_CODE.format(gvc="196"), "", "GVC 196"),  # B2B direct-debit collection
    (DK_CODE.format(gvc="166"), "", ""),  # a SEPA credit transfer of its own
    ("", "", ""),  # an entry that says nothing of a batch
    # a batch whose payment is listed here (a camt.054's detail) is that payment, not a total
    ("", "<NtryDtls><Btch><NbOfTxs>1</NbOfTxs></Btch><TxDtls><RltdPties><Dbtr><Pty><Nm>Kunde GmbH</Nm></Pty>"
         "</Dbtr></RltdPties><RmtInf><Ustrd>RE-1</Ustrd></RmtInf></TxDtls></NtryDtls>", ""),
    (DK_CODE.format(gvc="192"), "<NtryDtls><TxDtls><RmtInf><Ustrd>RE-1</Ustrd></RmtInf></TxDtls></NtryDtls>", ""),
])
def test_camt_an_entry_the_bank_books_as_a_batch_total(tmp_path, code, details, batch_total):
    (line,) = parse_bank_file(_write(tmp_path, "f.xml", ENTRY_ONLY.format(code=code, details=details)))
    assert (line.amount, line.batch_total) == ("250.00", batch_total)


# --- MT940 ---------------------------------------------------------------------------------------

def mt940(line61: str, line86: str = "", number: str = "00001/001", extra: str = "") -> str:
    info = f":86:{line86}\n" if line86 else ""
    return (f":20:STMT1\n:25:NL91ABNA0417164300\n:28C:{number}\n:60F:C260301EUR100,00\n"
            f":61:{line61}\n{extra}{info}:62F:C260302EUR130,00\n-\n")


@pytest.mark.parametrize(("line61", "amount", "bank_ref"), [
    ("2603020302C30,00NTRFNONREF//B6C02AB123", "30.00", "B6C02AB123"),  # comma decimals
    ("2603020302C30.00NTRFNONREF//B6C02AB123", "30.00", "B6C02AB123"),  # old Rabobank: a point
    ("2603020302C30,NTRFNONREF//B6C02AB123", "30", "B6C02AB123"),  # no decimals after the comma
    ("260302C30,00NTRFNONREF//B6C02AB123", "30.00", "B6C02AB123"),  # no entry date
    ("2603020302CR30,00NTRFNONREF//B6C02AB123", "30.00", "B6C02AB123"),  # funds code R
    ("2603020302C30,00NONREF//B6C02AB123", "30.00", "B6C02AB123"),  # no type code (Penta)
    ("2603020302C30,00//B6C02AB123", "30.00", "B6C02AB123"),  # nor a customer reference (Zenith)
    # Sparkasse: the line wrapped after the credit/debit mark, the amount on the next line
    ("2603020302CR\n30,00N062NONREF//B6C02AB123", "30.00", "B6C02AB123"),
    ("2603020302C\n30,00NTRFNONREF//B6C02AB123", "30.00", "B6C02AB123"),
    ("260302RD \n30,00NTRFNONREF//B6C02AB123", "30.00", "B6C02AB123"),
])
def test_mt940_statement_line_forms(tmp_path, line61, amount, bank_ref):
    (line,) = parse_bank_file(_write(tmp_path, "f.sta", mt940(line61)))
    assert (line.amount, line.bank_txn_id, line.value_date, line.currency) == (amount, bank_ref, "2026-03-02", "EUR")


@pytest.mark.parametrize(("line61", "value_date"), [
    ("1602300301C6,00N024NONREF", "2016-02-29"),  # a German quarterly closing: 30 February, leap year
    ("2602300301C6,00N024NONREF", "2026-02-28"),
    ("2602290301C6,00N024NONREF", "2026-02-28"),
    ("2604310501C6,00N024NONREF", "2026-04-30"),  # any month's day past its end
    ("2601310131C6,00N024NONREF", "2026-01-31"),  # a real date is kept
])
def test_mt940_a_day_past_the_month_end_is_its_last_day(tmp_path, line61, value_date):
    (line,) = parse_bank_file(_write(tmp_path, "f.sta", mt940(line61)))
    assert (line.value_date, line.amount) == (value_date, "6.00")


def test_mt940_account_identification_with_an_identifier_code(tmp_path):
    """Field 25P (SWIFT's option P: the account, then the servicer's BIC on its own line)."""
    text = mt940("2603020302C30,00NTRFNONREF").replace(":25:NL91ABNA0417164300", ":25P:NL91ABNA0417164300\nABNANL2A")
    (line,) = parse_bank_file(_write(tmp_path, "f.sta", text))
    assert line.account_id == "NL91ABNA0417164300"


def test_mt940_a_statement_line_wrapped_after_its_mark_keeps_its_details(tmp_path):
    """A Sparkasse export (wolph/mt940's self-provided/sparkassen.sta is this fragment only):
    the :61: cut after 'CR', the details on the lines after the amount still read."""
    text = (":20:STARTUMSE\n:25:12345678/1020304050\n:28C:00000/001\n:60F:C181125EUR1200,00\n"
            ":61:1811261126CR\n30,00N062NONREF\nSUPPLEMENTARY\n"
            ":86:166?00GUTSCHR. UEBERWEISUNG?081542?20SVWZ+Rechnung 4711?32Max Mustermann\n"
            ":62F:C181126EUR1230,00\n-\n")
    (line,) = parse_bank_file(_write(tmp_path, "f.sta", text))
    assert (line.value_date, line.amount, line.payer_name, line.reference) == (
        "2018-11-26", "30.00", "Max Mustermann", "Rechnung 4711")


@pytest.mark.parametrize("number", ["00001/001", "1", "/1", " /1", "12345", "00000/00"])
def test_mt940_statement_number_forms(tmp_path, number):
    assert len(parse_bank_file(_write(tmp_path, "f.sta", mt940("2603020302C30,00NTRFNONREF", number=number)))) == 1


@pytest.mark.parametrize(("line61", "extra", "line86", "payer", "reference"), [
    # German/DFU structured :86: (?20-?29 purpose with SEPA keys, ?32/?33 name)
    ("2603020302C30,00NTRFNONREF", "", "166?00GUTSCHRIFT?20EREF+E2E-77?21SVWZ+Rechnung 2026-15?30GENODEF1"
     "?31DE44500105175407324931?32Max Mustermann", "Max Mustermann", "Rechnung 2026-15 E2E-77"),
    # Triodos: '>' separators
    ("2603020302C30,00NTRFNONREF", "", "000>100555555555\n>20INVOICE 4411\n>310666666666", "", "INVOICE 4411"),
    # SWIFT tags: bunq /NAME/ /REMI/
    ("2603020302C30,00NTRFNONREF", "", "/IBAN/NL65BUNQ2206724936/NAME/P.C. Wacki/REMI/Order 12",
     "P.C. Wacki", "Order 12"),
    # ING/ABN AMRO: /EREF/, /REMI/USTD//, /CNTP/account/BIC/name/city/
    ("2603020302C30,00NTRFNONREF", "", "/EREF/E2E-9//CNTP/NL44RABO0123456789/RABONL2U/J. Jansen/UTRECHT/"
     "/REMI/USTD//Factuur 2026-7/", "J. Jansen", "Factuur 2026-7 E2E-9"),
    # ING's MT940 structured example: a Dutch payment reference (/REMI/STRD/CUR/) keeps its name
    ("2603020302C32,00NTRF9001123412341234", "", "/EREF/15814016000676480//CNTP/NL32INGB0000012345/INGBNL2A/"
     "J.Janssen///REMI/STRD/CUR/9001123412341234/", "J.Janssen",
     "BETALINGSKENMERK 9001123412341234 15814016000676480"),
    # ASN: the payer's IBAN as customer reference, their name on the details line
    ("2603020302C30,00NOVBNL29INGB0006475121", "j blom\n", "Salaris maart", "j blom", "Salaris maart"),
    # a :86: line that starts like a tag but is none continues the text (wolph/mt940's
    # wrapped_timestamp.sta, transaction_details_wrapped.sta; zilverline/mt940's ING files)
    ("2603020302C30,00NTRFNONREF", "", "166?00GUTSCHRIFT?20Rechnung 4711 12-09-2014T16\n:26:37 Fo?21lgenr. 007"
     "?32Max Mustermann", "Max Mustermann", "Rechnung 4711 12-09-2014T16:26:37 Folgenr. 007"),
    ("2603020302C30,00NTRFNONREF", "", "805?00GUTSCHRIFT?20Pauschalen?32Max Mustermann?602017-01-01T13\n:12:11",
     "Max Mustermann", "Pauschalen 2017-01-01T13:12:11"),
    ("2603020302C30,00NTRFNONREF", "", "/EREF/E2E-9//CNTP/NL44RABO0123456789/RABONL2U/J. Jansen/UTRECHT/"
     "/REMI/USTD//KASSA 05/31/2017 00\n:00:00/", "J. Jansen", "KASSA 05/31/2017 00:00:00 E2E-9"),
    # a :61: customer reference that only names where the reference is (Rabobank EREF/PREF/MARF,
    # a German bank's empty KREF+) adds nothing
    ("2603020302C30,00N541EREF", "NL55RABO0444444444\n", "/EREF/E2E-1/ORDP//NAME/ACME BV/REMI/Invoice 12",
     "ACME BV", "Invoice 12 E2E-1"),
    ("2603020302C30,00N541PREF", "", "/ORDP//NAME/ACME BV/REMI/Invoice 12", "ACME BV", "Invoice 12"),
    ("2603020302C30,00NCOLKREF+//B1", "", "171?00SEPA?20SVWZ+Invoice 12?32ACME", "ACME", "Invoice 12"),
    # Polish '~' sub-fields (mBank): ~20-~25 the title, ~32-~33 the name, ~62-~63 the payer's
    # address, no part of the purpose (its street number is no invoice's)
    ("2603020302C30,00NTRFNONREF", "", "055~00VE02PRZELEW~20Faktura nr FV/2026/03/0028~3010501445~31000012"
     "~32WARTA LOGISTYKA SP. Z O.O.~38PL61109010140000071219812874~62ul. Przemyslowa 44~63Warszawa",
     "WARTA LOGISTYKA SP. Z O.O.", "Faktura nr FV/2026/03/0028"),
    # '/REMI//REMI/text' (Rabobank): the non-empty one
    ("2603020302C30,00NTRFNONREF", "", "/NAME/ACME BV/REMI//REMI/Invoice 12", "ACME BV", "Invoice 12"),
    # a space between the amount and the type code
    ("2603020302C30,00 NTRFNONREF//B1", "", "Invoice 12", "", "Invoice 12"),
    ("2603020302C30,00  NTRFINV-9//B1", "", "Invoice 12", "", "Invoice 12 INV-9"),
    # old Rabobank: the payer's name after the customer reference padded to 16 characters
    ("2603020302C30,00NMSCNONREF          MR AND MRS DAVIDS", "", "INV. 18", "MR AND MRS DAVIDS", "INV. 18"),
    ("2603020302C30,00NMSC1173113681      ROBECO", "", "VERKOOP", "ROBECO", "VERKOOP 1173113681"),
    # ... but not a long reference, nor one with a space inside its 16 characters
    ("2603020302C30,00NTRFINVOICE-2026-00009 X", "", "Payment", "", "Payment INVOICE-2026-00009 X"),
    ("2603020302C30,00NTRFINV 12         ACME", "", "Payment", "", "Payment INV 12 ACME"),
    # Komercijalna Banka Skopje: /ORDP/account, then name, references and purpose a line each
    ("2603020302C30,00NMSCNONREF//B1", "", "/ORDP/300000000460495\n/IVOTEHNA DOOEL SKOPJE\n/747//747\n"
     "/Uplata po faktura 747", "IVOTEHNA DOOEL SKOPJE", "Uplata po faktura 747"),
    ("2603020302C30,00NMSCNONREF//B1", "", "/ORDP/300000000460495\n/ACME DOOEL\n/00//00\n/Faktura 12",
     "ACME DOOEL", "Faktura 12"),
    # a labelled name ends at the next label or a run of spaces (old ABN AMRO)
    ("2603020302C30,00NTRFNONREF", "", "SEPA INCASSO\nNAAM: BHBBAAA B.V.              MACHTIGING: BHV001",
     "BHBBAAA B.V.", "SEPA INCASSO NAAM: BHBBAAA B.V. MACHTIGING: BHV001"),
    ("2603020302C30,00NTRFNONREF", "", "NAAM: ACME BV OMSCHRIJVING: FACTUUR 12", "ACME BV",
     "NAAM: ACME BV OMSCHRIJVING: FACTUUR 12"),
    # Rabobank (2025): /TRCD/ (the transaction code) after /EREF/ ends the end-to-end reference
    ("2603020302C30,00N541EREF//B1", "", "/EREF/109167-132711181-866865/TRCD/541/ORDP//NAME/MGM MODELS GMBH\n"
     "/REMI/Statements 1679a,1680a/ISDT/2025-03-14", "MGM MODELS GMBH", "Statements 1679a,1680a 109167-132711181-866865"),
    # UniCredit Bulbank: a 3-letter code, '+NN' sub-fields, the purpose in +00 and +21, the name in +32
    ("2603020302C30,00NMSC//000001", "", "TBB+00PAYMENT INV 1460004654+21INV 1460004654 +30BFTBBGSF"
     "+31BG42BFTB76301077479705+32FIRMA1 OOD ", "FIRMA1 OOD", "PAYMENT INV 1460004654"),
    # no :86:: the :61: supplementary details are the line's only words (SWIFT's MT940 example)
    ("980623C50000000,NTRFNONREF//8951234", "ORDER BK OF NYC WESTERN CASH RESERVE\n", "", "",
     "ORDER BK OF NYC WESTERN CASH RESERVE"),
    # an account, then a code of more digits than letters, is no payer (Bank Danamon via a converter)
    ("2603020302C30,00NTRFNONREF", "", "7170030400010058 GR 417844", "", "7170030400010058 GR 417844"),
    # UK statement text, the payer after the last FROM (Santander's layout; a reference with a FROM)
    ("2603020302C30,00NTRFNONREF", "", "FASTER PAYMENTS RECEIPT REF.ABC123 FROM A Smith", "A Smith",
     "FASTER PAYMENTS RECEIPT REF.ABC123 FROM A Smith"),
    ("2603020302C30,00NTRFNONREF", "", "FASTER PAYMENTS RECEIPT REF.PAYMENT FROM FEB FROM JONES LTD", "JONES LTD",
     "FASTER PAYMENTS RECEIPT REF.PAYMENT FROM FEB FROM JONES LTD"),
    # a US bank's wire and ACH text in its MT940, tagged as in its BAI2: the originator, not the
    # intermediary bank after VIA, nor the ACH ID after the company name
    ("2603020302C30,00NTRFNONREF", "", "FEDWIRE CREDIT VIA: JPMORGAN CHASE BANK/021000021 B/O: HERON CONTROLS WW "
     "REF: 3682107 OBI: RE: 4521", "HERON CONTROLS WW",
     "FEDWIRE CREDIT VIA: JPMORGAN CHASE BANK/021000021 B/O: HERON CONTROLS WW REF: 3682107 OBI: RE: 4521"),
    ("2603020302C30,00NTRFNONREF", "", "ACH CREDIT ORIG CO NAME:AMBERLY ENTERPRI ORIG ID:2133974769 DESC DATE:260807",
     "AMBERLY ENTERPRI", "ACH CREDIT ORIG CO NAME:AMBERLY ENTERPRI ORIG ID:2133974769 DESC DATE:260807"),
    # free text cut at the line's 65 characters runs on without a space (PostFinance cuts words so);
    # a shorter line ends a word
    ("2603020302C30,00NTRFNONREF", "", "FASTER PAYMENTS RECEIPT REF.INVOICE 2026-00077 FROM WEXLEY RECRUI\nTMENT",
     "WEXLEY RECRUITMENT", "FASTER PAYMENTS RECEIPT REF.INVOICE 2026-00077 FROM WEXLEY RECRUITMENT"),
    ("2603020302C30,00NTRFNONREF", "", "Payment for invoice 2026-9\nthank you", "",
     "Payment for invoice 2026-9 thank you"),
    # a short :61: reference does not push the :86: purpose out
    ("2603020302C30,00NTRFINV9//B1", "", "Payment for invoice 2026-9 thank you", "",
     "Payment for invoice 2026-9 thank you INV9"),
])
def test_mt940_details_dialects(tmp_path, line61, extra, line86, payer, reference):
    (line,) = parse_bank_file(_write(tmp_path, "f.sta", mt940(line61, line86, extra=extra)))
    assert (line.payer_name, line.reference) == (payer, reference)



@pytest.mark.parametrize(("line61", "line86", "batch_total"), [
    # the German structured :86:'s business transaction code of a batch credited as one booking
    ("2603020302CR250,00N192NONREF", "192?00SEPA-LS SAMMLER-GUTSCHR?20SAMMLER-REF DD-1", "GVC 192"),
    ("2603020302CR250,00NMSCNONREF", "194 ?00SEPA-UEBERWEISUNG SAMMLER", "GVC 194"),
    ("2603020302CR250,00N166NONREF", "166?00SEPA-GUTSCHRIFT?20RE-1?32Kunde GmbH", ""),
    # ABN AMRO's :61: type N192 is a giro payment, its :86: unstructured
    ("2603020302C250,00N192NONREF", "GIRO   428428 KPN - DIGITENNE    BETALINGSKENM.  000000042188659", ""),
    ("2603020302C250,00NTRFNONREF", "192 parts ordered, invoice 77", ""),  # words, not a code
])
def test_mt940_a_credit_the_bank_books_as_a_batch_total(tmp_path, line61, line86, batch_total):
    (line,) = parse_bank_file(_write(tmp_path, "f.sta", mt940(line61, line86)))
    assert line.batch_total == batch_total

@pytest.mark.parametrize(("encoding", "text"), [
    ("cp852", "Csoportos átutalás jóváírása"),  # Hungarian (Raiffeisen)
    ("cp852", "Przelew środków zażółć"),  # Polish
    ("iso8859_2", "ZAPŁATA ZA FAKTURĘ ŚWIĘTOKRZYSKA SPÓŁKA"),  # Polish (mBank)
    ("cp1250", "Platba faktury Šťastný Žďár"),  # Czech, Windows-1250
    ("cp1252", "Überweisung Müller Gebühr"),  # German, Latin-1/Windows-1252
    ("cp1252", "Facture réglée à Sébastien Peña"),  # French and Spanish: the same in Latin-2 or a letter of the same case
    ("utf-8-sig", "Überweisung Müller"),  # UTF-8 with a BOM
])
def test_code_pages(tmp_path, encoding, text):
    data = mt940("2603020302C30,00NTRFNONREF", text).encode(encoding)
    assert decode(data).count(text) == 1
    (line,) = parse_bank_file(_write(tmp_path, "f.sta", data))
    assert line.reference == text


@pytest.mark.parametrize(("content", "reason"), [
    (":20:X\n:25:1\n:60F:C260301EUR1,00\n:61:garbage\n", "line 4: :61: statement line 'garbage' is not"),
    (":20:X\n:25:1\n:60F:C260301EUR1,00\n:61:2613300230C1,00NTRFNONREF\n", "line 4: :61: value date 261330"),
    (":20:X\n:25:1\n:60F:C260301EUR1,00\n:61:2602000230C1,00NTRFNONREF\n", "line 4: :61: value date 260200"),
    (":20:X\n:25:1\n:60F:C260301EUR1,00\n:61:2602320230C1,00NTRFNONREF\n", "line 4: :61: value date 260232"),
    (":20:X\n:25:1\n:60F:C260301EUR1,00\n:61:2600100230C1,00NTRFNONREF\n", "line 4: :61: value date 260010"),
    (":20:X\n:25:1\n:61:2603020302C1,00NTRFNONREF\n", "statement without a currency"),
])
def test_mt940_broken_files_are_refused_with_a_reason(tmp_path, content, reason):
    with pytest.raises(BankFileError, match=reason):
        parse_bank_file(_write(tmp_path, "f.sta", content))


def test_parsing_is_quiet(capfd, caplog):
    for path in sorted(FIXTURES.iterdir()):
        if path.is_file() and path.name != "NOTICE":
            try:
                parse_bank_file(path)
            except BankFileError:
                pass
    assert capfd.readouterr() == ("", "") and caplog.records == []


def _mutations(name: str) -> st.SearchStrategy[bytes]:
    data = (FIXTURES / name).read_bytes()
    cut = st.integers(0, len(data)).map(lambda n: data[:n])
    flip = st.tuples(st.integers(0, len(data) - 1), st.sampled_from(list(b",/:\n?<>0C"))).map(
        lambda change: data[:change[0]] + bytes([change[1]]) + data[change[0] + 1:])
    return st.one_of(cut, flip)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=st.sampled_from([("moov_sample2_bai_spec.bai2", ".bai2"), ("moov_sample3.bai2", ".bai2"),
                             ("subite_lt_camt054_2024-03-07.xml", ".xml"), ("fruitl00p_bunq.sta", ".sta"),
                             ("wolph_betterplace_sepa_mt9401.sta", ".sta")]).flatmap(
    lambda c: st.tuples(st.just(c[1]), _mutations(c[0]))))
def test_damaged_real_files_give_lines_or_the_same_one_line_reason(tmp_path, case):
    suffix, content = case
    path = _write(tmp_path, f"damaged{suffix}", content)
    outcomes = []
    for _ in range(2):
        try:
            outcomes.append(parse_bank_file(path))
        except BankFileError as error:
            outcomes.append(str(error))
    assert outcomes[0] == outcomes[1]
    if isinstance(outcomes[0], str):
        assert "\n" not in outcomes[0] and " at 0x" not in outcomes[0]


@pytest.mark.parametrize(("status", "lines"), [("<Sts>BOOK</Sts>", 1), ("<Sts>PDNG</Sts>", 0),
                                               ("<Sts><Cd>BOOK</Cd></Sts>", 1), ("<Sts><Cd>PDNG</Cd></Sts>", 0)])
def test_camt_pending_entries_wait_until_booked(tmp_path, status, lines):
    text = camt("camt.052", "08", status + "<ValDt><Dt>2026-03-02</Dt></ValDt>")
    assert len(parse_bank_file(_write(tmp_path, "f.xml", text))) == lines


@pytest.mark.parametrize(("parties", "payer"), [
    # SEPA's ultimate debtor is the party that owes the money: a factor or a parent pays for it
    ("<Dbtr><Nm>BNP PARIBAS FACTOR</Nm></Dbtr><UltmtDbtr><Nm>Lefevre Fournitures SA</Nm></UltmtDbtr>",
     "Lefevre Fournitures SA"),
    ("<Dbtr><Pty><Nm>DEBTOR</Nm></Pty></Dbtr><UltmtDbtr><Pty><Nm>ULTIMATE DEBTOR</Nm></Pty></UltmtDbtr>",
     "ULTIMATE DEBTOR"),  # version 08 on (SEB Finland's samples)
    ("<Dbtr><Nm>Acme AG</Nm></Dbtr><UltmtDbtr><Nm>NOTPROVIDED</Nm></UltmtDbtr>", "Acme AG"),
    ("<Dbtr><Nm>Acme AG</Nm></Dbtr>", "Acme AG"),
])
def test_camt_payer_is_the_ultimate_debtor_when_named(tmp_path, parties, payer):
    detail = f"<TxDtls><RltdPties>{parties}</RltdPties><RmtInf><Ustrd>INV-1</Ustrd></RmtInf></TxDtls>"
    (line,) = parse_bank_file(_write(tmp_path, "f.xml", camt(details=[detail])))
    assert line.payer_name == payer


@pytest.mark.parametrize(("detail", "reference"), [
    # no remittance information: the end-to-end id an AP run filled, beside the bank's entry text
    ("<TxDtls><Refs><EndToEndId>9000012146</EndToEndId></Refs></TxDtls>", "SEPA Credit Transfer 9000012146"),
    ("<TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs></TxDtls>", "SEPA Credit Transfer"),
    ("<TxDtls><Refs><EndToEndId>E2E-7</EndToEndId></Refs><RmtInf><Ustrd>INV-1</Ustrd></RmtInf></TxDtls>", "INV-1"),
])
def test_camt_end_to_end_id_beside_the_banks_entry_text(tmp_path, detail, reference):
    text = camt(details=[detail]).replace("</NtryDtls>", "</NtryDtls><AddtlNtryInf>SEPA Credit Transfer</AddtlNtryInf>")
    (line,) = parse_bank_file(_write(tmp_path, "f.xml", text))
    assert line.reference == reference


def test_mt940_a_second_account_line_in_a_statement_keeps_the_first(tmp_path):
    """betterplace's sepa_snippet_broken.sta: a :86: written as :25: after the :61:. The line's
    account stays the statement's own, not the broken text."""
    text = mt940("2603020302C30,00NTRFNONREF", extra=":25:166?00GUTSCHRIFT?20EREF+E2E\n")
    (line,) = parse_bank_file(_write(tmp_path, "f.sta", text))
    assert line.account_id == "NL91ABNA0417164300"


def test_mt940_a_dos_end_of_file_mark_before_a_statement_starts_it(tmp_path):
    """Old banking software writes Ctrl-Z between exported statements (zilverline/mt940
    two_accounts: '\\x1a:20:940A121029'): the next statement, with its own account, still starts."""
    first = mt940("2603020302C30,00NTRFNONREF", "INV-1")
    second = mt940("2603030303C40,00NTRFNONREF", "INV-2").replace("NL91ABNA0417164300", "NL02ABNA0123456789")
    lines = parse_bank_file(_write(tmp_path, "f.sta", first + "\x1a" + second))
    assert [(line.account_id, line.reference) for line in lines] == [
        ("NL91ABNA0417164300", "INV-1"), ("NL02ABNA0123456789", "INV-2")]
