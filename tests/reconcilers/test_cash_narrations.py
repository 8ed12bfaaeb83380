"""Indian, Nigerian, South African and Australian banks' transfer narrations (reconcilers/narrations.py), one
row per bank's layout, as the banks' statement help pages and exported statements print them: the payer's name
read from the text, the codes (IFSC, UTR, retrieval reference, VPA, masked account, NIBSS session
id) dropped from what the payer wrote."""

import pytest

from cash_helpers import applied, run
from reconcilers.narrations import read_narration


@pytest.mark.parametrize(("payer", "reference", "expected"), [
    # HDFC: NEFT and RTGS credits carry no remark
    ("", "NEFT CR-HDFC0044890-TIRUPATI EDUCATION LLP-HDFCN2608444806248", ("TIRUPATI EDUCATION LLP", "")),
    ("", "RTGS CR-UTIB0075959-SAI HOLDINGS PVT LTD-UTIBR52026030400012345", ("SAI HOLDINGS PVT LTD", "")),
    ("NEFT", "NEFT CR-HDFC0035731-AARAV HEALTHCARE PRIVATE LIMITED-LESS TDS-HDFCN2610669867240",
     ("AARAV HEALTHCARE PRIVATE LIMITED", "LESS TDS")),
    # HDFC IMPS and UPI: the remark last
    ("", "IMPS-640097809208-MAHALAXMI TRADING PR-UTIB-XXXXXXXX6243-INV INV/26-27/1245",
     ("MAHALAXMI TRADING PR", "UTIB INV INV 26 27 1245")),
    ("", "UPI-SHREEJI TECHNOLOGIES-shreejiaccounts@icici-PUNB0057281-653017994995-INV 613",
     ("SHREEJI TECHNOLOGIES", "INV 613")),
    # ICICI: NEFT with the UTR first; UPI by slashes
    ("", "NEFT-HDFCN52026030412345-ACME TECHNOLOGIES PVT LTD-INV 42", ("ACME TECHNOLOGIES PVT LTD", "INV 42")),
    ("", "UPI/653017994995/SHREEJI TECHNOLOGIES/shreejiaccounts@icici/INV 613/PUNB0057281",
     ("SHREEJI TECHNOLOGIES", "INV 613")),
    # SBI: by transfer, fields by '*'
    ("", "BY TRANSFER-NEFT*SBIN0001234*SBINN52026030412345*KAVERI INFOTECH PVT LTD--", ("KAVERI INFOTECH PVT LTD", "")),
    # the bank's own payer field stands; a text that is no narration is left as it is
    ("TIRUPATI EDUCATION LLP", "NEFT CR-HDFC0044890-TIRUPATI EDUCATION LLP-HDFCN2608444806248",
     ("TIRUPATI EDUCATION LLP", "TIRUPATI EDUCATION LLP")),
    ("", "NEFT PAYMENT FOR INV 42", ("", "NEFT PAYMENT FOR INV 42")),
    ("ACME", "INV-0042", ("ACME", "INV-0042")),
    # Nigeria's NIBSS instant payments: the sending bank, the name (cut), the narration
    ("", "NIP/ACCESS/EKO MINING SERVICES NIGERIA LI/INV-000348 INV-000349",
     ("EKO MINING SERVICES NIGERIA LI", "INV-000348 INV-000349")),
    ("", "FIP:ZIB/YUSUF PROPERTIES LIM/BEING PAYMT FOR SERVICES", ("YUSUF PROPERTIES LIM", "BEING PAYMT FOR SERVICES")),
    ("", "TRF FROM NNAMDI RETAIL PLC /000016261026160440681503574771/ INV001097 INV-001098",
     ("NNAMDI RETAIL PLC", "INV001097 INV-001098")),
    ("", "NIP/STANBIC/STUDIO 54 NIGERIA LTD/INV 971", ("STUDIO 54 NIGERIA LTD", "INV 971")),
    ("ADEBAYO GROUP", "NIP/UBA/ADEBAYO GROUP HOLDINGS/INV PAYMENT", ("ADEBAYO GROUP", "INV PAYMENT")),
    ("", "NIP PAYMENT INV 5/6", ("", "NIP PAYMENT INV 5/6")),
    # South Africa: the clearing stream or channel, then what the payer typed in 20 characters, its
    # short name first (FNB, Standard Bank, Absa statements); Ghana's GhIPSS the same way
    ("", "FNB OB PMT DRAKENSBER IN1264", ("DRAKENSBER", "IN1264")),
    ("", "INTERNET TRF FROM MZANSI TEL 1761", ("MZANSI TEL", "1761")),
    ("", "RTC CREDIT LIMPOPO SE A/C 153LI", ("LIMPOPO SE", "A/C 153LI")),
    ("", "ACB CREDIT 1723", ("", "1723")), ("", "INTERNET TRF FROM IN2383", ("", "IN2383")),
    ("", "IMMEDIATE PAYMENT SANDTON PROPERTIES (", ("SANDTON PROPERTIES (", "")),
    ("", "GIP TRF FROM KUMASI TELECOMS LIMITED PAYMENT INV 380", ("KUMASI TELECOMS LIMITED", "PAYMENT INV 380")),
    ("ZULU TRADING", "MAGTAPE CREDIT ZULU TRA 2210", ("ZULU TRADING", "ZULU TRA 2210")),
    ("", "INTERNET FLOWERS LTD INV 5", ("", "INTERNET FLOWERS LTD INV 5")),  # no transfer's word: no channel
])
def test_an_indian_narration_gives_the_payer_and_the_remark(payer, reference, expected):
    assert read_narration(payer, reference) == expected


def test_a_south_african_payment_quoting_its_invoice_after_the_channel_words_is_applied():
    """'ACB CREDIT 1723' read as typed: the bank's words are not glued to the number ('CREDIT1723',
    'not introduced as an invoice number'), and the number alone is what the payer wrote."""
    invoices = [("a", "INV-1723", "c1", "Mzansi Telecoms (Pty) Ltd", None, None, "ZAR", "58707.50"),
                ("b", "INV-1761", "c2", "Ubuntu Telecoms Pty Ltd", None, None, "ZAR", "11918.37")]
    matches, _ = run([("p1", "58707.50", "ZAR", "", "ACB CREDIT 1723"),
                      ("p2", "11918.37", "ZAR", "", "INTERNET TRF FROM UBUNTU TEL 1761")], invoices)
    assert applied(matches) == [("p1", "a", "auto_applied"), ("p2", "b", "auto_applied")], \
        [m["detail"] for m in matches]


def test_a_short_number_in_a_upi_narration_is_the_named_payers_invoice():
    """'INV 613' between a VPA and an IFSC: the sequence of the customer named in the narration,
    not the one of its two invoices of that amount due nearest."""
    name = "Shreeji Technologies Pvt Ltd"
    invoices = [("a", "INV/26-27/0613", "c1", name, None, None, "INR", "14012.50", "2026-06-30"),
                ("b", "INV/26-27/0614", "c1", name, None, None, "INR", "14012.50", "2026-07-30")]
    matches, _ = run([("p", "14012.50", "INR", "",
                       "UPI/653017994995/SHREEJI TECHNOLOGIES/shreejiaccounts@icici/INV 613/PUNB0057281",
                       "2026-07-25")], invoices)
    assert applied(matches) == [("p", "a", "auto_applied")], matches[0]["detail"]


@pytest.mark.parametrize(("payer", "reference", "expected"), [
    # CommBank: Direct Credit, the remitter's 6-digit BECS user id (APCA number), its name cut at 16
    # characters, the lodgement reference
    ("", "Direct Credit 726462 OSPREY CONSULTIN 3007", ("OSPREY CONSULTIN", "3007")),
    ("", "DIRECT CREDIT 726462 OSPREY CONSULTIN INV 3007", ("OSPREY CONSULTIN", "INV 3007")),
    # the record's padding kept: two spaces end the name, a letters-only reference stays whole
    ("", "Direct Credit 062895 ACME CO          MARCH FEES", ("ACME CO", "MARCH FEES")),
    # the channel in the payer's field names nobody (it recognised nothing before)
    ("DIRECT CREDIT", "726462 OSPREY CONSULTIN 3007", ("OSPREY CONSULTIN", "3007")),
    ("DIRECT CREDIT", "Direct Credit 726462 OSPREY CONSULTIN 3007", ("OSPREY CONSULTIN", "3007")),
    # CommBank transfers, NPP/Osko's Fast Transfer: a name of any length, then the reference
    ("", "Transfer from J Smith CommBank app Rent", ("J Smith", "CommBank app Rent")),
    ("", "Fast Transfer From Osprey Consulting Pty Ltd 3007", ("Osprey Consulting Pty Ltd", "3007")),
    # Westpac: Osko and online deposits, a 7-digit id, the 16-character name, the reference
    ("", "DEPOSIT-OSKO PAYMENT 2284033 BRIDGEWATER VETE BRIDGEWATER", ("BRIDGEWATER VETE", "BRIDGEWATER")),
    ("", "DEPOSIT ONLINE 2284033 HARBOUR LOGISTIC INV-2210", ("HARBOUR LOGISTIC", "INV-2210")),
    # NAB: the 18-character lodgement reference first, the remitter's name last
    ("", "INTER-BANK CREDIT Mc Bbs747 5550001x Mcare Benefits", ("Mcare Benefits", "Mc Bbs747 5550001x")),
    ("", "INTER-BANK CREDIT INV 3007 OSPREY CONSULTIN", ("OSPREY CONSULTIN", "INV 3007")),
    # ANZ
    ("", "PAYMENT FROM OSPREY CONSULTING PTY LTD INV 3007", ("OSPREY CONSULTING PTY LTD", "INV 3007")),
    # the bank's own payer field stands; ids alone and words that only start like a channel are no name
    ("OSPREY", "Direct Credit 726462 OSPREY CONSULTIN 3007", ("OSPREY", "OSPREY CONSULTIN 3007")),
    ("", "Direct Credit 726462", ("", "")), ("", "INTER-BANK CREDIT", ("", "")),
    ("", "DIRECT CREDITORS LTD 5", ("", "DIRECT CREDITORS LTD 5")),
])
def test_an_australian_credit_gives_the_payer_and_the_reference(payer, reference, expected):
    assert read_narration(payer, reference) == expected


def test_australian_credits_unmatched_before_are_applied_by_the_payers_name():
    """Two customers owe each amount: only the name in the bank's one text tells them apart. Read
    whole, as before, each line was unmatched ('no invoice number, payer name or amount recognised')."""
    invoices = [("a", "INV-2101", "c1", "Bridgewater Veterinary Clinic Pty Ltd", None, None, "AUD", "1250.00"),
                ("b", "INV-2102", "c2", "Harbourside Dental Pty Ltd", None, None, "AUD", "1250.00"),
                ("c", "INV-3007", "c3", "Osprey Consulting Pty Ltd", None, None, "AUD", "4180.00"),
                ("d", "INV-3008", "c4", "Kestrel Advisory Pty Ltd", None, None, "AUD", "4180.00")]
    matches, _ = run([("p1", "1250.00", "AUD", "", "DEPOSIT-OSKO PAYMENT 2284033 BRIDGEWATER VETE BRIDGEWATER"),
                      ("p2", "4180.00", "AUD", "DIRECT CREDIT", "726462 OSPREY CONSULTIN MARCH"),
                      ("p3", "1250.00", "AUD", "", "INTER-BANK CREDIT Mc Bbs747 5550001x HARBOURSIDE DENT")], invoices)
    assert applied(matches) == [("p1", "a", "auto_applied"), ("p2", "c", "auto_applied"),
                                ("p3", "b", "auto_applied")], [m["detail"] for m in matches]
