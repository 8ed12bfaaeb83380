"""Banks' own CSV exports of Kazakhstan, Ukraine, Georgia and Israel (bank_formats/csv_exports.py),
one row per layout, each in the bank's column layout and its legacy code page where it has one
(Windows-1251, Windows-1255), then UTF-8; and the banks whose export is of one currency only
(csv_layouts.py). Sources in docs/cash_application.md, "Banks' own CSV exports"; the rows are
invented.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.ingest.bank_formats import parse_bank_export
from orchestration.ingest.bank_formats.csv_values import parse_amount
from tests.bank.layout_check import check_layout, check_refused, line
from tests.bank.test_bank_csv_exports import CHASE

# Kaspi Business (Kaspi.kz) statement: the sender and its БИН/ИИН (a registry number, no payer),
# the payment's purpose and КНП code; '158 004,00' with a no-break space
KASPI = """Дата,Номер документа,Отправитель,БИН/ИИН,Назначение платежа,КНП,Сумма,Валюта
26.02.2026,KA260226000016,ТОО «АЛЬФА СИСТЕМС»,000001457096,"Оплата по счету № БП-001285 от 01.03.2026, в т.ч. НДС 12%",\
859,"158\u00a0004,00",KZT
27.02.2026,KA260227000017,ТОО «Степной Ветер»,000001417501,Возврат по договору,859,"-1 000,00",KZT
"""
# PrivatBank (Privat24 for business) statement, ';', Windows-1251
PRIVAT = '''№;Дата операції;Сума;Валюта;Призначення платежу;ЄДРПОУ;Назва контрагента;Рахунок контрагента;Референс
1;23.02.2026 12:34:56;16 038,00;UAH;Оплата за рахунком № 246, у т.ч. ПДВ 20%;01955993;"ТОВ ""Світанок Медіа""";\
UA213223130000026007233566001;PR260223000001
2;24.02.2026 09:00:00;-450,00;UAH;Комісія банку;;;;PR260224000002
'''
# Ukrsibbank Business Online (and ProCredit's) statement, as OSadovy/uabean reads it: ';', Windows-1251,
# 'Дата операцiї' with a Latin i, the account's own IBAN in 'Рахунок', the debit and credit sides
UKRSIB = '''"ЄДРПОУ";"МФО";"Рахунок";"Валюта";"Дата операцiї";"Код операцiї";"МФО банка";"Назва банка";\
"Рахунок кореспондента";"ЄДРПОУ кореспондента";"Кореспондент";"Номер документа";"Дата документа";"Дебет";"Кредит";\
"Призначення платежу";"Гривневе покриття";
"12345678";"351005";"UA813510050000026000000000001";"UAH";"02.03.2026 10:15";"1";"305299";"АТ КБ ПРИВАТБАНК";\
"UA213052990000026007233566001";"01955993";"ТОВ ""Світанок Медіа""";"527";"02.03.2026";"";"23712.00";\
"Оплата за рахунком № 527";"23712.00";
"12345678";"351005";"UA813510050000026000000000001";"UAH";"03.03.2026 11:00";"1";"351005";"АТ УКРСИББАНК";\
"UA813510050000026000000000002";"12345678";"АТ УКРСИББАНК";"528";"03.03.2026";"150.00";"";"Комісія по рах";"150.00";
'''
# Monobank statement (OSadovy/uabean's test file's header): the amount in the account's currency
# '(UAH)', and 'Валюта' that of the operation's own amount; 'Від: <sender>, <purpose>'
MONOBANK = """Дата i час операції,Деталі операції,MCC,Сума в валюті картки (UAH),Сума в валюті операції,Валюта,Курс,\
Сума комісій (UAH),Сума кешбеку (UAH),Залишок після операції
23.02.2026 10:15:00,"Від: ТОВ «Харків Інжиніринг Сервіс», Оплата за рахунком № 715",4829,2808.00,2808.00,UAH,—,0.00,0.00,\
255335.20
24.02.2026 11:00:00,"Від: Acme Corp, Invoice 88",4829,4100.00,100.00,USD,41.0,0.00,0.00,259435.20
25.02.2026 09:00:00,Google,5817,-431.09,-10.40,EUR,0.0241,—,—,259004.11
"""
# TBC Business (Georgia) statement export
TBC = """Date,Description,Additional Information,Paid Out,Paid In,Balance,Type,Document Number,Partner's Account,\
Partner's Name,Partner's Tax Code
30/03/2026,ანგარიშ-ფაქტურა 4458 გადახდა,,,84.08,50084.08,Transfer,TB260330000006,GE00TB0000000000443464,\
შპს ალაზანი ვაინი,000443464
31/03/2026,Service fee,,1.50,,50082.58,Fee,TB260331000007,,,
"""
# Bank Hapoalim's current-account export (Windows-1255): the value date wins over the booking date;
# פרטים, the other party's details, is the payer
HAPOALIM = """תאריך,תיאור הפעולה,פרטים,אסמכתא,חובה,זכות,"יתרה בש""ח",תאריך ערך
03/03/2026,העברת תקבולי אשראי,ISRACARD LTD,49125,,"37,509.85","458,784.85",04/03/2026
16/03/2026,תשלום לספק,תשלום לספק,52854,"42,329.20",,"416,455.65",16/03/2026
"""
# Leumi's, Discount's ('₪ זכות/חובה' signed) and Mizrahi-Tefahot's column names
LEUMI = """תאריך,תאריך ערך,תיאור,אסמכתא,בחובה,בזכות,"היתרה בש""ח"
09/03/2026,09/03/2026,העברה מחשבון 12-600-345678,81234,,"112,390.36","212,390.36"
"""
DISCOUNT = """תאריך,יום ערך,תיאור התנועה,₪ זכות/חובה,₪ יתרה,אסמכתא
24/03/2026,24/03/2026,"זיכוי מלאומי כנרת השקעות בע""מ","9,551.52","19,551.52",10873
25/03/2026,25/03/2026,עמלת פעולה,-12.50,"19,539.02",10874
"""
MIZRAHI = """תאריך,סוג תנועה,זכות,חובה,יתרה,אסמכתא,תאריך ערך
28/03/2026,העברה מחשבון 12-600-345678,"28,032.05",,"58,032.05",20048,28/03/2026
"""


@pytest.mark.parametrize(("name", "content", "encoding", "expected"), [
    ("Kaspi_KZ86125KZT5004100100.csv", KASPI, ("utf-8-sig", "cp1251"), [line(
        "2026-02-26", "158004.00", "KZT", "ТОО «АЛЬФА СИСТЕМС»", "Оплата по счету № БП-001285 от 01.03.2026, в т.ч. НДС 12%",
        "KZ86125KZT5004100100")]),
    ("privat_UA213052990000026002123456789.csv", PRIVAT, ("cp1251", "utf-8"), [line(
        "2026-02-23", "16038.00", "UAH", 'ТОВ "Світанок Медіа"', "Оплата за рахунком № 246, у т.ч. ПДВ 20%",
        "UA213052990000026002123456789")]),
    ("ukrsib_statement.csv", UKRSIB, ("cp1251", "utf-8"), [line(
        "2026-03-02", "23712.00", "UAH", 'ТОВ "Світанок Медіа"', "Оплата за рахунком № 527",
        "UA813510050000026000000000001")]),
    # the card's amount in its currency, whatever the operation's; the sender from 'Від:'
    ("monobank_UA573220010000026003300012345.csv", MONOBANK, ("utf-8", "cp1251"), [
        line("2026-02-23", "2808.00", "UAH", "ТОВ «Харків Інжиніринг Сервіс»",
             "Від: ТОВ «Харків Інжиніринг Сервіс», Оплата за рахунком № 715", "UA573220010000026003300012345"),
        line("2026-02-24", "4100.00", "UAH", "Acme Corp", "Від: Acme Corp, Invoice 88",
             "UA573220010000026003300012345")]),
    ("TBC_GEL_GE29TB7777777777777777.csv", TBC, "utf-8", [line(
        "2026-03-30", "84.08", "GEL", "შპს ალაზანი ვაინი", "ანგარიშ-ფაქტურა 4458 გადახდა", "GE29TB7777777777777777")]),
    # no currency named anywhere: Hapoalim's layout is of shekel accounts
    ("Hapoalim_12-600-345678.csv", HAPOALIM, ("cp1255", "utf-8"), [line(
        "2026-03-04", "37509.85", "ILS", "ISRACARD LTD", "העברת תקבולי אשראי ISRACARD LTD", "12-600-345678")]),
    ("Leumi_ILS_10-800-22334455.csv", LEUMI, ("cp1255", "utf-8"), [line(
        "2026-03-09", "112390.36", "ILS", "", "העברה מחשבון 12-600-345678", "10-800-22334455")]),
    ("Discount_ILS_11-123-456789.csv", DISCOUNT, "cp1255", [line(
        "2026-03-24", "9551.52", "ILS", "", 'זיכוי מלאומי כנרת השקעות בע"מ', "11-123-456789")]),
    ("Mizrahi_ILS_20-461-998877.csv", MIZRAHI, "cp1255", [line(
        "2026-03-28", "28032.05", "ILS", "", "העברה מחשבון 12-600-345678", "20-461-998877")]),
])
def test_each_layout_gives_its_credits(tmp_path: Path, name: str, content: str, encoding: str | tuple[str, ...],
                                       expected: list[tuple]) -> None:
    check_layout(tmp_path, name, content, encoding, expected)


@pytest.mark.parametrize("payer_column", ["Partner's Name", "Partner name", "Beneficiary/Remitter"])
def test_georgian_banks_partner_is_the_payer(tmp_path: Path, payer_column: str) -> None:
    """TBC's and Bank of Georgia's name of the other party (TBC's had been dropped: payer empty)."""
    check_layout(tmp_path, "BOG_GEL_GE29BG0000000123456789.csv",
                 f"Date,Description,Paid Out,Paid In,{payer_column}\n02/03/2026,INVOICE 4458,,84.08,SHPS ALAZANI\n",
                 "utf-8", [line("2026-03-02", "84.08", "GEL", "SHPS ALAZANI", "INVOICE 4458", "GE29BG0000000123456789")])


@pytest.mark.parametrize(("name", "content", "encoding", "currency"), [
    ("Chase1234_Activity_20261130.CSV", CHASE, "utf-8", "USD"),  # a real Chase file names no currency
    ("Kaspi_KZ86125KZT5004100100.csv", KASPI.replace(",Валюта", "").replace(",KZT", ""), "utf-8", "KZT"),
    ("privat_UA213052990000026002123456789.csv", PRIVAT.replace(";Валюта", "").replace(";UAH", ""), "cp1251", "UAH"),
    ("SMBC_7654321.csv", "年月日,お取引内容,お引出し,お預入れ,残高\n2026/03/04,振込 ｶ)ｻｸﾗ,,\"1,149,500\",1\n", "cp932", "JPY"),
    ("KB_467801041234.csv", "거래일시,적요,출금액,입금액,잔액,거래점,내용\n2026.03.04 10:12:33,타행이체,0,2430301,1,인터넷,(주)케이\n",
     "cp949", "KRW"),
    # a currency the file names comes first
    ("Hapoalim_USD_12-600-345678.csv", HAPOALIM, "cp1255", "USD"),
])
def test_a_banks_one_currency_is_read_where_the_file_names_none(tmp_path, name, content, encoding, currency) -> None:
    path = tmp_path / name
    path.write_bytes(content.encode(encoding))
    read = parse_bank_export(path)
    assert read.lines and {line.currency for line in read.lines} == {currency}


@pytest.mark.parametrize(("name", "content", "message"), [
    # a generic Russian header, and Chase's without one of its columns, are no one bank's layout
    ("export_1234.csv", "Дата;Сумма;Назначение платежа\n26.02.2026;158 004,00;Оплата\n",
     "export_1234.csv: no currency: the export has no currency column, its preamble and its name none (name it like "
     "'export_1234_USD.csv'; a currency column is named one of currency,"),
    ("Chase1234_Activity.CSV", CHASE.replace(",Check or Slip #", "").replace(",,\n", ",\n"),
     "Chase1234_Activity.CSV: no currency: the export has no currency column"),
    # a Hebrew header without an amount: what it has and lacks
    ("Hapoalim_ILS_1234.csv", "תאריך,תיאור הפעולה,פרטים\n03/03/2026,העברה,X\n",
     "Hapoalim_ILS_1234.csv: no column of bank/statement_lines in the header, nor a bank export's date and amount "
     "columns in its first 30 lines: line 1 has 'תאריך' for a date but no column for a signed amount or money in"),
])
def test_a_file_of_no_one_banks_layout_is_still_refused(tmp_path, name, content, message) -> None:
    check_refused(tmp_path, name, content, message)


@pytest.mark.parametrize(("text", "value"), [
    ("16 038,00", "16038.00"), ("158\u00a0004,00", "158004.00"), ("-1\u202f000,00", "-1000.00"), ("23712,00", "23712.00"),
])
def test_cyrillic_banks_amounts(text: str, value: str) -> None:
    assert str(parse_amount(text, True)) == value


def test_a_row_without_an_amount_is_rejected_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "privat_UA213052990000026002123456789.csv"
    path.write_bytes((PRIVAT + "3;25.02.2026;сто;UAH;X;;;;PR3\n4;31.02.2026;5,00;UAH;Y;;;;PR4\n").encode("cp1251"))
    read = parse_bank_export(path)
    assert [(r.line_number, r.reason) for r in read.rejects] == [
        (4, "amount 'сто' is not an amount"), (5, "date '31.02.2026' is not a date (this file writes the day first)")]
