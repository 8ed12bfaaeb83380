"""Every real bank file in tests/fixtures/bank (sources and licenses: NOTICE) is read exactly or
refused with a one-line reason: its credit lines add up to what the file itself says they are
(its balances, control totals or entries, tests/bank/balances.py), and some lines are checked by
hand. The tally is printed at the end of the run (conftest.py)."""

from decimal import Decimal
from pathlib import Path

import pytest

from contract.money import minor_units
from orchestration.ingest.bank_formats import BankFileError, parse_bank_file
from tests.bank import balances

FIXTURES = Path(__file__).parents[1] / "fixtures" / "bank"

# file, the file's own account of its credits, credit lines, credit total. "credit lines"/"credit
# entries"/"credit details" are for public test files whose balances do not add up (edited by hand
# by their authors: a closing balance 0.20 or 300.08 off, a balance in SEK beside entries in EUR).
FILES = [
    ("moj_citi_example.bai2", "bai2", 1, "0.01"),
    ("moj_svb_us_example.bai2", "bai2", 2, "13959.96"),
    ("moj_nwb_example.bai2", "bai2", 1, "0.89"),
    ("moj_account_trailer_amount_blank_example.bai2", "bai2", 0, "0"),
    ("moov_sample1.bai2", "bai2", 5, "3200.00"),
    ("moov_sample2_bai_spec.bai2", "bai2", 4, "309500.00"),
    ("moov_sample3.bai2", "bai2", 13, "397.13"),
    ("genkgo_camt052.v1.xml", "credit entries", 0, "0"),
    ("genkgo_camt052.v2.xml", "credit entries", 0, "0"),
    ("genkgo_camt052.v4.xml", "credit entries", 0, "0"),
    ("genkgo_camt052.v6.xml", "credit entries", 0, "0"),
    ("genkgo_camt052.v8.xml", "credit entries", 0, "0"),
    ("genkgo_camt053.v2.minimal.xml", "credit entries", 1, "8.85"),
    ("genkgo_camt053.v2.five.decimals.xml", "credit entries", 1, "8.850"),
    ("genkgo_camt053.v2.multi.statement.xml", "camt balances", 1, "8.85"),
    ("genkgo_camt053.v4.xml", "credit entries", 1, "8.85"),
    ("genkgo_camt053.v8.xml", "credit entries", 1, "8.85"),
    ("genkgo_camt53.only-Dt-with-DtTm.xml", "credit entries", 0, "0"),
    ("genkgo_camt054.v2.xml", "credit entries", 0, "0"),
    ("genkgo_camt054.v4.xml", "credit details", 3, "9.5"),
    ("genkgo_camt054.v8.xml", "credit details", 3, "9.5"),
    ("subite_account_statement.xml", "camt balances", 1, "789904.4"),
    ("subite_lt_camt052_2024-03-11.xml", "credit entries", 0, "0"),
    ("subite_lt_camt053_2024-04-11.xml", "camt balances", 3, "940505.25"),
    ("subite_lt_camt054_2024-03-07.xml", "credit entries", 29, "6335"),
    # a reversal booked CRDT (of a debit) is money in: the balances add up only with it
    ("newinnovations_example-camt053-a.xml", "camt balances", 4, "801.74"),
    ("newinnovations_example-camt053-b.xml", "camt balances", 13, "145.53"),
    ("sebastienrousseau_business_sample_camt.052.001.04.xml", "credit entries", 0, "0"),  # its credit is pending
    ("sebastienrousseau_business_sample_camt.053.001.04.xml", "camt balances", 2, "135678.50"),
    ("sebastienrousseau_business_sample_camt.054.001.04.xml", "credit entries", 1, "105678.50"),
    ("betterplace_sepa_snippet.sta", "credit lines", 8, "1430745.72"),
    ("jejik_abnamro.sta", "credit lines", 0, "0"),
    ("fruitl00p_abn.sta", "mt940 balances", 1, "25111.08"),
    ("fruitl00p_bunq.sta", "mt940 balances", 26, "761.66"),
    ("fruitl00p_ing.sta", "credit lines", 3, "32.39"),
    ("fruitl00p_kontist.sta", "mt940 balances", 4, "515.95"),
    ("fruitl00p_penta.sta", "mt940 balances", 3, "121.38"),
    ("fruitl00p_spk.sta", "mt940 balances", 9, "932"),
    ("fruitl00p_triodos.sta", "mt940 balances", 2, "300.00"),
    ("fruitl00p_zetb.sta", "mt940 balances", 1, "220000.00"),
    ("wolph_asnb_mt940.sta", "mt940 balances", 3, "2828.90"),
    ("wolph_betterplace_sepa_mt9401.sta", "mt940 balances", 41, "5188474.94"),
    ("wolph_cmxl_mt940.sta", "mt940 balances", 7, "72436.74"),
    ("wolph_citi_mt940.sta", "mt940 balances", 0, "0"),  # its two credits are 0.00 balance notes
    ("wolph_jejik_ing.sta", "credit lines", 2, "4.68"),
    ("wolph_jejik_knab.sta", "credit lines", 2, "1000"),
    ("wolph_jejik_postfinance.sta", "credit lines", 3, "239.3"),
    ("wolph_jejik_rabobank.sta", "credit lines", 0, "0"),
    ("wolph_jejik_sns.sta", "mt940 balances", 0, "0"),
    ("wolph_jejik_triodos.sta", "credit lines", 0, "0"),
    ("wolph_mBank_mt940.sta", "mt940 balances", 3, "0.03"),
    ("wolph_sberbank_171011_01234945.sta", "mt940 balances", 0, "0"),
    ("wolph_self-provided_raiffeisen-cmi.sta", "credit lines", 1, "2066637.00"),
    # seven statements of one account; credits in several of them carry the bank reference //12345678
    ("svenstaro_danskebank_MT940_SE_Example.sta", "mt940 balances", 17, "12171690.29"),
    # a Sparkasse's quarterly closing booked on 30 February (its one line is the fee, a debit)
    ("wolph_self-provided_february_30.sta", "mt940 balances", 0, "0"),
    ("zilverline_rabobank_mt940_structured.sta", "mt940 balances", 5, "19216.51"),
    ("zilverline_rabobank_fix_rabo_twice_remi.sta", "mt940 balances", 1, "1000.00"),
    ("zilverline_abn_sepa_incasso_doorlopend.sta", "credit lines", 1, "10.5"),  # its :61: says 10,5, its balances 10,00
    ("sandermarechal_bug-core-5401.sta", "credit lines", 1, "50.00"),  # balances 0,00 before and after
    ("sandermarechal_lbbw.sta", "mt940 balances", 1, "0.01"),
    ("fruitl00p_rabo.sta", "credit lines", 26, "1943308.78"),
    ("fruitl00p_kbs.sta", "mt940 balances", 1, "2250"),
    ("fruitl00p_kbs2.sta", "mt940 balances", 1, "73700"),
    # PostFinance's Swiss reference payments, '?REJECT?0' and '?ERROR?000' beside their references
    ("moov_iso20022_camt054_esr_reject_codes.xml", "credit entries", 5, "1537.00"),
    ("dvbern_camt054_v08_reject_codes.xml", "credit entries", 1, "522.10"),
    # mBank's ISO 8859-2 export, three accounts; UniCredit Bulbank's '+' sub-fields
    ("ksdev_mbank_multiple_accounts.sta", "mt940 balances", 18, "2005655.79"),
    ("k0eff_bulbank_example.sta", "mt940 balances", 7, "1236.87"),
]
# really broken: the file and the start of its one-line reason
REFUSED = [
    ("moov_sample4_continuations.bai2",
     "moov_sample4_continuations.bai2: line 22: BAI2 account control total -1260161341762 but its amounts add up to"),
    ("wolph_mBank_mt942.sta", "wolph_mBank_mt942.sta: MT942 interim transaction report, not an MT940 statement"),
]


def _own_account(path: Path, control: str, currency: str) -> Decimal:
    match control:
        case "bai2":
            return balances.bai2_credits(path).scaleb(-minor_units(currency))
        case "camt balances":
            return balances.camt_balances(path)
        case "credit entries":
            return balances.camt_credit_entries(path)
        case "credit details":
            return balances.camt_credit_details(path)
        case "mt940 balances":
            return balances.mt940_credits(path)
        case "credit lines":
            return balances.mt940_credit_lines(path)
    raise AssertionError(control)


def test_the_collection_has_every_file_and_thirty_or_more():
    data_files = {p.name for p in FIXTURES.iterdir() if p.is_file() and p.name != "NOTICE"}
    assert data_files == {f[0] for f in FILES} | {f[0] for f in REFUSED}
    assert len(data_files) >= 30
    for kind in (".bai2", ".xml", ".sta"):
        assert sum(name.endswith(kind) for name in data_files) >= 8


@pytest.mark.parametrize(("file_name", "control", "count", "total"), FILES, ids=[f[0] for f in FILES])
def test_credit_lines_add_up_to_the_files_own_account(file_name, control, count, total, tally):
    path = FIXTURES / file_name
    lines = parse_bank_file(path)
    credits = sum((Decimal(line.amount) for line in lines), Decimal(0))
    assert (len(lines), credits) == (count, Decimal(total))
    currency = lines[0].currency if lines else "USD"
    assert credits == _own_account(path, control, currency)
    assert len({line.bank_txn_id for line in lines}) == len(lines), "two payments under one bank_txn_id"
    assert all(line.value_date and line.currency for line in lines)
    tally[file_name] = f"parsed exactly: {count} credit lines, {Decimal(total)} (checked against {control})"


@pytest.mark.parametrize(("file_name", "reason"), REFUSED, ids=[f[0] for f in REFUSED])
def test_broken_files_are_refused_with_the_same_one_line_reason_every_time(file_name, reason, tally):
    messages = set()
    for _ in range(2):
        with pytest.raises(BankFileError) as error:
            parse_bank_file(FIXTURES / file_name)
        messages.add(str(error.value))
    (message,) = messages
    assert message.startswith(reason) and "\n" not in message and " at 0x" not in message
    tally[file_name] = f"refused: {message}"


# (file, line index, value date, payer, text the reference contains), checked by reading the file
SPOT_CHECKS = [
    ("moj_svb_us_example.bai2", 1, "2022-02-02", "", "SOME PAYMENT ACH OFFSET"),
    # funds type V: the value date is the record's own, not the group's as-of date (2004-06-20)
    ("moov_sample2_bai_spec.bai2", 2, "2004-06-22", "", "PROCEEDS OF LETTER OF CREDIT FROM THE ARAMCO OIL CO"),
    ("moov_sample2_bai_spec.bai2", 1, "2004-06-20", "", "LOCK BOX NO.68751"),
    ("moov_sample3.bai2", 0, "2022-09-19", "", "TRANSFER PAYPAL PPD"),
    ("moj_citi_example.bai2", 0, "2015-07-15", "DOE JO", "RP1231231231231200"),
    ("genkgo_camt053.v8.xml", 0, "2015-01-02", "NAME NAME", "4654654654654654"),
    ("subite_account_statement.xml", 0, "2024-05-23", "Theta Solutions", ""),
    ("newinnovations_example-camt053-a.xml", 0, "2026-01-26", "GreatExample BV", "Opname"),
    # Goldman Sachs' ACH credit reject: a reversal booked CRDT
    ("newinnovations_example-camt053-b.xml", 0, "2025-12-06", "", "Sample Unstructured Remittance 123"),
    ("sebastienrousseau_business_sample_camt.053.001.04.xml", 0, "2010-10-18", "MUELLER", ""),
    # no BookgDt/ValDt on the entry: the statement's date
    ("subite_lt_camt053_2024-04-11.xml", 0, "2024-04-11", "", ""),
    ("wolph_asnb_mt940.sta", 0, "2020-01-05", "paulissen g j l m", "INTERNE OVERBOEKING VIA MOBIEL"),
    ("fruitl00p_bunq.sta", 2, "2019-02-09", "SRMF WILLEMS", "Proficiat"),
    ("fruitl00p_zetb.sta", 0, "2020-11-30", "", "TRF TO COZ INTERNET LTD SALARY"),
    ("fruitl00p_ing.sta", 0, "2010-07-22", "ING Bank N.V. inzake TEST", "EJ004GREENP29052010T1137"),
    ("fruitl00p_kontist.sta", 0, "2021-02-15", "CHRISTIAN BENDT", ""),
    ("wolph_jejik_knab.sta", 1, "2014-07-29", "MMS ONLINE NEDERLAND B.V.", "ORDERID: 264267"),
    ("wolph_betterplace_sepa_mt9401.sta", 5, "2007-09-04", "Richter Renate 70 Zeichen Beginn Fuellzeichen xxxxxxxx",
     "EndToEndIdTFNR2000400001"),
    # CP852 (Hungarian): 'összevont utánvét' read as such
    ("wolph_self-provided_raiffeisen-cmi.sta", 0, "2018-04-17", "", "napi összevont utánvét"),
    ("wolph_jejik_postfinance.sta", 2, "2013-12-18", "", "EINZAHLUNGSSCHEIN 01651"),
    ("wolph_mBank_mt940.sta", 0, "2017-01-19", "JAN NOWAK", "TYT.: PRZELEW SRODKOW"),
]


# (file, line index, payer, reference), exactly: layouts of the payer and the reference
EXACT = [
    # Rabobank's :61: customer reference 'EREF' says where the reference is: nothing of its own
    ("zilverline_rabobank_mt940_structured.sta", 3, "BEDRIJF NV", "Ref: 201302-080 1134027115"),
    # '/REMI//REMI/text': the first /REMI/ empty
    ("zilverline_rabobank_fix_rabo_twice_remi.sta", 0, "STG. KLANTGELDEN SEPAY",
     "AFREK. BETAALAUTOMAAT MaestroREFNR. H6MJV5DAT. 20170601 AANT. 11 201700101-2222222"),
    # 'C50,00 NTRF': a space before the type code
    ("sandermarechal_bug-core-5401.sta", 0, "XXXXXXA MXXXXXX", "VERTR:KO:NR:401113172APRIL 2021"),
    # 'KREF+' as the customer reference (LBBW; betterplace's Sparkasse)
    ("sandermarechal_lbbw.sta", 0, "NIC RICHTER", "E-MOBILITY ABRECHNUNG NR. 28 ZU VERTRAG 9433, KUNDENNUMMER 11111"),
    # Penta: '999<type>:<purpose>:<name>:<IBAN>', the name in the field before the payer's IBAN
    ("fruitl00p_penta.sta", 1, "Finanzamt Kiel Erhebungsstelle",
     "999SEPA_CREDIT_TRANSFER:ERSTATT.20/299/48189 UMS.ST AUG.20 108,88 EUR:Finanzamt Kiel Erhebungsstelle:"
     "DE80200000000020201516:FINANZAMT"),
    ("fruitl00p_penta.sta", 2, "BANK OF CHINA NA", "999SEPA_CREDIT_TRANSFER:FCS000539813052 PAYMENT-NUM 1 385766690 "
     "POP GOODS AND SERVIC ES:BANK OF CHINA NA:DE93500107570095679081"),
    # PostFinance's processing codes are no remittance: the reference alone, or the entry's own text
    ("moov_iso20022_camt054_esr_reject_codes.xml", 0, "Bernasconi Maria", "120000000000234478943216899"),
    ("dvbern_camt054_v08_reject_codes.xml", 0, "Bernasconi Maria",
     "GUTSCHRIFT AUFTRAGGEBER: Bernasconi Maria Place de la Gare 12 2502 Biel/Bienne REFERENZEN: NOTPROVIDED "
     "1006265-25bbb3b1a 2000000000000000"),
    # (a SEPA transfer of ours returned: the German banks' code 159, '159?00RETOURE')
    ("wolph_betterplace_sepa_mt9401.sta", 18, "", "RETURNED PAYMENT EndToEndId TFNR 06 004 00002"),
    # old Rabobank: the payer's name after the customer reference on the :61: line
    ("fruitl00p_rabo.sta", 4, "MR AND MRS DAVIDS", "INV. 18"),
    ("fruitl00p_rabo.sta", 3, "ROBECO", "VERKOOP FONDSEN 1173113681"),
    # Komercijalna Banka Skopje: /ORDP/account, then name, references and purpose a line each
    ("fruitl00p_kbs.sta", 0, "IVOTEHNA DOOEL SKOPJE", "Uplata po faktura 747"),
    ("fruitl00p_kbs2.sta", 0, "HRISTO JANKOV Dane Krapcev br.20 S",
     "Plakane na sredstva po osnov na dadena pozajmica na pravno lice"),
    # ISO 8859-2 (mBank): 'SP\xd3\xa3KA' is SPÓŁKA, not SPËúKA (CP852) nor SPÓ£KA (Windows-1252)
    ("ksdev_mbank_multiple_accounts.sta", 0, "FIRMA 1 SP. Z O.O.",
     "770 PRZELEW KRAJOWY; Z RACH.: 35109010560000000006093440; OD: FIRMA 1 SP. Z O.O. ; "
     "TYT.: ZAPŁATA ZA FAKTURĘ NR 1/2007 ; DATA STEMPLA: 23.10.2007; TNR: 145411006445851.000001"),
    # Bulbank: 'TBB+00<purpose>+21<purpose>+30<BIC>+31<IBAN>+32<name>'
    ("k0eff_bulbank_example.sta", 0, "ФИРМА1 ООД",
     "ПРЕВОД ЗА БУЛБАНК Ф1460004654/26.07.2006\\РЕЗЕРВНИ ЧАСТИ МАШИНИ"),
]


@pytest.mark.parametrize(("file_name", "index", "payer", "reference"), EXACT, ids=[f"{e[0]}[{e[1]}]" for e in EXACT])
def test_payer_and_reference_read_exactly(file_name, index, payer, reference):
    line = parse_bank_file(FIXTURES / file_name)[index]
    assert (line.payer_name, line.reference) == (payer, reference)


def test_an_old_abn_amro_name_ends_at_the_next_label():
    (line,) = parse_bank_file(FIXTURES / "zilverline_abn_sepa_incasso_doorlopend.sta")
    assert line.payer_name == "BHBBAAA B.V." and "MACHTIGING: BHV001" in line.reference


@pytest.mark.parametrize(("file_name", "index", "value_date", "payer", "reference"), SPOT_CHECKS,
                         ids=[f"{s[0]}[{s[1]}]" for s in SPOT_CHECKS])
def test_lines_checked_by_hand(file_name, index, value_date, payer, reference):
    line = parse_bank_file(FIXTURES / file_name)[index]
    assert (line.value_date, line.payer_name) == (value_date, payer)
    assert reference in line.reference
