"""Bank file parsers on the real samples (tests/fixtures/bank, see NOTICE) and on broken input."""

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from orchestration.ingest.bank_formats import BankFileError, BankLine, parse_bank_file

FIXTURES = Path(__file__).parents[1] / "fixtures" / "bank"


def ids_amounts_payers(lines: list[BankLine]) -> list[tuple[str, str, str, str]]:
    """Ids derived from the statement (no usable bank reference) show as 'derived'."""
    return [(DERIVED if DERIVED_ID.fullmatch(line.bank_txn_id) else line.bank_txn_id, line.amount, line.currency,
             line.payer_name) for line in lines]


DERIVED = "derived"
DERIVED_ID = re.compile(r"(BAI2|CAMT|MT940)-[0-9a-f]{20}")


@pytest.mark.parametrize(("file_name", "expected"), [
    ("moj_citi_example.bai2", [("1234567890", "0.01", "GBP", "DOE JO")]),
    ("moj_svb_us_example.bai2", [("172629", "4901.96", "USD", ""), ("150675", "9058.00", "USD", "")]),
    ("genkgo_camt053.v2.minimal.xml", [(DERIVED, "8.85", "EUR", "NAME NAME")]),
    # the second statement's only entry is a debit
    ("genkgo_camt053.v2.multi.statement.xml", [(DERIVED, "8.85", "EUR", "")]),
    # camt.054 v08: Dbtr/Pty/Nm; three credit details under one entry share its AcctSvcrRef
    ("genkgo_camt054.v8.xml", [("ACSR160617103200001/1", "3.1", "CHF", "UNIFITS GmbH"),
                               ("ACSR160617103200001/2", "3.2", "CHF", "UNIFITS GmbH"),
                               ("ACSR160617103200001/3", "3.2", "CHF", "UNIFITS GmbH")]),
    ("betterplace_sepa_snippet.sta", [
        ("0724710333343453", "50990.05", "EUR", "KARL KAUFMANN"),
        ("0724710324647450", "154551.93", "EUR", "Quentin Quast"),
        ("0724710324661090", "154551.93", "EUR", "Karl Kaufmann"),
        ("0724710351063401", "335.33", "EUR", ""),
        ("0724710345316110", "15000", "EUR", ""),
        ("0724710290659857", "15000.05", "EUR", "Richter Renate 70 Zeichen Beginn Fuellzeichen xxxxxxxx"),
        ("0724710290624796", "125004.88", "EUR", "Richter Renate 70 Zeichen Beginn Fuellzeichen xxxxxxxx"),
        ("R724710351063405", "915311.55", "EUR", "")]),
    ("jejik_abnamro.sta", []),  # every line of this statement is a debit
])
def test_real_samples_give_their_credit_lines(file_name, expected):
    assert ids_amounts_payers(parse_bank_file(FIXTURES / file_name)) == expected


def test_bai2_line_numbers_dates_accounts_and_references():
    (citi,) = parse_bank_file(FIXTURES / "moj_citi_example.bai2")
    assert (citi.line_number, citi.value_date, citi.account_id) == (4, "2015-07-15", "77777777")
    assert citi.reference.startswith("RP1231231231231200")  # the PY: remittance tag
    svb = parse_bank_file(FIXTURES / "moj_svb_us_example.bai2")
    assert [(s.line_number, s.value_date, s.reference) for s in svb] == [
        (7, "2022-02-01", "SOME PAYMENT ACH OFFSET"), (16, "2022-02-02", "SOME PAYMENT ACH OFFSET")]


def test_bai2_with_wrong_trailer_totals_is_rejected_unless_asked_to_read_it():
    with pytest.raises(BankFileError, match="control total"):
        parse_bank_file(FIXTURES / "moov_sample4_continuations.bai2")
    lines = parse_bank_file(FIXTURES / "moov_sample4_continuations.bai2", check_bai2_totals=False)
    # type codes 447/451/475/495/557 (debits and >399) are left out; 88 continuations give payer and remittance
    assert [line.bank_txn_id for line in lines] == [
        "SB2322600000404", "GI2118700002010", "GI2229300000187", "SB2225800001203", "SC2134800001999",
        "GI2228400005800", "SX22293073766088", "GI2318000014342", "SPB2321284264201"]
    rtp = next(line for line in lines if line.bank_txn_id == "GI2228400005800")
    assert (rtp.amount, rtp.payer_name, rtp.line_number) == ("500.50", "SAMPLE INC", 68)
    assert rtp.reference.startswith("Test Remittance")


def test_camt_lines_point_at_their_transaction_details():
    lines = parse_bank_file(FIXTURES / "genkgo_camt054.v8.xml")
    assert [line.line_number for line in lines] == [96, 187, 272]
    assert lines[0].reference == ("Unstructured Remittance Information V1 ISR ref number V1 "
                                  "Additional Remittance Information V1")
    assert lines[0].account_id == "CH2801234000123456789" and lines[0].value_date == "2007-10-18"
    (minimal,) = parse_bank_file(FIXTURES / "genkgo_camt053.v2.minimal.xml")
    assert (minimal.reference, minimal.value_date, minimal.account_id) == (
        "4654654654654654", "2015-01-02", "NL26VAYB8060476890")


def test_mt940_lines_use_the_account_of_their_own_statement():
    lines = parse_bank_file(FIXTURES / "betterplace_sepa_snippet.sta")
    assert lines[0].account_id == "50880050/0194787400888" and lines[0].line_number == 5
    assert lines[-1].account_id == "50880050/0194791600888" and lines[-1].line_number == 50


CAMT_TEMPLATE = """<?xml version="1.0"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version}"><BkToCstmrStmt><Stmt><Id>S1</Id>
<Acct><Id><IBAN>DE00123</IBAN></Id></Acct>
<Ntry><Amt Ccy="USD">1250.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><ValDt><Dt>2026-03-02</Dt></ValDt>
<AcctSvcrRef>BANKREF-1</AcctSvcrRef><NtryDtls><TxDtls>
<RltdPties><Dbtr>{debtor}</Dbtr></RltdPties>
<RmtInf><Ustrd>Payment INV-2026-000123</Ustrd><Strd><CdtrRefInf><Ref>PO-77</Ref></CdtrRefInf></Strd></RmtInf>
</TxDtls></NtryDtls></Ntry>
<Ntry><Amt Ccy="USD">99.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><ValDt><Dt>2026-03-02</Dt></ValDt></Ntry>
</Stmt></BkToCstmrStmt></Document>"""


@pytest.mark.parametrize(("version", "debtor"), [
    ("02", "<Nm>Acme Corp</Nm>"), ("04", "<Nm>Acme Corp</Nm>"), ("06", "<Nm>Acme Corp</Nm>"),
    ("08", "<Pty><Nm>Acme Corp</Nm></Pty>"),
])
def test_camt_versions_02_to_08_are_read_alike(tmp_path, version, debtor):
    path = tmp_path / "statement.xml"
    path.write_text(CAMT_TEMPLATE.format(version=version, debtor=debtor))
    assert parse_bank_file(path) == [BankLine("BANKREF-1", "2026-03-02", "1250.00", "USD", "Acme Corp",
                                              "Payment INV-2026-000123 PO-77", "DE00123", 5)]


@pytest.mark.parametrize(("creditor_reference", "read"), [
    # the Belgian Bankers Association's structured communication: twelve digits, printed +++.../...+++
    ("<Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>BBA</Issr></Tp><Ref>000000065472</Ref>", "+++000/0000/65472+++"),
    # genkgo's sample: BBA-issued but not twelve digits, and an ISO 11649 reference: as given
    ("<Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>BBA</Issr></Tp><Ref>4654654654654654</Ref>", "4654654654654654"),
    ("<Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>RF18539007547034</Ref>", "RF18539007547034"),
    # a Dutch payment reference (betalingskenmerk, issuer CUR): after its name, read with its check digit
    ("<Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>CUR</Issr></Tp><Ref>5000056789012345</Ref>",
     "BETALINGSKENMERK 5000056789012345"),
])
def test_a_structured_creditor_reference_is_given_as_its_invoice_prints_it(tmp_path, creditor_reference, read):
    path = tmp_path / "statement.xml"
    path.write_text(CAMT_TEMPLATE.format(version="08", debtor="<Pty><Nm>Acme Corp</Nm></Pty>").replace(
        "<CdtrRefInf><Ref>PO-77</Ref></CdtrRefInf>", f"<CdtrRefInf>{creditor_reference}</CdtrRefInf>"))
    assert parse_bank_file(path)[0].reference == f"Payment INV-2026-000123 {read}"


@pytest.mark.parametrize(("iban", "read"), [
    ("FI2112345600000785", "VIITE 182795"), ("NO9386011117947", "KID 182795"), ("SE4550000000058398257466", "OCR 182795"),
    ("DK5000400440116243", "FIK 182795"), ("EE382200221020145685", "VIITE 182795"),  # Estonia: 7-3-1, as Finland
    ("DE89370400440532013000", "182795"),  # elsewhere a bare number stays one
])
def test_a_nordic_banks_structured_reference_is_named_as_its_national_reference(tmp_path, iban, read):
    """At a bank of Finland, Norway, Sweden or Denmark a creditor reference of digits is the
    country's national reference (viitenumero, KID, OCR, giro payment id), whose last digit is a
    check digit."""
    path = tmp_path / "statement.xml"
    path.write_text(CAMT_TEMPLATE.format(version="08", debtor="<Pty><Nm>Acme Corp</Nm></Pty>").replace(
        "<IBAN>DE00123</IBAN>", f"<IBAN>{iban}</IBAN>").replace(
        "<CdtrRefInf><Ref>PO-77</Ref></CdtrRefInf>",
        "<CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>182795</Ref></CdtrRefInf>"))
    assert parse_bank_file(path)[0].reference == f"Payment INV-2026-000123 {read}"


def test_xml_entities_are_not_expanded(tmp_path):
    path = tmp_path / "evil.xml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                    + CAMT_TEMPLATE.split("?>", 1)[1].format(version="02", debtor="<Nm>&x;</Nm>"))
    lines = parse_bank_file(path)
    assert "root" not in lines[0].payer_name


@pytest.mark.parametrize(("file_name", "content"), [
    ("x.xml", b"<Document><Other/></Document>"),
    ("x.xml", b"<not xml"),
    ("x.bai2", b"01,GSBI,cont001,210706,1249,1,,,2/\n02,cont001"),
    ("x.sta", b":20:X\n:25:1\n:61:garbage\n"),
    ("x.bin", b"hello"),
])
def test_broken_files_give_one_line_errors(tmp_path, file_name, content):
    path = tmp_path / file_name
    path.write_bytes(content)
    with pytest.raises(BankFileError) as error:
        parse_bank_file(path)
    assert "\n" not in str(error.value) and file_name in str(error.value)


def truncations(name: str) -> st.SearchStrategy[bytes]:
    data = (FIXTURES / name).read_bytes()
    return st.integers(0, len(data) - 1).map(lambda n: data[:n])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(suffix=st.sampled_from([".bai2", ".xml", ".sta", ".dat"]),
       content=st.one_of(st.binary(max_size=400), truncations("moj_citi_example.bai2"),
                         truncations("genkgo_camt054.v8.xml"), truncations("betterplace_sepa_snippet.sta")))
def test_random_or_truncated_bytes_raise_only_bank_file_error(tmp_path, suffix, content):
    path = tmp_path / f"input{suffix}"
    path.write_bytes(content)
    try:
        lines = parse_bank_file(path)
    except BankFileError as error:
        assert "\n" not in str(error)
    else:
        assert all(isinstance(line, BankLine) for line in lines)
