"""SWIFT MT940 customer statements into credit lines.

Read here rather than with the `mt-940` package, which logs every regex it tries, puts memory
addresses into its errors and refuses what banks really send: `:28C: /1` (Zenith Bank), a :61:
customer reference longer than 16 characters followed by a details line (ASN Bank), amounts with
a decimal point (old Rabobank exports), no transaction type code (Penta). The layout (SWIFT MT940
standard, banks' usage guides): :20: reference, :25: account, :28C: statement number, :60F:/:60M:
opening balance, then per line a :61: (value date, entry date, credit/debit mark, amount, type,
customer reference, //bank reference, supplementary details) with an optional :86: after it,
and :62F:/:62M: the closing balance.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from orchestration.ingest.bank_formats.common import (BATCH_CREDIT_CODES, BankFileError, BankLine, clean, join_unique,
                                                      plain_decimal)
from orchestration.ingest.bank_formats.identity import StatementEntry, file_ids
from orchestration.ingest.bank_formats.remittance import mt940_payer_and_reference, swift_return_reason
from reconcilers.non_customer import BANK_INTEREST, RETURNED_PAYMENT, bank_note

# The tags of MT940 (20, 21, 25, 25P, 28C, 60F/60M, 61, 86, 62F/62M, 64, 65) and MT942 (13D, 34F,
# 90D/90C) in SWIFT's Category 9 message reference, with :28: and :13: of older releases and :NS:
# (non-SWIFT, bank-specific) that banks still write. Only these start a field: a :86: line that
# merely starts like one (a wrapped timestamp 'T16' + ':26:37', '?60...T13' + ':12:11', ING's
# '00' + ':00:00/') continues the text.
_TAGS = ("20", "21", "25", "25P", "28", "28C", "60F", "60M", "61", "62F", "62M", "64", "65", "86",
         "13", "13D", "34F", "90D", "90C", "NS")
_TAG = re.compile(r"^:(" + "|".join(sorted(_TAGS, key=len, reverse=True)) + r"):")
# a line that ends the field before it: SWIFT envelope blocks ({1:...}{4:, -}, {5:...}) and the
# '-' between statements
_BOUNDARY = re.compile(r"^(\{|-\}?\s*$|-\{|\}\s*$)")
_LINE = re.compile(
    r"^(?P<value_date>\d{6})(?P<entry_date>\d{4}|\s{4})?\s*(?P<mark>R?[CD]|E[CD])(?P<funds>[A-Z])?\s*"
    r"(?P<amount>\d[\d ]*(?:[,.]\d*)?)(?P<rest>.*)$")
# a :61: line cut after its credit/debit mark (and funds code), the amount on the next line
_WRAPPED_AT_MARK = re.compile(r"^\d{6}(\d{4}|\s{4})?\s*(R?[CD]|E[CD])[A-Z]?\s*$")
_TYPE = re.compile(r"^[NSF][A-Z0-9 ]{3}")
_BALANCE = re.compile(r"^(?P<mark>[CD])(?P<date>\d{6})(?P<currency>[A-Z]{3})(?P<amount>\d[\d ]*(?:[,.]\d*)?)")
# the German banks' structured :86: starts with its business transaction code and a sub-field
_STRUCTURED_CODE = re.compile(r"^\s*(\d{3})\s*\?")
_NO_CONTINUATION = {"60F", "60M", "62F", "62M", "64", "65", "20", "25", "25P", "28", "28C"}


@dataclass
class _Field:
    tag: str
    line: int
    lines: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class _Entry:
    line: int
    first: str
    supplementary: str
    info: str = ""
    named: str = ""  # a name on the :61: line after the customer reference (old Rabobank)
    type_code: str = ""  # SWIFT's transaction type identification (MSC, TRF, RTI, INT, ...)


@dataclass
class _Statement:
    line: int
    account: str = ""
    number: str = ""
    opening: str = ""
    currency: str = ""
    entries: list[_Entry] = field(default_factory=list)


def _fields(text: str) -> list[_Field]:
    fields: list[_Field] = []
    current: _Field | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        # the DOS end-of-file mark (Ctrl-Z) that old banking software writes between exported
        # statements ('\x1a:20:940A121029', zilverline/mt940 two_accounts) hid the next :20:
        raw = raw.replace("\x1a", "")
        # trailing spaces kept: a :86: sub-field wrapped at a space ('?33hen Beginn ', 'Fuellzeichen')
        line = raw if raw.strip() else ""
        if line.startswith("{") and ":20:" not in line and "{4:" in line:
            line = line[line.index("{4:") + 3:].strip()  # "{1:..}{2:..}{4:" opens the text block
            if not line:
                current = None
                continue
        match = _TAG.match(line)
        if match:
            current = _Field(match.group(1), number, [line[match.end():]])
            fields.append(current)
        elif _BOUNDARY.match(line):
            current = None
        elif current is not None and current.tag not in _NO_CONTINUATION:
            current.lines.append(line)
    return fields


def _statements(fields: list[_Field]) -> list[_Statement]:
    statements: list[_Statement] = []
    statement: _Statement | None = None
    last_entry: _Entry | None = None
    for f in fields:
        if f.tag == "20" or statement is None:
            statement = _Statement(f.line)
            statements.append(statement)
            last_entry = None
        if f.tag in ("25", "25P"):
            # the statement's first: a later one is a broken line (betterplace's sepa_snippet_broken,
            # a :86: written as :25:), not another account for the lines above it
            statement.account = statement.account or clean(f.text)
        elif f.tag in ("28", "28C"):
            statement.number = clean(f.text)
        elif f.tag in ("60F", "60M"):
            statement.opening = clean(f.text)
            balance = _BALANCE.match(statement.opening)
            statement.currency = balance.group("currency") if balance else ""
        elif f.tag == "61":
            first, details = f.lines[0], f.lines[1:]
            if _WRAPPED_AT_MARK.match(first) and details and details[0][:1].isdigit():
                first, details = first.rstrip() + details[0].strip(), details[1:]  # Sparkasse: the amount wrapped
            last_entry = _Entry(f.line, first, clean(" ".join(details)))
            statement.entries.append(last_entry)
        elif f.tag == "86" and last_entry is not None:
            last_entry.info = f.text
            last_entry = None  # a second :86: belongs to the statement, not to the line
        elif f.tag not in ("86", "NS", "21", "13D", "34F"):
            last_entry = None
    return [s for s in statements if s.entries or s.account]


def _name_after_reference(text: str) -> tuple[str, str]:
    """The customer reference and a name after it on the same line, or '' for none. Old Rabobank
    (fruitl00p/php-mt940's Rabo sample) pads the reference (16x) with spaces to its 16 characters
    and writes the payer's name from the 17th: 'NONREF          MR AND MRS DAVIDS'. SWIFT puts
    supplementary details on the next line, so only this exact layout is read as a name."""
    reference = text[:16]
    if len(text) > 16 and reference.endswith(" ") and text[16] != " " and " " not in reference.strip():
        return reference.strip(), clean(text[16:])
    return text, ""


def _value_date(text: str, line: int) -> date:
    """YYMMDD. A day past the end of its month is that month's last day: German banks date the
    quarterly account closing (Rechnungsabschluss, a STARTUMSE export) 30 February, by the 30-day
    months of interest reckoning; wolph/mt940's date_fixup pre-processor reads it the same way. A
    month outside 1-12 or a day outside 1-31 is no date."""
    year, month, day = int(text[:2]), int(text[2:4]), int(text[4:6])
    year += 1900 if year >= 80 else 2000
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise BankFileError(f"line {line}: :61: value date {text} is not a date")
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _currency(statement: _Statement) -> str:
    if statement.currency:
        return statement.currency
    suffix = re.search(r"([A-Z]{3})$", statement.account)  # ":25:NL10BUNQ2290325473 EUR"
    if suffix:
        return suffix.group(1)
    raise BankFileError(f"line {statement.line}: statement without a currency (no :60F: opening balance)")


def parse(text: str) -> list[BankLine]:
    lines: list[BankLine] = []
    fields = _fields(text)
    if any(f.tag == "34F" for f in fields) and not any(f.tag in ("60F", "60M") for f in fields):
        # an intraday report: its lines come again in the day's MT940, with ids of their own
        raise BankFileError("MT942 interim transaction report, not an MT940 statement: not read")
    statements = _statements(fields)
    if not statements:
        raise BankFileError("no MT940 statement (no :20:/:25:/:61: fields)")
    drafted = [_drafts(statement) for statement in statements]
    ids = file_ids("MT940", [
        ((statement.account, statement.number, statement.opening),
         [StatementEntry(bank_ref, (value_date.isoformat(), match.group("mark"), str(value)),
                         match.group("mark") in ("C", "RD"))
          for _, match, value_date, value, _, bank_ref in drafts])
        for statement, drafts in zip(statements, drafted)])
    for statement, drafts, statement_ids in zip(statements, drafted, ids):
        currency = _currency(statement) if statement.entries else ""
        for bank_txn_id, (entry, match, value_date, value, customer_ref, _) in zip(statement_ids, drafts):
            # a credit, or the reversal of a debit: money in (a zero credit, Citi's balance note, is none)
            if match.group("mark") not in ("C", "RD") or value == 0:
                continue
            payer, reference = mt940_payer_and_reference(entry.info, entry.supplementary, customer_ref, entry.named)
            if note := _bank_note(entry):
                reference = join_unique([note, reference])
            lines.append(BankLine(bank_txn_id, value_date.isoformat(), plain_decimal(value), currency, payer,
                                  reference, statement.account, entry.line, _batch_total(entry)))
    return lines


def _batch_total(entry: _Entry) -> str:
    """'GVC 192' when the :86: starts with a German business transaction code of a batch credited
    as one booking ('192?00SEPA-LS SAMMLER'), else ''. Only the structured :86:'s code counts: the
    :61: type of other banks reuses the numbers (ABN AMRO's N192 is a giro payment)."""
    code = _STRUCTURED_CODE.match(entry.info)
    return f"GVC {code.group(1)}" if code and code.group(1) in BATCH_CREDIT_CODES else ""


def _bank_note(entry: _Entry) -> str:
    """The note the matcher knows a credit by that is no customer's, else '': money in as a
    returned item (SWIFT's type RTI, or the German banks' business transaction code 159, a SEPA
    transfer of ours returned, '159?00RETOURE' in betterplace's sample; a SWIFT-tagged :86:'s
    /RTRN/ and its reason code, Rabobank's and ING's SEPA returns) or as interest (INT)."""
    reason = swift_return_reason(entry.info)
    if entry.type_code == "RTI" or entry.info.lstrip().startswith("159?") or reason is not None:
        return bank_note(RETURNED_PAYMENT, reason or "")
    return bank_note(BANK_INTEREST) if entry.type_code == "INT" else ""


def _drafts(statement: _Statement) -> list[tuple[_Entry, re.Match[str], date, Decimal, str, str]]:
    """Each :61: of the statement read: the entry, its match, value date, amount, customer and bank
    references; the entry keeps its transaction type code and a name after its reference."""
    drafts = []
    for entry in statement.entries:
        match = _LINE.match(entry.first)
        if match is None:
            raise BankFileError(f"line {entry.line}: :61: statement line {entry.first[:40]!r} is not "
                                "date, credit/debit mark and amount")
        rest = match.group("rest").lstrip()  # 'C50,00 NTRFNONREF' (a Sparkasse's, jejik-mt940 bug-core-5401)
        if not rest.upper().startswith("NONREF"):
            entry.type_code = rest[1:4].upper() if _TYPE.match(rest) else ""
            rest = _TYPE.sub("", rest, count=1)
        customer_ref, _, bank_ref = rest.partition("//")
        customer_ref, entry.named = _name_after_reference(customer_ref)
        value = Decimal(match.group("amount").replace(" ", "").replace(",", "."))
        drafts.append((entry, match, _value_date(match.group("value_date"), entry.line), value,
                       clean(customer_ref), clean(bank_ref)))
    return drafts
