"""Numbers in a payment's purpose text that name something other than an invoice, as payers in
Russia-facing markets, Ukraine, the Caucasus and the Middle East write them (session 62's new-user
trials T and S): a VAT rate (`в т.ч. НДС 12%`, `ПДВ 20%`: the rate, not invoice 12), an amount
grouped by spaces (`16 038,00 тенге`), Kazakhstan's payment purpose code (`КНП 859`, the National
Bank's codes), a contract's number (`договору № 62/2026`, `DOGOVORU N 102`, `Contract 125/2026`),
a tax id (`БИН`, `ЕДРПОУ`). An invoice's own words, in Cyrillic or transliterated (`счет №`,
`рахунок №`, `SCHETU N`), still introduce its number."""

import pytest

from cash_helpers import applied, run
from reconcilers.non_customer import is_non_customer
from reconcilers.numbers import reference_tokens


def keys(reference):
    return sorted(token.key for token in reference_tokens(reference))


@pytest.mark.parametrize(("reference", "expected"), [
    ("OPLATA PO SCHETU N 1378, V T.CH. NDS 12% KNP 859", ["1378", "N1378"]),
    ("Оплата по счету № 1378 от 01.03.2026, в т.ч. НДС 12% 16 038,00 тенге", ["1378", "N01378"]),
    ("Оплата по рахунку № 42", ["42", "N042"]),
    ("Оплата згідно договору № 62/2026 за послуги, у т.ч. ПДВ 20% - 4 800,00 грн.", []),
    ("Contract 125/2026 subscription fee", []),
    ("OPLATA PO DOGOVORU N 102 BIN 000001544205", []),
    ("INV 1042 VAT 20 % included", ["1042", "1NV1042"]),
])
def test_only_the_invoices_numbers_are_read(reference, expected):
    assert keys(reference) == expected


INVOICES = [("i12", "00БП-000012", "c1", "ТОО Самрук Логистика", None, None, "KZT", "16038.00"),
            ("i78", "00БП-001378", "c2", "ТОО Шелковый Путь", None, None, "KZT", "150000.00"),
            ("u2", "INV/2026/00102", "c3", "OOO Orient Soft", None, None, "UZS", "5000000.00")]


@pytest.mark.parametrize(("line", "not_applied"), [
    # the VAT rate read as invoice 12, for exactly its amount (trial T: auto-applied at 0.99)
    (("p", "16038.00", "KZT", "", "Оплата услуг, в т.ч. НДС 12% 16 038,00 тенге"), "i12"),
    # a contract's number read as an Odoo invoice's sequence (trial T: auto-applied at 0.99)
    (("q", "5000000.00", "UZS", "", "Oplata po dogovoru №102/ПО-2025"), "u2"),
])
def test_a_rate_or_a_contracts_number_is_never_auto_applied_as_an_invoice(line, not_applied):
    matches, _ = run([line], INVOICES)
    assert (line[0], not_applied, "auto_applied") not in applied(matches), matches[0]["detail"]


@pytest.mark.parametrize(("payer", "reference", "customer"), [
    ("", "HOME REMITTANCE/SWIFT INWARD REF 7516673654 B/O INDUS TECHNOLOGIES SETTLEMENT OF SI-26-0280", True),
    ("IBFT CR KHYBER STEEL", "SETTLEMENT OF 1330", True),
    ("", "INWARD TT REF 7469247791 B/O DAR AL SALAM GENERAL CONTRACTING TRADE SETTLEMENT", True),
    ("BANK", "SETTLEMENT #4471", False),
    ("", "MAGNATI STLMT 20260503", False),  # a card acquirer's settlement, abbreviated
    ("NETWORK INTERNATIONAL LLC", "POS SETTLEMENT", False),
    ("", "זיכוי ריבית", False),  # Hebrew interest
    ("רשות המסים - מע\"מ", "החזר", False),  # Israel's tax authority, a VAT refund
    ("", "تحويل بين حساباتي", False),  # a transfer between the holder's accounts
    ("SIDF", "SIDF MURABAHA DISBURSEMENT", False),  # Islamic financing paid out
    ("KASPI BANK", "Kaspi Pay: зачисление по операциям", False),
    ("", "Вознаграждение по депозиту", False),
    ("", "Переказ власних коштів", False),  # Ukrainian own funds moved
    ("", "Возврат ошибочно перечисленных средств", False),  # money sent in error, returned
])
def test_customer_settlements_and_the_regions_non_customer_credits(payer, reference, customer):
    assert is_non_customer(payer, reference) is not customer
