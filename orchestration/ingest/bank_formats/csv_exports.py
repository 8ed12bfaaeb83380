"""A bank's own CSV export into contract statement lines, as the BAI2, camt and MT940 readers give
them: credits only, amounts as plain decimal strings, dates YYYY-MM-DD.

The header (csv_header.py) is the first of the file's first lines that names a date and an amount
(or money-in) column (csv_columns.py); the lines above it are the bank's preamble (FNB: account
name, number and period), where an account number or currency is looked for. A row whose date or amount cannot
be read is a reject with its line and one-line reason; the rest of the file loads. A file that
gives no currency or no account (neither a column, nor its preamble, nor its name) is refused
whole, saying how to name it, unless its header is the whole layout of a bank whose export is of
one currency only (csv_layouts.py: Chase's is USD). Layouts, date order and ids:
docs/cash_application.md.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from orchestration.ingest.bank_formats.common import BankFileError, BankLine, clean, decode, join_unique, plain_decimal
from orchestration.ingest.bank_formats.csv_columns import NOT_BOOKED, SYNONYMS, Columns, fold
from orchestration.ingest.bank_formats.csv_header import Row, find_header
from orchestration.ingest.bank_formats.csv_layouts import layout_currency
from orchestration.ingest.bank_formats.csv_values import (ISO_CURRENCIES, MONTH_FIRST_CURRENCIES,
                                                          ZERO_DECIMAL_CURRENCIES, amount_text_is_blank,
                                                          comma_decimal, numeric_parts, parse_amount, parse_date)
from orchestration.ingest.bank_formats.identity import is_placeholder

# what Chase writes in Details: the direction the amount's sign already gives, no remittance text
_DIRECTION_WORDS = frozenset({"credit", "debit", "dslip", "check"})
_PREAMBLE_ACCOUNT = re.compile(r"(?i)\b(?:account\s*(?:number|no\.?|nr\.?|#)?|acc\.?\s*no\.?|konto(?:nummer)?|iban)"
                               r"\s*[:#]?\s*[,;\t|]?\s*([A-Z]{2}\d{2}[A-Z0-9 ]{10,30}|\d[\d\- *xX]{2,32}\d)")
_PREAMBLE_CURRENCY = re.compile(r"(?i)\b(?:currency|wahrung|waehrung)\s*[:]?\s*[,;\t|]?\s*([A-Z]{3})\b")
_NAME_DATES = re.compile(r"(?:19|20)\d{2}[-_.]?(?:0[1-9]|1[0-2])(?:[-_.]?(?:0[1-9]|[12]\d|3[01]))?(?!\d)"
                         r"|(?<!\d)\d{2}[-_.]\d{2}[-_.](?:19|20)\d{2}")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}[A-Z0-9]{10,30}\b")
# a Japanese statement's text starts with the kind of credit, the remitter's name after it
# ('振込 ｶ)ｻｸﾗｸﾗｳﾄﾞ': a transfer from Sakura Cloud KK, SMBC and Mizuho)
_JP_TRANSFER = re.compile(r"^(?:振込入金|振込|ﾌﾘｺﾐ|フリコミ|振替|ﾌﾘｶｴ)[\s\u3000]*(?=\S)")
# Monobank's details of a transfer in start with its sender ('Від: ТОВ «X», Оплата за рахунком № 527')
_FROM = re.compile(r"^(?:Від|От):\s*(?=\S)")


@dataclass(frozen=True)
class Rejected:
    """A row that gives no line, and why (readers.py quarantines it with its line)."""
    line_number: int
    reason: str
    raw: str


@dataclass
class ExportRead:
    lines: list[BankLine] = field(default_factory=list)
    rejects: list[Rejected] = field(default_factory=list)


def is_bank_export(head: bytes, contract_columns: tuple[str, ...]) -> bool:
    """A text file whose first line names none of the contract's columns, read as the CSV reader
    reads it: a bank's own export (or garbage, which parse_bank_export refuses with its reason).
    A binary or empty file is left to the CSV reader, which says so as before."""
    first = next((line for line in head.split(b"\n") if line.strip()), b"")  # NatWest's starts blank
    if b"\x00" in head or not first.strip():
        return False
    names = {name.strip() for name in next(csv.reader([decode(first).rstrip("\r")]), [])}
    return not names & set(contract_columns)


def parse_bank_export(path: Path) -> ExportRead:
    """The credit lines of a bank's CSV export and the rows that could not be read. Raises
    BankFileError (one line, the file's name first) when the file is none or lacks a currency or
    an account."""
    try:
        return _parse(path.name, decode(path.read_bytes()))
    except BankFileError as exc:
        raise BankFileError(f"{path.name}: {exc}") from None
    except OSError as exc:
        raise BankFileError(f"{path.name}: cannot read file ({exc.strerror or type(exc).__name__})") from None
    except Exception as exc:  # a bug, still one line and the file quarantined, never a traceback
        raise BankFileError(f"{path.name}: not a readable bank export ({type(exc).__name__})") from None


def _preamble_value(pattern: re.Pattern[str], preamble: list[Row]) -> str:
    for row in preamble:
        match = pattern.search(" ".join(cell.strip() for cell in row.cells))
        if match:
            return re.sub(r"[\s-]", "", match.group(1))
    return ""


def _name_currency(name: str) -> str:
    """The one ISO 4217 code among the name's upper-case tokens ('FNB_ZAR_5678.csv'), else ''."""
    codes = {token for token in re.split(r"[^A-Za-z0-9]+", Path(name).stem) if token in ISO_CURRENCIES}
    return codes.pop() if len(codes) == 1 else ""


def _name_account(name: str) -> str:
    """An IBAN in the name; else its first tokens of digits and dashes, one after the other, of 4+
    digits in all, joined by a space (a bank number and an account: 'ANZ_06-0501-0123456-00_NZD'
    -> '06-0501-0123456-00', 'Westpac_032000_123456_AUD' -> '032000 123456'); else its first run
    of 4+ digits, once dates are taken out ('Chase1234_Activity_20261130.CSV' -> '1234'); else ''."""
    stem = _NAME_DATES.sub(" ", Path(name).stem)
    if iban := _IBAN.search(stem.replace("_", " ")):
        return iban.group(0)
    if tokens := re.search(r"(?<![^\s_])\d[\d-]*\d(?:[\s_]+\d[\d-]*\d)*(?![^\s_])", stem):
        run = re.sub(r"[\s_]+", " ", tokens.group(0))
        if sum(c.isdigit() for c in run) >= 4:
            return run
    digits = re.search(r"\d{4,34}", stem)
    return digits.group(0) if digits else ""


def _missing(what: str, name: str, example: str) -> BankFileError:
    stem, suffix = Path(name).stem, Path(name).suffix or ".csv"
    return BankFileError(f"no {what}: the export has no {what} column, its preamble and its name none "
                         f"(name it like '{stem}_{example}{suffix}'; {'an' if what[0] in 'aeiou' else 'a'} {what} "
                         "column is named one of "
                         f"{', '.join(SYNONYMS[what])})")


def _day_first(rows: list[Row], at: int, currency: str) -> bool:
    """Whether the file writes 'NN/NN/YYYY' day first: a first number over 12 says so, a second one
    over 12 says not (the more frequent wins should both occur); a file that cannot tell follows its
    currency's country (USD month first, every other day first)."""
    parts = [p for row in rows if (p := numeric_parts(row.cell(at)))]
    day_first = sum(first > 12 for first, _ in parts)
    month_first = sum(second > 12 for _, second in parts)
    if day_first or month_first:
        return day_first >= month_first
    return currency not in MONTH_FIRST_CURRENCIES


@dataclass(frozen=True)
class _Draft:
    row: Row
    value_date: str
    amount: Decimal
    currency: str
    account: str
    payer: str
    reference: str
    balance: str
    bank_id: str


def _parse(name: str, text: str) -> ExportRead:
    rows, data_start, columns = find_header(text)
    preamble = rows[:max(data_start - 1, 0)]
    data = [r for r in rows[data_start:] if r.error or any(c.strip() for c in r.cells)]
    at = columns.at
    header = rows[data_start - 1].cells if data_start else []
    currency = next((code for code in (columns.currency_in_name, _preamble_value(_PREAMBLE_CURRENCY, preamble).upper(),
                                       _name_currency(name), layout_currency(header)) if code in ISO_CURRENCIES), "")
    if not currency and "currency" not in at:
        raise _missing("currency", name, "USD")
    account = _preamble_value(_PREAMBLE_ACCOUNT, preamble) or _name_account(name)
    if not account and "account" not in at:
        raise _missing("account", name, "1234")
    file_currency = currency or _most_common(data, at.get("currency"))
    day_first = _day_first(data, at["date"], file_currency)
    decimal_comma = any(comma_decimal(row.cell(at.get(role))) for row in data for role in ("amount", "credit", "debit"))
    read = ExportRead()
    drafts = []
    for row in data:
        draft = _draft(row, columns, day_first, decimal_comma, currency, account)
        if isinstance(draft, Rejected):
            read.rejects.append(draft)
        elif draft is not None:
            drafts.append(draft)
    read.lines = _lines(drafts)
    return read


def _most_common(rows: list[Row], at: int | None) -> str:
    codes = Counter(row.cell(at).upper() for row in rows if row.cell(at).upper() in ISO_CURRENCIES)
    return codes.most_common(1)[0][0] if codes else ""


def _signed_amount(row: Row, at: dict[str, int], decimal_comma: bool) -> Decimal | str:
    """The row's amount, money in positive; or the reason it has none."""
    signed = row.cell(at.get("amount"))
    if not amount_text_is_blank(signed):
        value = parse_amount(signed, decimal_comma)
        return value if value is not None else f"amount {signed!r} is not an amount"
    money_in, money_out = row.cell(at.get("credit")), row.cell(at.get("debit"))
    if not amount_text_is_blank(money_in):
        value = parse_amount(money_in, decimal_comma)
        return abs(value) if value is not None else f"money in {money_in!r} is not an amount"
    if not amount_text_is_blank(money_out):
        value = parse_amount(money_out, decimal_comma)
        return -abs(value) if value is not None else f"money out {money_out!r} is not an amount"
    return "no amount (the amount columns are empty)"


def _draft(row: Row, columns: Columns, day_first: bool, decimal_comma: bool, currency: str,
           account: str) -> _Draft | Rejected | None:
    """The row read, a Rejected with its reason, or None for a row that is no credit (a debit, a
    zero, a pending or failed line) and so gives no line, as in the other bank readers."""
    at = columns.at
    if row.error:
        return Rejected(row.line_number, row.error, "")
    if fold(row.cell(at.get("status"))) in NOT_BOOKED:
        return None
    amount = _signed_amount(row, at, decimal_comma)
    if isinstance(amount, str):
        return Rejected(row.line_number, amount, row.raw())
    value_date = parse_date(row.cell(at["date"]), day_first)
    if value_date is None:
        order = "day" if day_first else "month"
        return Rejected(row.line_number, f"date {row.cell(at['date'])!r} is not a date (this file writes the "
                                         f"{order} first)", row.raw())
    if amount <= 0:
        return None
    row_currency = row.cell(at.get("currency")).upper() or currency
    if row_currency not in ISO_CURRENCIES:
        return Rejected(row.line_number, f"currency {row_currency!r} is not an ISO 4217 code", row.raw())
    if row_currency in ZERO_DECIMAL_CURRENCIES and amount != amount.to_integral_value():
        return Rejected(row.line_number, f"amount {amount} has a fraction: {row_currency} has no minor unit",
                        row.raw())
    reference = _text(row, columns.texts) or _text(row, columns.fallback_texts)
    payer = clean(row.cell(at.get("payer")))
    if not payer and (transfer := _JP_TRANSFER.match(reference)):
        payer = reference[transfer.end():]
    elif not payer and (sender := _FROM.match(reference)):
        payer = _first_part(reference[sender.end():])
    balance = parse_amount(row.cell(at.get("balance")), decimal_comma)
    return _Draft(row, value_date.isoformat(), amount, row_currency, row.cell(at.get("account")) or account,
                  payer, reference, "" if balance is None else f"{balance:.4f}", row.cell(at.get("bank_id")))


def _first_part(text: str) -> str:
    """The text up to its first comma outside quotes ('ТОВ «A, B», Оплата' -> 'ТОВ «A, B»')."""
    depth = 0
    for i, ch in enumerate(text):
        depth += (ch in "«“") - (ch in "»”") + (ch == '"') * (1 - 2 * (depth > 0))
        if ch == "," and depth <= 0:
            return text[:i].strip()
    return text.strip()


def _text(row: Row, columns: tuple[int, ...]) -> str:
    """The columns' texts, each once, without Chase's direction words and the placeholders."""
    return join_unique([row.cell(i) for i in columns
                        if fold(row.cell(i)) not in _DIRECTION_WORDS and not is_placeholder(row.cell(i))])


def _lines(drafts: list[_Draft]) -> list[BankLine]:
    """The credits with their ids: the bank's own id where it is given and unique in the file, else
    one derived from the account, date, amount, text and balance, and the occurrence of that same
    content in the file (two identical payments of a day keep two lines; the same payment in two
    overlapping exports gets one id, which ingestion keeps once)."""
    bank_ids = Counter(draft.bank_id for draft in drafts)
    seen: Counter[tuple[str, ...]] = Counter()
    lines = []
    for draft in drafts:
        if not is_placeholder(draft.bank_id) and bank_ids[draft.bank_id] == 1:
            bank_txn_id = draft.bank_id
        else:
            content = (draft.account, draft.value_date, f"{draft.amount:.4f}", draft.currency, draft.payer,
                       draft.reference, draft.balance)
            seen[content] += 1
            text = "\x1f".join((*content, str(seen[content])))
            bank_txn_id = f"CSV-{hashlib.sha256(text.encode()).hexdigest()[:20]}"
        lines.append(BankLine(bank_txn_id, draft.value_date, plain_decimal(draft.amount), draft.currency,
                              draft.payer, draft.reference, draft.account, draft.row.line_number))
    return lines
