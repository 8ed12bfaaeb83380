"""The SWIFT-tagged MT940 :86: (/TAG/value), each variant on its own with where banks write it
(docs/cash_application.md, "Bank files -> statement lines", MT940): the payer is the ordering
party's name, the reference the remittance text and the end-to-end reference; the other code
words bound them and add nothing."""

import pytest

from orchestration.ingest.bank_formats import parse_bank_file
from orchestration.ingest.bank_formats.remittance import mt940_payer_and_reference
from tests.bank.test_bank_variants import _write, mt940

# a :86: line of the full 65 characters, cut inside a name (zilverline/mt940's
# rabobank_mt940_structured.sta, its /BENM/ written /ORDP/ for a credit)
FULL_LINE = "/EREF/02-04-2013 22:56 1120000153447185/ORDP//NAME/Nespresso Nede"


@pytest.mark.parametrize(("line86", "payer", "reference"), [
    # SWIFT's own MT940 example (Category 9 message reference guide): the name after /ORDP/ itself,
    # each tag on a line of its own, field 70's /INV/ code inside /REMI/
    ("/ORDP/COMPUTERSYS INC.\n/REMI//INV/78541", "COMPUTERSYS INC.", "INV/78541"),
    # the same on one line, as the user's bank wrote it (HSBC, Citi: NetSuite's MT940 code words)
    ("/ORDP/SINSUNG SYSTEMS CO., LTD./REMI/INV10402", "SINSUNG SYSTEMS CO., LTD.", "INV10402"),
    # an account alone after /ORDP/ is no name
    ("/ORDP/NL44RABO0123456789/REMI/INV 10402", "", "INV 10402"),
    # Rabobank MT940 Structured: /ORDP//NAME/ with its /ADDR/ (spoetnik's public RABO sample): the
    # address is neither payer nor reference, /ISDT/ (the settlement date) ends the remittance
    ("/ORDP//NAME/Hr J DOE/ADDR/Ieplaan 100 2500AA S GRAVENHAGE\nNL/REMI/bijdrage februari 2014/ISDT/2015-02-09",
     "Hr J DOE", "bijdrage februari 2014"),
    # the ultimate debtor (/ULTD//NAME/) when named, as the camt reader takes UltmtDbtr
    ("/EREF/E2E-1/ORDP//NAME/PAYPRO BV/ULTD//NAME/ACME TRADING BV/REMI/INV 2026-41", "ACME TRADING BV",
     "INV 2026-41 E2E-1"),
    # ABN AMRO's /ORDP//ID/ (OCA bank-statement-import's ABN AMRO tags) is an identifier, no name
    ("/TRTP/SEPA OVERBOEKING/IBAN/NL44RABO0123456789/BIC/RABONL2U/NAME/J JANSEN/REMI/FACTUUR 2026-12"
     "/EREF/NOTPROVIDED/ORDP//ID/KVK12345678", "J JANSEN", "FACTUUR 2026-12"),
    # ABN AMRO's SEPA layout: /TRTP/ type, the payer's /IBAN/ and /BIC/, /NAME/, /REMI/, /EREF/
    ("/TRTP/SEPA OVERBOEKING/IBAN/NL44RABO0123456789/BIC/RABONL2U/NAME/J JANSEN/EREF/E2E-2026-5",
     "J JANSEN", "E2E-2026-5"),
    # a credit's beneficiary is the account holder: the ordering party is the payer wherever it stands
    ("/BENM//NAME/BILLOPS BV/ORDP//NAME/ACME BV/REMI/INV 7", "ACME BV", "INV 7"),
    # /BENM//NAME/ alone (a debit of Rabobank's reversed): its name, as before
    ("/BENM//NAME/DIVV afd parkeergebouwen/REMI/Factuur 307472", "DIVV afd parkeergebouwen", "Factuur 307472"),
    # /EREF/ alone when /REMI/ is empty (Rabobank writes the empty tag)
    ("/EREF/E2E-2026-77/ORDP//NAME/ACME BV/REMI/", "ACME BV", "E2E-2026-77"),
    # a SEPA direct debit collected: mandate (/MARF/) and creditor id (/CSID/) are no reference
    ("/EREF/SDD-0001/MARF/MNDT-77/CSID/NL12ZZZ123456780000/ORDP//NAME/ACME BV/REMI/INV 2026-5",
     "ACME BV", "INV 2026-5 SDD-0001"),
    # the payer's account and bank (/ACCW/, /IBAN/, /BIC/), a batch's payment id (/PREF/), Rabobank
    # 2025's transaction code (/TRCD/), a purpose code (/PURP/, ING's /PURP//CD/)
    ("/ORDP/ACME CO LTD/ACCW/123456789/BIC/CHASUS33/REMI/INV 1/PREF/PMTINF-9", "ACME CO LTD", "INV 1"),
    ("/IBAN/NL44RABO0123456789/BIC/RABONL2U/ORDP//NAME/ACME BV/TRCD/541/REMI/INV 2", "ACME BV", "INV 2"),
    ("/PURP/CD/SUPP/ORDP//NAME/ACME BV/REMI/INV 3", "ACME BV", "INV 3"),
    ("/EREF/E2E-4//PURP//CD/OTHR//CNTP/NL44RABO0123456789/RABONL2U/J. Jansen/UTRECHT//REMI/USTD//INV 4/",
     "J. Jansen", "INV 4 E2E-4"),
    # Rabobank's structured creditor reference in tags of its own (OCA bank-statement-import's tests)
    ("/ORDP//NAME/Doe/REMI//CDTRREFTP//CD/SCOR/ISSR/CUR/CDTRREF/1234567890123456", "Doe",
     "BETALINGSKENMERK 1234567890123456"),
    # an ISO creditor reference (RF) under another issuer keeps no Dutch name
    ("/ORDP//NAME/Doe/REMI//CDTRREFTP//CD/SCOR/ISSR/ISO/CDTRREF/RF18539007547034", "Doe", "RF18539007547034"),
    # ING's unstructured and structured remittance
    ("/CNTP/NL44RABO0123456789/RABONL2U/J. Jansen/UTRECHT//REMI/USTD//Factuur 2026-7/", "J. Jansen",
     "Factuur 2026-7"),
    ("/CNTP/NL32INGB0000012345/INGBNL2A/J.Janssen///REMI/STRD/CUR/9001123412341234/", "J.Janssen",
     "BETALINGSKENMERK 9001123412341234"),
    # a value continued on the next line: a full 65-character line was cut by position (no space);
    # a shorter one at a space the bank dropped (a space; the choice of session 62, as the German
    # sub-fields are read); a tag at either side of the break needs none
    (f"{FULL_LINE}\nrland B.V./REMI/674725433", "Nespresso Nederland B.V.",
     "674725433 02-04-2013 22:56 1120000153447185"),
    ("/ORDP//NAME/ACME TRADING\nCOMPANY BV/REMI/INVOICE 2026-00012 AND\n2026-00013", "ACME TRADING COMPANY BV",
     "INVOICE 2026-00012 AND 2026-00013"),
    ("/ORDP/ACME\n/REMI/INV 1\n/EREF/E1\n/PURP/CD/OTHR", "ACME", "INV 1 E1"),  # tags a line each, not KBS's lines
    # broken or empty tags give nothing, and raise nothing
    ("/ORDP//REMI//EREF/", "", ""), ("/ORDP//NAME/", "", ""), ("/REMI/STRD", "", ""),
])
def test_mt940_swift_tagged_details(tmp_path, line86, payer, reference):
    (line,) = parse_bank_file(_write(tmp_path, "f.sta", mt940("2603020302C30,00NTRFNONREF//B1", line86)))
    assert (line.payer_name, line.reference) == (payer, reference)


@pytest.mark.parametrize(("line86", "reference"), [
    # Rabobank's and ING's SEPA return: /RTRN/ and its reason code (ISO 20022 external return reasons)
    ("/RTRN/MS03/EREF/E2E-9/BENM//NAME/ACME BV/REMI/INV-1", "RETURNED PAYMENT MS03 INV-1 E2E-9"),
    ("/RTRN//BENM//NAME/ACME BV/REMI/INV-1", "RETURNED PAYMENT INV-1"),
])
def test_mt940_a_credit_marked_returned_in_its_swift_tags_is_a_returned_payment(tmp_path, line86, reference):
    (line,) = parse_bank_file(_write(tmp_path, "f.sta", mt940("2603020302C30,00NTRFNONREF//B1", line86)))
    assert line.reference == reference


@pytest.mark.parametrize(("info", "expected"), [
    # the German ?-sub-fields and a US bank's free text are read as before
    ("166?00GUTSCHRIFT?20EREF+E2E-77?21SVWZ+Rechnung 2026-15?32Max Mustermann",
     ("Max Mustermann", "Rechnung 2026-15 E2E-77")),
    ("FEDWIRE CREDIT VIA: HSBC BANK USA/021001088 B/O: ORION LTD REF: 77 OBI: INV 9", ("ORION LTD", None)),
])
def test_other_details_layouts_are_read_as_before(info, expected):
    payer, reference = mt940_payer_and_reference(info, "", "NONREF")
    assert (payer, reference if expected[1] else None) == expected
