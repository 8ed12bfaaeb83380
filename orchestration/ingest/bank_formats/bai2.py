"""BAI2 (Cash Management Balance Reporting Specifications, version 2) into credit lines.

Read here rather than with the `bai2` package, which refuses the specification's own sample
(a 03 record continued by 88 records in the middle of its summaries reads as type code
'190500000') and files that put several records on one physical line. The layout, from the spec:
01 file header, 02 group header (as-of date, currency), 03 account identifier (account, currency,
then type code/amount/item count/funds type summaries), 16 transaction detail (type code, amount,
funds type and its fields, bank reference, customer reference, text), 88 continuation of the
record before it, 49/98/99 account/group/file trailers with control totals and record counts.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from contract.money import minor_units
from orchestration.ingest.bank_formats.common import BankFileError, BankLine, clean, join_unique, plain_decimal
from orchestration.ingest.bank_formats.identity import StatementEntry, file_ids
from orchestration.ingest.bank_formats.remittance import bai2_payer_and_reference
from reconcilers.non_customer import BANK_INTEREST, RETURNED_PAYMENT, bank_note

CREDIT_CODES = range(100, 400)  # 100-399: credits; 400-699 debits; 001-099 balances (spec, appendix A)
# deposits the bank books as one credit whose items its lockbox or deposit file lists (appendix A):
# the credit is a batch's total (common.BankLine.batch_total)
DEPOSIT_TOTAL_CODES = {115: "lockbox deposit", 175: "check deposit package"}
# credits that are never a customer's (appendix A), by the mark the matcher knows them by: one of
# the account holder's own payments coming back, and the bank's interest
BANK_CODES = {252: (RETURNED_PAYMENT, "debit reversal"), 255: (RETURNED_PAYMENT, "check posted and returned"),
              257: (RETURNED_PAYMENT, "ACH return item"), 258: (RETURNED_PAYMENT, "ACH reversal credit"),
              261: (RETURNED_PAYMENT, "rejected credit"), 266: (RETURNED_PAYMENT, "return item"),
              268: (RETURNED_PAYMENT, "return item adjustment"),
              242: (BANK_INTEREST, "collection of interest income"), 346: (BANK_INTEREST, "sweep interest income"),
              354: (BANK_INTEREST, "interest credit"), 359: (BANK_INTEREST, "interest adjustment credit")}
# a defaulted currency is the originator's home currency (spec, 02 record): BAI2 is written by US
# banks (a Canadian one writes its CAD, moov-io sample1)
DEFAULT_CURRENCY = "USD"
# group status (02 record, field 3): 1 update and 3 correction are read; a deletion of data sent
# before cannot be applied to lines, and a test group is no money
_UNREAD_GROUP_STATUS = {"2": "deletion", "4": "test only"}
# A logical record ends at '/', or at the end of a physical line that the next record's code
# begins; several records may share one physical line (moov-io sample3) and a record may run on
# over a line break.
_RECORD_START = re.compile(r"(?:^|/)[ \t\r\n]*(?=(?:01|02|03|16|49|88|98|99),)|[\r\n]+(?=(?:01|02|03|16|49|88|98|99),)")
_NEXT = {None: {"01"}, "01": {"02"}, "02": {"03", "98"}, "03": {"16", "49"}, "16": {"16", "49"},
         "49": {"03", "98"}, "98": {"02", "99"}, "99": set()}
# funds type -> how many fields follow it (D: a count, then that many day/amount pairs)
_FUNDS_FIELDS = {"": 0, "0": 0, "1": 0, "2": 0, "Z": 0, "S": 3, "V": 2}


@dataclass
class _Record:
    code: str
    fields: list[str]
    line: int
    physical: int = 1  # physical records it spans (itself and its 88 continuations)


@dataclass
class _Account:
    number: str
    currency: str
    amounts: list[int] = field(default_factory=list)
    details: list[_Record] = field(default_factory=list)
    records: int = 0
    records_without_continuations: int = 0


def _logical_records(text: str) -> list[_Record]:
    """Split into logical records, 88 continuations folded into the record they continue."""
    matches = list(_RECORD_START.finditer(text))
    newlines = [i for i, ch in enumerate(text) if ch == "\n"]
    records: list[_Record] = []
    for start, end in zip([m.end() for m in matches], [*(m.start() for m in matches[1:]), len(text)]):
        chunk = text[start:end].rstrip()
        if not chunk:
            continue
        chunk = chunk[:-1] if chunk.endswith("/") else chunk
        line = bisect.bisect_left(newlines, start) + 1
        code, _, rest = chunk.partition(",")
        if code == "88" and records:
            _continue(records[-1], rest)
            continue
        record = _Record(code, [clean(f) for f in rest.split(",")], line)
        if code == "16":  # the text field is the rest of the record, commas and all
            text_at = _text_position(record)
            record.fields = [*(record.fields + [""] * text_at)[:text_at], clean(",".join(rest.split(",")[text_at:]))]
        records.append(record)
    return records


def _continue(record: _Record, rest: str) -> None:
    """An 88 record: a 16 record's text runs on (commas and all); any other record's fields go on."""
    record.physical += 1
    if record.code == "16":
        record.fields[-1] = clean(f"{record.fields[-1]} {rest}")
    else:
        record.fields += [clean(f) for f in rest.split(",")]


def _text_position(record: _Record) -> int:
    """Where a 16 record's text field is: after type code, amount, funds type (and its fields),
    bank reference and customer reference."""
    return 2 + _funds_fields(record.fields, 2, record) + 2


def _check_sequence(records: list[_Record]) -> None:
    previous = None
    for record in records:
        if record.code not in _NEXT.get(previous, set()):
            expected = " or ".join(sorted(_NEXT.get(previous, set()))) or "end of file"
            raise BankFileError(f"line {record.line}: BAI2 record {record.code!r} where {expected} was expected")
        previous = record.code
    if previous != "99":
        raise BankFileError("BAI2 file ends before its 99 file trailer (truncated?)")


def _amount(text: str, record: _Record) -> int:
    text = text.strip()
    if not text:
        return 0
    if not re.fullmatch(r"[+-]?\d+", text):
        raise BankFileError(f"line {record.line}: amount {text!r} is not a whole number of minor units")
    return int(text)


def _date(text: str, record: _Record) -> date:
    try:
        return date(2000 + int(text[:2]), int(text[2:4]), int(text[4:6]))
    except (ValueError, IndexError):
        raise BankFileError(f"line {record.line}: date {text!r} is not YYMMDD") from None


def _funds_fields(fields: list[str], at: int, record: _Record) -> int:
    """How many fields the funds type at `at` takes with its own fields."""
    funds = fields[at].strip().upper() if at < len(fields) else ""
    if funds == "D":
        count = int(fields[at + 1]) if at + 1 < len(fields) and fields[at + 1].strip().isdigit() else 0
        return 2 + 2 * count
    if funds not in _FUNDS_FIELDS:
        raise BankFileError(f"line {record.line}: unknown funds type {funds!r}")
    return 1 + _FUNDS_FIELDS[funds]


def _summary_amounts(record: _Record) -> list[int]:
    """The amounts of a 03 record's type code/amount/item count/funds type summaries."""
    amounts, at, fields = [], 2, record.fields
    while at < len(fields):
        if not fields[at]:  # a defaulted summary, or the empty field some banks write before '/'
            at += 1
            continue
        amounts.append(_amount(fields[at + 1] if at + 1 < len(fields) else "", record))
        at += 3 + (_funds_fields(fields, at + 3, record) if at + 3 < len(fields) else 1)
    return amounts


def _check_trailer(record: _Record, total: int, records: tuple[int, int], what: str, count_at: int) -> None:
    """Control total (blank means none given) and record count, counted with or without the 88
    continuation records (banks do both)."""
    stated = record.fields[0].strip()
    if stated and _amount(stated, record) != total:
        raise BankFileError(f"line {record.line}: BAI2 {what} control total {stated} but its amounts add up to {total}")
    count = record.fields[count_at].strip() if len(record.fields) > count_at else ""
    if count and (not count.isdigit() or int(count) not in records):
        raise BankFileError(f"line {record.line}: BAI2 {what} says {count} records but has {records[0]}")


def parse(text: str, check_totals: bool) -> list[BankLine]:
    records = _logical_records(text)
    _check_sequence(records)
    accounts: list[tuple[_Account, date, list]] = []
    group_currency, as_of, group_total, file_total = "", date.min, 0, 0
    group_records = file_records = (0, 0)
    account: _Account | None = None
    for record in records:
        file_records = (file_records[0] + record.physical, file_records[1] + 1)
        group_records = (group_records[0] + record.physical, group_records[1] + 1)
        if record.code == "02":
            status = record.fields[2] if len(record.fields) > 2 else ""
            if status in _UNREAD_GROUP_STATUS:
                raise BankFileError(f"line {record.line}: BAI2 group status {status} "
                                    f"({_UNREAD_GROUP_STATUS[status]}): not read")
            group_records = (record.physical, 1)
            as_of = _date(record.fields[3] if len(record.fields) > 3 else "", record)
            group_currency = (record.fields[5] if len(record.fields) > 5 else "").upper()
            group_total = 0
        elif record.code == "03":
            currency = (record.fields[1] if len(record.fields) > 1 else "").upper()
            account = _Account(record.fields[0], currency or group_currency or DEFAULT_CURRENCY)
            account.amounts += _summary_amounts(record)
        if account is not None:
            account.records += record.physical
            account.records_without_continuations += 1
        if record.code == "16":
            account.details.append(record)
            account.amounts.append(_amount(record.fields[1] if len(record.fields) > 1 else "", record))
        elif record.code == "49":
            total = sum(account.amounts)
            if check_totals:
                _check_trailer(record, total, (account.records, account.records_without_continuations), "account", 1)
            accounts.append((account, as_of, _account_drafts(account, as_of)))
            group_total += total
            account = None
        elif record.code == "98":
            if check_totals:
                _check_trailer(record, group_total, group_records, "group", 2)
            file_total += group_total
        elif record.code == "99" and check_totals:
            _check_trailer(record, file_total, file_records, "file", 2)
    ids = file_ids("BAI2", [((account.number, as_of.isoformat()), [
        StatementEntry(bank_ref, (value_date.isoformat(), str(code), str(amount)), code in CREDIT_CODES)
        for _, code, amount, value_date, bank_ref, _, _ in drafts]) for account, as_of, drafts in accounts])
    return [line for account_ids, (account, _, drafts) in zip(ids, accounts)
            for line in _account_lines(account, account_ids, drafts)]


def _account_drafts(account: _Account, as_of: date) -> list:
    drafts = []
    for record in account.details:
        fields = record.fields + [""] * 3
        code = fields[0].strip()
        if not code.isdigit():
            raise BankFileError(f"line {record.line}: type code {code!r} is not a number")
        amount = _amount(fields[1], record)
        funds = fields[2].strip().upper()
        value_date = _date(fields[3], record) if funds == "V" else as_of
        bank_ref, customer_ref, text = record.fields[_text_position(record) - 2:]
        drafts.append((record, int(code), amount, value_date, bank_ref, customer_ref, text))
    return drafts


def _account_lines(account: _Account, ids: list[str], drafts: list) -> list[BankLine]:
    lines = []
    for bank_txn_id, (record, code, amount, value_date, _, customer_ref, text) in zip(ids, drafts):
        if code not in CREDIT_CODES or amount == 0:  # a zero credit (a note) is no payment
            continue
        payer, reference = bai2_payer_and_reference(customer_ref, text)
        if code in BANK_CODES:
            mark, meaning = BANK_CODES[code]
            reference = join_unique([bank_note(mark, "", f"BAI2 {code}, {meaning}"), reference])
        value = plain_decimal(Decimal(amount).scaleb(-minor_units(account.currency)))
        batch_total = f"BAI2 {code}, {DEPOSIT_TOTAL_CODES[code]}" if code in DEPOSIT_TOTAL_CODES else ""
        lines.append(BankLine(bank_txn_id, value_date.isoformat(), value, account.currency, payer, reference,
                              account.number, record.line, batch_total))
    return lines
