"""What a credit's text says beside its remittance, from its bank transaction code: one of the
account holder's own payments coming back (camt: ISO 20022 return information, or the sub-family
RRTN; MT940: SWIFT's transaction type RTI, the German banks' code 159; BAI2: the return type codes
of the spec's appendix A) or the bank's interest (camt: sub-family INTR; MT940: INT; BAI2: 242,
346, 354, 359), which the matcher must never apply; and a camt payer's end-to-end id when
nothing else is written."""

import pytest

from orchestration.ingest.bank_formats import parse_bank_file
from tests.bank.test_bank_variants import CAMT, _write, bai2_file, mt940

ENTRY_CODE = "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>{}</SubFmlyCd></Fmly></Domn></BkTxCd>"


def camt_entry(detail: str, entry_code: str = "") -> str:
    """A camt.053 of one credit of 30.00, its TxDtls given."""
    return CAMT.format(message="camt.053", version="08", root="BkToCstmrStmt", report="Stmt", period="",
                       entry_dates="<ValDt><Dt>2026-03-02</Dt></ValDt>" + entry_code, details=detail)


@pytest.mark.parametrize(("detail", "entry_code", "reference"), [
    # Goldman Sachs' camt.053 example (tests/fixtures/bank/newinnovations_example-camt053-b.xml): an ACH
    # credit returned, NACHA's R02 'account closed' as a proprietary reason
    ("<TxDtls><RtrInf><Rsn><Prtry>R02</Prtry></Rsn></RtrInf></TxDtls>", "", "RETURNED PAYMENT R02"),
    # sebastienrousseau/camt053's gold master statement_ac04.xml: ISO's AC04 and the bank's words,
    # with the remittance of the payment returned after them
    ("<TxDtls><RtrInf><Rsn><Cd>AC04</Cd></Rsn><AddtlInf>Beneficiary account closed</AddtlInf></RtrInf>"
     "<RmtInf><Ustrd>INV-1</Ustrd></RmtInf></TxDtls>", "", "RETURNED PAYMENT AC04: Beneficiary account closed INV-1"),
    # an outgoing wire returned, said by the entry's bank transaction code only
    ("<TxDtls><RmtInf><Ustrd>SUPPLIER INV 77</Ustrd></RmtInf></TxDtls>", ENTRY_CODE.format("RRTN"),
     "RETURNED PAYMENT SUPPLIER INV 77"),
    ("<TxDtls><RmtInf><Ustrd>INV-1</Ustrd></RmtInf></TxDtls>", ENTRY_CODE.format("ESCT"), "INV-1"),
    # the bank's interest, however worded (SNS Bank's 'Creditrente', a fixture), by sub-family INTR
    ("<TxDtls><RmtInf><Ustrd>Creditrente 01-01-26 tot 01-02-26</Ustrd></RmtInf></TxDtls>", ENTRY_CODE.format("INTR"),
     "BANK INTEREST Creditrente 01-01-26 tot 01-02-26"),
    # no remittance: the payer's end-to-end id, which some payers' systems fill with the invoice number
    ("<TxDtls><Refs><EndToEndId>INV-1042</EndToEndId></Refs></TxDtls>", "", "INV-1042"),
    ("<TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs></TxDtls>", "", ""),
    ("<TxDtls><Refs><EndToEndId>E2E-9</EndToEndId></Refs><RmtInf><Ustrd>INV-1</Ustrd></RmtInf></TxDtls>", "",
     "INV-1"),
    # a remittance text without a digit (a German bank's 'SEPA Ueberweisung') names no document:
    # the end-to-end id beside it is read too
    ("<TxDtls><Refs><EndToEndId>26743</EndToEndId></Refs><RmtInf><Ustrd>SEPA Ueberweisung</Ustrd></RmtInf>"
     "</TxDtls>", "", "SEPA Ueberweisung 26743"),
    ("<TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs><RmtInf><Ustrd>Rechnungsausgleich</Ustrd></RmtInf>"
     "</TxDtls>", "", "Rechnungsausgleich"),
])
def test_a_camt_credits_text(tmp_path, detail, entry_code, reference):
    (line,) = parse_bank_file(_write(tmp_path, "f.xml", camt_entry(detail, entry_code)))
    assert line.reference == reference


@pytest.mark.parametrize(("line61", "reference"), [
    ("2603020302C30,00NRTINONREF", "RETURNED PAYMENT INV-1"),  # money in, a returned item
    ("2603020302RD30,00NRTI//B1", "RETURNED PAYMENT INV-1"),  # a debit reversed as returned
    ("2603020302C30,00NTRFNONREF", "INV-1"),
    ("2603020302C30,00NMSCRTI-77", "INV-1 RTI-77"),  # 'RTI' in the customer reference: no type code
    ("2603020302C30,00FINTNONREF", "BANK INTEREST INV-1"),  # Danske Bank's interest credits ('Rente')
])
def test_an_mt940_returned_item_or_interest(tmp_path, line61, reference):
    (line,) = parse_bank_file(_write(tmp_path, "f.sta", mt940(line61, "INV-1")))
    assert line.reference == reference


@pytest.mark.parametrize(("info", "marked"), [
    # betterplace's sample: a SEPA transfer of ours returned, the German banks' business code 159
    ("159?00RETOURE?20EREF+TFNR 44001 00001?21MTLG:Grund nicht spezifiziert", True),
    ("166?00GUTSCHRIFT?20Rechnung 159", False),  # a transfer received (166)
    ("1590 Rechnung", False),  # a number, no code
])
def test_an_mt940_german_return_code(tmp_path, info, marked):
    (line,) = parse_bank_file(_write(tmp_path, "f.sta", mt940("2603020302C30,00NTRFNONREF", info)))
    assert line.reference.startswith("RETURNED PAYMENT") is marked


@pytest.mark.parametrize(("code", "reference"), [
    ("257", "RETURNED PAYMENT: BAI2 257, ACH return item INV-1"),
    ("266", "RETURNED PAYMENT: BAI2 266, return item INV-1"),
    ("354", "BANK INTEREST: BAI2 354, interest credit INV-1"),
    ("195", "INV-1"),  # an incoming wire
])
def test_a_bai2_return_type_code(tmp_path, code, reference):
    text = bai2_file(f"16,{code},3000,0,B1,,INV-1/")
    (line,) = parse_bank_file(_write(tmp_path, "f.bai2", text))
    assert line.reference == reference
