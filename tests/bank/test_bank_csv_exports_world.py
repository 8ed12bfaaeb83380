"""Banks' own CSV exports of the UK and Ireland, Australia and New Zealand, Japan and Korea
(bank_formats/csv_exports.py), one row per layout, each in the bank's published column layout
(sources in docs/cash_application.md, "Banks' own CSV exports"); the rows are invented. The
Japanese and Korean files are written in their banks' legacy code page (CP932, CP949) as the
banks download them, and in UTF-8.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.ingest.bank_formats import BankFileError, parse_bank_export
from orchestration.ingest.bank_formats.common import decode
from orchestration.ingest.bank_formats.csv_values import parse_amount, parse_date
from tests.bank.layout_check import check_layout, check_refused, line

# NatWest/RBS online banking 'Download transactions' (CSV): a blank first line, ', ' between the
# header's names, the apostrophe that keeps a spreadsheet from reading the account as a number
NATWEST = """
Date, Type, Description, Value, Balance, Account Name, Account Number
02 Mar 2026,BAC,"'NORTHWIND LTD , INV 0397 , FP 02/03/26 1704 , 362582963286887253",1168.38,3668.38,ACME LTD,'600001-12345678
03 Mar 2026,D/D,"'BT GROUP PLC , DD",-45.00,3623.38,ACME LTD,'600001-12345678
"""
BARCLAYS = """Number,Date,Account,Amount,Subcategory,Memo
,03/03/2026,20-32-06 13152170,466.49,Funds Transfer,NORTHWIND LTD      INV 0397            BGC
,04/03/2026,20-32-06 13152170,-21.57,Direct Debit,BT GROUP PLC       DD
"""
LLOYDS = """Transaction Date,Transaction Type,Sort Code,Account Number,Transaction Description,Debit Amount,Credit Amount,Balance
09/03/2026,FPI,'30-94-57,01234567,NORTHWIND LTD INV 0398,,1388.00,26388.00
10/03/2026,DD,'30-94-57,01234567,BT GROUP PLC,45.00,,26343.00
"""
AIB = """Posted Account,Posted Transactions Date,Description1,Description2,Description3,Debit Amount,\
Credit Amount,Balance,Posted Currency,Transaction Type,Local Currency Amount,Local Currency
93-11-52 12345678,04/03/2026,NORTHWIND LTD,INV 0399,SEPA CT,,45130.34,70130.34,EUR,Credit,45130.34,EUR
93-11-52 12345678,12/03/2026,GOOGLE CLOUD,DEBIT,,8464.84,,61665.50,EUR,Debit,8464.84,EUR
"""
COMMBANK = """09/03/2026,+648.11,Direct Credit 831373 NORTHWIND PTY   INV 0400,+25648.11
10/03/2026,-50.00,Transfer To Savings NetBank,+25598.11
13/03/2026,"+1,497.38",Direct Credit 648944 COPPER CLOUD PTY Inv 2556,"+27,095.49"
"""
WESTPAC_NZ = """Date,Amount,Other Party,Description,Reference,Particulars,Analysis Code
05/03/2026,1875.82,NORTHWIND LTD,BANK TRANSFER,INV 0401,NORTHWIND,INVOICE
06/03/2026,-20.00,SALARIES,PAYMENT,,DEBIT,
07/03/2026,30.00,KAURI CAFE,DIRECT CREDIT,,,
"""
ANZ_NZ = """Type,Details,Particulars,Code,Reference,Amount,Date,ForeignCurrencyAmount,ConversionCharge
Direct Credit,NORTHWIND LTD,NORTHWIND,INVOICE,INV 0402,855.76,04/03/2026,,
Payment,IRD,,,,-80.25,24/03/2026,,
"""
ASB = """Created date / time : 01 December 2026 / 08:14:02
Bank 12; Branch 3011; Account 0123456-50 (Business Current)
From date 20260301
To date 20261130
Avail Bal : 25000.00 as of 20261130
Ledger Balance : 25000.00 as of 20261130
Date,Unique Id,Tran Type,Cheque Number,Payee,Memo,Amount

2026/03/03,2026030301,D/C,,NORTHWIND LTD,NORTHWIND INVOICE INV 0403,18816.34
2026/03/22,2026032201,DEBIT,,IRD,DEBIT,-3127.44
"""
WESTPAC_AU = """Bank Account,Date,Narrative,Debit Amount,Credit Amount,Balance,Categories,Serial
032-000 123456,04/03/2026,DEPOSIT-OSKO PAYMENT 7704557 NORTHWIND PTY INV 0404,,6907.15,31907.15,OTHER,
032-000 123456,11/03/2026,WITHDRAWAL ATO,1447.77,,30459.38,PAYMENT,
"""
# SMBC (三井住友銀行) web banking '入出金明細' download
SMBC = """年月日,お取引内容,お引出し,お預入れ,残高
2026/03/04,振込 ｶ)ｻｸﾗｸﾗｳﾄﾞ,,"1,149,500","10,000,000"
2026/03/05,ﾃﾞﾝｷﾀﾞｲ,"12,000",,"9,988,000"
"""
# MUFG (三菱UFJ銀行) Eco-tsuchō / web banking detail download; its 入払区分 says which way
MUFG = """日付,摘要,摘要内容,支払い金額,預かり金額,差引残高,メモ,未資金化区分,入払区分
2026/3/9,振込１,ｶ)ﾔﾏﾀﾞｼﾖｳｼﾞ,,"1,149,500","2,149,500",請求書 1042,,入金
2026/3/10,口座振替,ﾃﾞﾝｷﾀﾞｲ,"5,000",,"2,144,500",,,出金
"""
# Mizuho (みずほ銀行) ダイレクト download, the era year and yen marks as some of its exports write
MIZUHO = """取引日,摘要,お支払金額,お預り金額,残高
R8.03.09,振込　ﾔﾏﾀﾞｼﾖｳｼﾞ(ｶ,,"￥1,149,500","￥2,149,500"
令和8年3月10日,ﾃﾞﾝｷﾀﾞｲ,5000円,,2144500円
"""
# KB Kookmin (KB국민은행) 인터넷뱅킹 거래내역 download
KB = """거래일시,적요,출금액,입금액,잔액,거래점,내용
2026.03.04 10:12:33,타행이체,0,"2,430,301","5,000,000",인터넷,(주)케이지이니시스
2026.03.05 09:00:00,자동이체,"50,000",0,"4,950,000",인터넷,한국전력
"""
# Shinhan (신한은행) 조회 결과 download
SHINHAN = """거래일자,거래시간,적요,출금(원),입금(원),내용,잔액(원),거래점명
2026-03-30,10:12:00,타행이체,0,726000,㈜하나산업,80726000,인터넷
2026-03-31,11:00:00,체크카드,33000,0,스타벅스,80693000,인터넷
"""
# Woori (우리은행) 거래내역조회 download: 찾으신금액 out, 맡기신금액 in, 기재내용 the other party
WOORI = """거래일시,적요,기재내용,찾으신금액,맡기신금액,거래후 잔액,취급점,메모
2026.03.04 14:01:02,인터넷,세종시스템(주),0,313500,1313500,인터넷,INV-1044
"""


@pytest.mark.parametrize(("name", "content", "encoding", "expected"), [
    ("NatWest_GBP.csv", NATWEST, "utf-8", [line(
        "2026-03-02", "1168.38", "GBP", "", "NORTHWIND LTD , INV 0397 , FP 02/03/26 1704 , 362582963286887253",
        "600001-12345678")]),
    ("Barclays_GBP.csv", BARCLAYS, "cp1252", [line(
        "2026-03-03", "466.49", "GBP", "", "NORTHWIND LTD INV 0397 BGC", "20-32-06 13152170")]),
    ("Lloyds_GBP.csv", LLOYDS, "cp1252", [line(
        "2026-03-09", "1388.00", "GBP", "", "NORTHWIND LTD INV 0398", "01234567")]),
    # the date, account and currency columns AIB names 'Posted ...'; payer from Description1
    ("AIB_export.csv", AIB, "utf-8", [line(
        "2026-03-04", "45130.34", "EUR", "NORTHWIND LTD", "NORTHWIND LTD INV 0399 SEPA CT", "93-11-52 12345678")]),
    # no header; the account from the name's BSB and number
    ("CommBank_062000_12345678_AUD.csv", COMMBANK, "utf-8", [
        line("2026-03-09", "648.11", "AUD", "", "Direct Credit 831373 NORTHWIND PTY INV 0400", "062000 12345678"),
        line("2026-03-13", "1497.38", "AUD", "", "Direct Credit 648944 COPPER CLOUD PTY Inv 2556", "062000 12345678")]),
    # Particulars, Code (Westpac's 'Analysis Code'), Reference; Description only where they are empty
    ("WestpacNZ_03-0104-0123456-00_NZD.csv", WESTPAC_NZ, "utf-8", [
        line("2026-03-05", "1875.82", "NZD", "NORTHWIND LTD", "NORTHWIND INVOICE INV 0401", "03-0104-0123456-00"),
        line("2026-03-07", "30.00", "NZD", "KAURI CAFE", "DIRECT CREDIT", "03-0104-0123456-00")]),
    ("ANZ_06-0501-0123456-00_NZD.csv", ANZ_NZ, "utf-8", [
        line("2026-03-04", "855.76", "NZD", "NORTHWIND LTD", "NORTHWIND INVOICE INV 0402", "06-0501-0123456-00")]),
    ("ASB_NZD.csv", ASB, "utf-8", [
        line("2026-03-03", "18816.34", "NZD", "NORTHWIND LTD", "NORTHWIND INVOICE INV 0403", "012345650")]),
    ("Westpac_AUD.csv", WESTPAC_AU, "utf-8", [line(
        "2026-03-04", "6907.15", "AUD", "", "DEPOSIT-OSKO PAYMENT 7704557 NORTHWIND PTY INV 0404", "032-000 123456")]),
    ("SMBC_JPY_7654321.csv", SMBC, ("cp932", "utf-8-sig"), [
        line("2026-03-04", "1149500", "JPY", "ｶ)ｻｸﾗｸﾗｳﾄﾞ", "振込 ｶ)ｻｸﾗｸﾗｳﾄﾞ", "7654321")]),
    ("MUFG_JPY_1234567.csv", MUFG, "cp932", [
        line("2026-03-09", "1149500", "JPY", "ｶ)ﾔﾏﾀﾞｼﾖｳｼﾞ", "振込１ 請求書 1042", "1234567")]),
    ("Mizuho_JPY_2345678.csv", MIZUHO, "cp932", [
        line("2026-03-09", "1149500", "JPY", "ﾔﾏﾀﾞｼﾖｳｼﾞ(ｶ", "振込 ﾔﾏﾀﾞｼﾖｳｼﾞ(ｶ", "2345678")]),
    ("KB_KRW_467801041234.csv", KB, "cp949", [
        line("2026-03-04", "2430301", "KRW", "(주)케이지이니시스", "타행이체", "467801041234")]),
    ("SHINHAN_110234567890.csv", SHINHAN, ("cp949", "utf-8"), [
        line("2026-03-30", "726000", "KRW", "㈜하나산업", "타행이체", "110234567890")]),
    ("WOORI_KRW_1002123456789.csv", WOORI, "cp949", [
        line("2026-03-04", "313500", "KRW", "세종시스템(주)", "인터넷 INV-1044", "1002123456789")]),
])
def test_each_layout_gives_its_credits(tmp_path: Path, name: str, content: str, encoding: str | tuple[str, ...],
                                       expected: list[tuple]) -> None:
    check_layout(tmp_path, name, content, encoding, expected)  # the bank's code page, then UTF-8


@pytest.mark.parametrize(("encoding", "text"), [
    ("utf-8", "振込 ｶ)ｻｸﾗｸﾗｳﾄﾞ,거래일자"), ("utf-8-sig", "Überweisung Müller"),
    ("cp932", "年月日,お取引内容,お引出し,お預入れ,残高\n2026/03/04,振込 ｶ)ｻｸﾗｸﾗｳﾄﾞ ﾌﾘｶｴ,,5000000,10000000"),
    ("cp932", "取引日,摘要\nR8.03.09,ﾔﾏﾀﾞｼﾖｳｼﾞ(ｶ"),
    ("cp949", "거래일자,거래시간,적요,출금(원),입금(원),내용\n2026-03-30,10:12:00,타행이체,0,726000,㈜하나산업"),
    ("cp949", "거래일시,적요,기재내용\n2026.03.04,KB국민,세종시스템(주)"),
    # Western text whose bytes also decode as CP932 or CP949 ('Ü' is a half-width katakana there)
    ("cp1252", "GRÜßE AUS KÖLN,Société Générale,Zürich"), ("cp1252", "PAIEMENT À M DUPONT,£100,«Oui»"),
    ("cp1252", "Ärger,Öl,Übel,naïve café,Élise"), ("cp1252", "N°12 §3 © ½ PRICE,ÅSA ÖSTRÖM"),
    ("cp852", "Csoportos átutalás jóváírása"), ("cp852", "Przelew środków zażółć"),
    # Windows-1251 (PrivatBank, Ukrsibbank) and Windows-1255 (Hapoalim, Leumi), against each other
    ("cp1251", "№;Дата операції;Сума;Валюта;Призначення платежу\n1;23.02.2026;23712,00;UAH;Оплата згідно договору"),
    ("cp1251", "Кореспондент;Кредит\nКРАВЧУК ІРИНА ЄВГЕНІВНА;16\xa0038,00\nПриватБанк «Світанок»;5"),
    ("cp1251", "Дата,Сумма,Назначение платежа\n26.02.2026,\"158 004,00\",Оплата по счету № БП-001285"),
    ("cp1255", 'תאריך,תיאור הפעולה,פרטים,אסמכתא,חובה,זכות,"יתרה בש""ח"\n03/03/2026,העברת תקבולי אשראי,ISRACARD,49125,,1,2'),
    ("cp1255", 'כנרת השקעות בע"מ,העברה מחשבון 12-600-345678,₪ 100'),
    # Western text whose bytes also decode as Windows-1251 and Windows-1255
    ("cp1252", "Virement à NORTHWIND à Paris"), ("cp1252", "ÉCOLE ÉTÉ,FAÇADE,São Paulo"),
    ("cp1252", "Müller – «Zahlung» 5 € N° 3"),
])
def test_a_files_code_page_is_found_never_garbled(encoding: str, text: str) -> None:
    assert decode(text.encode(encoding)) == text


@pytest.mark.parametrize(("name", "content", "message"), [
    # a header with a date and no amount: what it lacks and the names it would be read from
    ("NatWest_GBP_1234.csv", "Date,Type,Description,Amt,Balance\n02 Mar 2026,BAC,X,1.00,2.00\n",
     "NatWest_GBP_1234.csv: no column of bank/statement_lines in the header, nor a bank export's date and amount "
     "columns in its first 30 lines: line 1 has 'Date' for a date but no column for a signed amount or money "
     "in (a signed amount column is named one of amount, transaction amount,"),
    ("x_GBP_1234.csv", "Posted On,Value\n02 Mar 2026,1.00\n",
     "x_GBP_1234.csv: no column of bank/statement_lines in the header, nor a bank export's date and amount columns "
     "in its first 30 lines: line 1 has 'Value' for a signed amount but no column for a date (a date column is "
     "named one of value date,"),
    ("notes_EUR_1.csv", "hello,world\n1,2\n", "notes_EUR_1.csv: no column of bank/statement_lines in the header, "
                                              "nor a bank export's date and amount columns in its first 30 lines: "
                                              "no line names a date or an amount column (a date column is named"),
    # four columns without the amount's sign are no CommBank export
    ("cba_AUD_1234.csv", "09/03/2026,648.11,Direct Credit,25648.11\n", "cba_AUD_1234.csv: no column of"),
    ("Natwest_1234.csv", NATWEST, "Natwest_1234.csv: no currency: the export has no currency column, its preamble "
                                  "and its name none (name it like 'Natwest_1234_USD.csv'; a currency column is named "
                                  "one of currency, ccy, currency code, waehrung, wahrung, devise, moneda, "
                                  "posted currency"),
])
def test_a_refused_file_is_told_what_is_missing_and_the_names_read(tmp_path, name, content, message) -> None:
    check_refused(tmp_path, name, content, message)


def test_a_commbank_shaped_file_with_a_line_of_another_shape_is_refused(tmp_path) -> None:
    path = tmp_path / "CommBank_062000_12345678_AUD.csv"
    path.write_text(COMMBANK + "14/03/2026,+5.00,Direct Credit\n", encoding="utf-8")
    with pytest.raises(BankFileError, match="no column of bank/statement_lines"):
        parse_bank_export(path)


def test_a_yen_amount_with_a_fraction_is_quarantined(tmp_path) -> None:
    path = tmp_path / "SMBC_JPY_7654321.csv"
    path.write_bytes("年月日,お取引内容,お引出し,お預入れ,残高\n2026/03/04,振込 ｶ)ｻｸﾗ,,1149.5,1\n"
                     "2026/03/05,振込 ｶ)ｻｸﾗ,,1149,1\n".encode("cp932"))
    read = parse_bank_export(path)
    assert [(r.line_number, r.reason) for r in read.rejects] == [(2, "amount 1149.5 has a fraction: JPY has no minor unit")]
    assert [line.amount for line in read.lines] == ["1149"]


@pytest.mark.parametrize(("text", "value"), [
    ("￥1,149,500", "1149500"), ("1,149,500円", "1149500"), ("1,149,500원", "1149500"), ("▲1,000", "-1000"),
    ("１，１４９，５００", "1149500"), ("+648.11", "648.11"), ("-1,497.38", "-1497.38"),
])
def test_east_asian_amounts(text: str, value: str) -> None:
    assert str(parse_amount(text, False)) == value


@pytest.mark.parametrize(("text", "iso"), [
    ("R8.03.09", "2026-03-09"), ("令和8年3月9日", "2026-03-09"), ("令和元年5月1日", "2019-05-01"),
    ("H31.04.30", "2019-04-30"), ("2026年3月9日", "2026-03-09"), ("2026년 3월 9일", "2026-03-09"),
    ("2026.03.04 10:12:33", "2026-03-04"), ("２０２６/０３/０９", "2026-03-09"), ("R8.13.01", None),
])
def test_east_asian_dates(text: str, iso: str | None) -> None:
    parsed = parse_date(text, True)
    assert (None if parsed is None else parsed.isoformat()) == iso
