"""The banks whose own CSV export is of accounts in one currency only, known by their whole header:
such a file names no currency (no column, no preamble line) and is read in that currency.

A layout is one bank's only where every one of its column names is in the header (compared folded,
csv_columns.fold); a generic header ('Date,Description,Amount') is none, and a file of one still
needs its currency named. A currency the file gives (its amount column's name, its preamble, its
name, a currency column per row) comes first. Sources: docs/cash_application.md, "Banks' own CSV
exports".
"""

from __future__ import annotations

from dataclasses import dataclass

from orchestration.ingest.bank_formats.csv_columns import fold


@dataclass(frozen=True)
class Layout:
    bank: str
    currency: str
    names: frozenset[str]


def _layout(bank: str, currency: str, header: str) -> Layout:
    return Layout(bank, currency, frozenset(fold(name) for name in header.split(",")))


LAYOUTS = (
    # Chase business and personal checking 'Download account activity' (a Chase account is in USD)
    _layout("Chase", "USD", "Details,Posting Date,Description,Amount,Type,Balance,Check or Slip #"),
    # Mercury's transactions CSV (Mercury's checking and savings accounts are USD accounts)
    _layout("Mercury", "USD", "Date (UTC),Description,Amount,Status,Source Account,Bank Description,Reference,Note"),
    # the Japanese banks' ordinary (yen) deposit downloads: SMBC, MUFG, Mizuho
    _layout("SMBC", "JPY", "年月日,お取引内容,お引出し,お預入れ,残高"),
    _layout("MUFG", "JPY", "日付,摘要,摘要内容,支払い金額,預かり金額,差引残高,入払区分"),
    _layout("Mizuho", "JPY", "取引日,摘要,お支払金額,お預り金額,残高"),
    # the Korean banks' won account downloads: KB Kookmin, Woori (Shinhan's names '(원)' itself)
    _layout("KB Kookmin", "KRW", "거래일시,적요,출금액,입금액,잔액,거래점,내용"),
    _layout("Woori", "KRW", "거래일시,적요,기재내용,찾으신금액,맡기신금액,거래후 잔액"),
    # Kaspi Business (Kazakhstan) statement: tenge, its 'Валюта' column per row where filled
    _layout("Kaspi Business", "KZT", "Дата,Номер документа,Отправитель,БИН/ИИН,Назначение платежа,КНП,Сумма"),
    # PrivatBank business statement and Monobank's: the hryvnia where no column or name says otherwise
    _layout("PrivatBank", "UAH", "Дата операції,Сума,Призначення платежу,ЄДРПОУ,Назва контрагента,Референс"),
    _layout("Monobank", "UAH", "Дата i час операції,Деталі операції,MCC,Сума в валюті операції,Валюта,Курс"),
    # Bank Hapoalim's current-account export: its balance column is 'in shekels' (יתרה בש"ח)
    _layout("Hapoalim", "ILS", 'תאריך,תיאור הפעולה,פרטים,אסמכתא,חובה,זכות,יתרה בש"ח'),
)


def layout_currency(header: list[str]) -> str:
    """The one currency of the bank whose whole layout the header is, else ''."""
    names = {fold(cell) for cell in header}
    return next((layout.currency for layout in LAYOUTS if layout.names <= names), "")
