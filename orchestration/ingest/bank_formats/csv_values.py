"""The values of a bank's own CSV export read from their text: amounts as decimals (never floats),
dates in the orders banks write them, and the currency codes a file name may carry.

Banks format numbers for their country ('1,234.56', '1.234,56', '1 234,56', "1'234.56"), mark
the sign in several ways ('-1234.56', '(1,234.56)', '1234.56 CR'/'DR', '1234.56-') and put a
currency symbol or code beside it. Dates are ISO, 'DD/MM/YYYY' or 'MM/DD/YYYY' (the file decides,
DateOrder), 'DD.MM.YYYY'/'DD.MM.YY' (German), 'YYYY/MM/DD' (FNB, Japanese banks), 'YYYY.MM.DD'
(Korean banks), 'DD Mon YYYY', with or without a time ('2026-11-03 14:22:10', M-Pesa); Japanese
and Korean banks also write '2026年3月9日'/'2026년 3월 9일' and Japanese the era year ('R8.03.09',
'令和8年3月9日'). Full-width digits and signs ('１，１４９，５００', '￥') read as their ASCII forms
(NFKC); Japanese statements mark a negative with '▲'/'△'; '円' and '원' after an amount are the yen
and the won.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

# ISO 4217 codes in use (the currencies a file name's token or a currency column may name)
ISO_CURRENCIES = frozenset("""
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD
CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD
GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT
LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR
NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP
STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG
XOF XPF YER ZAR ZMW ZWG
""".split())
# currencies of the countries that write the month first (the United States; the territories and
# states that bank in USD); every other country writes the day first
MONTH_FIRST_CURRENCIES = frozenset({"USD"})
# ISO 4217 currencies of no minor unit (exponent 0): an amount with a fraction in one is no amount
ZERO_DECIMAL_CURRENCIES = frozenset("BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF".split())

_SYMBOLS = re.compile(r"[$€£¥₹₦₵₱₩₪₺₽₴฿円원]|\b(?:R|KSh|Ksh|Sh|Rs)\b(?=\s*[\d(])")
_GROUPING = re.compile(r"[\s'\u00a0\u202f]")
_NUMBER = re.compile(r"^\d[\d.,]*$|^[.,]\d+$")


def amount_text_is_blank(text: str) -> bool:
    return not text.strip() or text.strip() in ("-", "--")


def comma_decimal(text: str) -> bool:
    """Whether an amount shows a decimal comma beyond doubt: '1.234,56', '12,5', '-0,99'."""
    core = _GROUPING.sub("", text)
    return bool(re.search(r",\d{1,2}(?!\d)", core) and not re.search(r",\d{1,2}\.", core)) or bool(
        re.search(r"\.\d{3},\d", core))


def parse_amount(text: str, decimal_comma: bool) -> Decimal | None:
    """The signed amount of a bank's text, or None when it is none. `decimal_comma`: the file writes
    a decimal comma (comma_decimal of any of its amounts), so '1,234' there is 1.234 and '1.234'
    one thousand two hundred thirty-four."""
    value = unicodedata.normalize("NFKC", text).strip()
    negative = value[:1] in ("▲", "△")  # Japanese statements' minus
    value = value[1:] if negative else value
    if value.startswith("(") and value.endswith(")"):
        value, negative = value[1:-1], True
    mark = re.search(r"\s*(?<![A-Za-z])(CR|DR|Cr|Dr|cr|dr|H|S)\.?$", value)  # CR/DR; German Haben/Soll
    if mark:
        negative ^= mark.group(1).upper() in ("DR", "S")
        value = value[:mark.start()]
    value = _SYMBOLS.sub("", value).strip()
    code = re.match(r"^([A-Z]{3})\s*|\s*([A-Z]{3})$", value)
    if code and (code.group(1) or code.group(2)) in ISO_CURRENCIES:
        value = value.replace(code.group(0), "", 1).strip()
    if value[:1] in ("+", "-"):
        negative ^= value[0] == "-"
        value = value[1:].strip()
    elif value[-1:] in ("+", "-"):  # '1.234,56-', a trailing sign (German and SAP exports)
        negative ^= value[-1] == "-"
        value = value[:-1].strip()
    value = _GROUPING.sub("", value)
    if not _NUMBER.match(value):
        return None
    number = _plain_number(value, decimal_comma)
    try:
        amount = Decimal(number)
    except InvalidOperation:
        return None
    return -amount if negative else amount


def _plain_number(value: str, decimal_comma: bool) -> str:
    """'1.234,56' -> '1234.56': the last mark is the decimal one when both are there; one mark alone
    is a decimal mark unless it repeats, or stands before three digits in a file of the other kind."""
    if "," in value and "." in value:
        mark = "," if value.rfind(",") > value.rfind(".") else "."
    elif "," in value or "." in value:
        mark = "," if "," in value else "."
        whole, _, fraction = value.rpartition(mark)
        grouping = value.count(mark) > 1 or (len(fraction) == 3 and decimal_comma != (mark == ","))
        if grouping:
            return value.replace(mark, "")
    else:
        return value
    other = "." if mark == "," else ","
    return value.replace(other, "").replace(mark, ".")


_MONTHS = {name: number for number, names in enumerate((
    ("jan", "januar", "janvier", "enero"), ("feb", "februar", "fevrier", "febrero"),
    ("mar", "marz", "maerz", "mars", "marzo", "mrz"), ("apr", "april", "avril", "abril"),
    ("may", "mai", "mayo"), ("jun", "juni", "juin", "junio"), ("jul", "juli", "juillet", "julio"),
    ("aug", "august", "aout", "agosto"), ("sep", "sept", "september", "septembre", "septiembre"),
    ("oct", "okt", "oktober", "octobre", "octubre"), ("nov", "november", "novembre", "noviembre"),
    ("dec", "dez", "dezember", "decembre", "diciembre")), start=1) for name in names}
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s])")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_NUMERIC = re.compile(r"^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?:$|[T\s,])")
_DAY_NAMED = re.compile(r"^(\d{1,2})[\s\-.]*([A-Za-z]{3,9})\.?[\s\-.,]*(\d{4}|\d{2})(?:$|[T\s])")
_NAMED_DAY = re.compile(r"^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})(?:$|[T\s])")
_CJK = re.compile(r"^(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?")
# the Japanese eras' first years less one (Reiwa 1 is 2019; 元年 is an era's first year)
_ERAS = {"R": 2018, "令和": 2018, "H": 1988, "平成": 1988, "S": 1925, "昭和": 1925}
_ERA = re.compile(r"^(R|H|S|令和|平成|昭和)\s*(\d{1,2}|元)\s*(?:[./\-]|年)\s*(\d{1,2})\s*(?:[./\-]|月)\s*(\d{1,2})"
                  r"(?:日|$|\s)")


def _year(text: str) -> int:
    year = int(text)
    return year if len(text) == 4 else year + (1900 if year >= 80 else 2000)


def _month(name: str) -> int | None:
    return _MONTHS.get(name.lower()) or _MONTHS.get(name.lower()[:3])


def numeric_parts(text: str) -> tuple[int, int] | None:
    """The first two numbers of a 'NN/NN/YYYY' date whose order the file decides, else None;
    a dotted date is always day first (no country writes 'MM.DD.YYYY')."""
    match = _NUMERIC.match(text.strip())
    if match is None or match.group(2) == ".":
        return None
    return int(match.group(1)), int(match.group(3))


def parse_date(text: str, day_first: bool) -> date | None:
    """The date of a bank's text (a time after it ignored), or None when it is none."""
    value = unicodedata.normalize("NFKC", text).strip()
    try:
        if match := _ISO.match(value) or _COMPACT.match(value) or _CJK.match(value):
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if match := _NUMERIC.match(value):
            first, second = int(match.group(1)), int(match.group(3))
            day, month = (first, second) if day_first or match.group(2) == "." else (second, first)
            return date(_year(match.group(4)), month, day)
        if (match := _DAY_NAMED.match(value)) and (month := _month(match.group(2))):
            return date(_year(match.group(3)), month, int(match.group(1)))
        if (match := _NAMED_DAY.match(value)) and (month := _month(match.group(1))):
            return date(int(match.group(3)), month, int(match.group(2)))
        if match := _ERA.match(value):
            year = 1 if match.group(2) == "元" else int(match.group(2))
            return date(_ERAS[match.group(1)] + year, int(match.group(3)), int(match.group(4)))
    except ValueError:
        return None
    return None
