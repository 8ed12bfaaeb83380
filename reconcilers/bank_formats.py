"""Bank statement files (BAI2, ISO 20022 camt.053/camt.054, MT940) into contract statement lines.

Only credits become lines: they are the remittances the matcher applies. Every field is a string
in the contract's format (amount a plain decimal string, date YYYY-MM-DD), so ingestion treats
these lines exactly like rows of a CSV bank file. Field mapping is documented in
docs/cash_application.md.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from orchestration.contract import minor_units


class BankFileError(ValueError):
    """A bank file that cannot be read; the message is one line naming the file and the cause."""


@dataclass(frozen=True)
class BankLine:
    bank_txn_id: str
    value_date: str
    amount: str
    currency: str
    payer_name: str
    reference: str
    account_id: str
    line_number: int


BAI2_CREDIT_CODES = range(101, 400)
_SPACES = re.compile(r"\s+")


def parse_bank_file(path: Path, *, check_bai2_totals: bool = True) -> list[BankLine]:
    """Parse one bank file, choosing the format from the extension, else from the content.

    check_bai2_totals: reject a BAI2 file whose trailer record counts and control totals do not
    add up (a truncated or hand-edited file); pass False to read such a file anyway.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BankFileError(f"{path.name}: cannot read file ({exc.strerror or exc})") from None
    kind = _detect_format(path, data)
    parser = {"bai2": lambda: _parse_bai2(data, check_bai2_totals), "camt": lambda: _parse_camt(data),
              "mt940": lambda: _parse_mt940(data)}[kind]
    try:
        return parser()
    except BankFileError as exc:
        raise BankFileError(f"{path.name}: {exc}") from None
    except Exception as exc:  # third-party parsers raise anything on malformed input
        raise BankFileError(f"{path.name}: not a valid {kind.upper()} file ({_one_line(exc)})") from None


def _one_line(exc: BaseException) -> str:
    text = _SPACES.sub(" ", str(exc)).strip() or type(exc).__name__
    return text[:200]


def _detect_format(path: Path, data: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix in (".bai", ".bai2"):
        return "bai2"
    if suffix == ".xml":
        return "camt"
    if suffix in (".sta", ".mt940"):
        return "mt940"
    head = data.lstrip()[:200]
    if head.startswith(b"<"):
        return "camt"
    if head.startswith(b"01,"):
        return "bai2"
    if b":20:" in data[:2000] and b":61:" in data:
        return "mt940"
    raise BankFileError(f"{path.name}: unknown bank file format (expected BAI2, camt.053/054 XML or MT940)")


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")  # older bank exports; latin-1 maps every byte


def _clean(text: str | None) -> str:
    return _SPACES.sub(" ", text or "").strip()


def _fallback_id(prefix: str, *parts: object) -> str:
    """A deterministic id for a line the bank gave no reference: a re-delivered file maps to the
    same id, so it adds nothing."""
    digest = hashlib.sha1("|".join(str(p) for p in parts).encode()).hexdigest()[:16]
    return f"{prefix}-{digest}"


def _amount_from_minor(value: int, currency: str) -> str:
    digits = minor_units(currency)
    return str(Decimal(value).scaleb(-digits))


def _plain_decimal(value: Decimal) -> str:
    return format(value, "f")


# --- BAI2 ---------------------------------------------------------------------------------------

# Tags banks put in 16/88 text for the ordering customer and for the remittance information.
_BAI2_NAME_TAGS = ("DBNM", "ORIGINATOR NAME", "ORIG NAME", "ORIGINATOR", "ORIG", "ORG", "B/O",
                   "BY ORDER OF", "BO1", "PAYER", "PAYOR", "REMITTER", "SENDER", "DEBTOR", "FROM")
_BAI2_REF_TAGS = ("REMI", "REMITTANCE INFO", "OBI", "RMT", "RFB", "REF", "PY", "INV", "INVOICE",
                  "PURPOSE", "DESCRIPTION", "ADDENDA")
_BAI2_TAG = re.compile(
    r"(?:^|[\s,;])(" + "|".join(re.escape(t) for t in sorted(
        {*_BAI2_NAME_TAGS, *_BAI2_REF_TAGS, "CREF", "EREF", "CRNM", "CACT", "DACT", "DABA", "CABA",
         "DBIC", "CBIC", "CHKN", "IDNM", "TRID", "ENDT", "BI", "OB", "OB3", "BO", "FR", "ENTRY DESCRIPTION",
         "SEC", "CLIENT REF ID", "GS ID", "TO", "RETURN FROM", "RETURN TO"}, key=len, reverse=True))
    + r")\s*[:=]\s*", re.IGNORECASE)


def _bai2_tagged(text: str) -> dict[str, str]:
    """Split 'DBNM: ACME INC REMI: INV 12' into {'DBNM': 'ACME INC', 'REMI': 'INV 12'}."""
    fields: dict[str, str] = {}
    matches = list(_BAI2_TAG.finditer(text))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        value = text[m.end():end].strip(" ,;\"")
        fields.setdefault(m.group(1).upper(), value)
    return fields


def _bai2_payer_and_reference(customer_ref: str, text: str) -> tuple[str, str]:
    fields = _bai2_tagged(text)
    payer = next((fields[t] for t in _BAI2_NAME_TAGS if fields.get(t)), "")
    remittance = [fields[t] for t in _BAI2_REF_TAGS if fields.get(t)]
    reference = " ".join(remittance) if remittance else text
    if customer_ref and customer_ref not in reference:
        reference = f"{reference} {customer_ref}".strip()
    return _clean(payer), _clean(reference)


# Record codes allowed after each record code (88 continues whatever precedes it).
_BAI2_NEXT = {None: {"01"}, "01": {"02"}, "02": {"03", "98"}, "03": {"16", "49"}, "16": {"16", "49"},
              "49": {"03", "98"}, "98": {"02", "99"}, "99": set()}


def _check_bai2_structure(records: list[str]) -> None:
    """Reject a file whose record sequence is broken before handing it to the bai2 package, which
    loops forever on a file cut off before its trailers."""
    previous = None
    for number, record in enumerate(records, start=1):
        code = record[:2]
        if code == "88" and previous is not None:
            continue
        if code not in _BAI2_NEXT.get(previous, set()):
            expected = " or ".join(sorted(_BAI2_NEXT.get(previous, set()))) or "end of file"
            raise BankFileError(f"line {number}: BAI2 record {code!r} where {expected} was expected")
        previous = code
    if previous != "99":
        raise BankFileError("BAI2 file ends before its 99 file trailer (truncated?)")


def _parse_bai2(data: bytes, check_totals: bool) -> list[BankLine]:
    from bai2 import bai2 as bai2_lib
    from bai2.exceptions import IntegrityException

    text = _decode(data)
    physical = [line.rstrip() for line in text.splitlines()]  # some banks pad records with blanks
    _check_bai2_structure([line.lstrip() for line in physical if line.strip()])
    try:
        parsed = bai2_lib.parse_from_lines(physical, check_integrity=check_totals)
    except IntegrityException as exc:
        raise BankFileError(f"BAI2 control totals do not add up ({_one_line(exc)})") from None
    detail_line_numbers = iter(i for i, line in enumerate(physical, start=1) if line.lstrip().startswith("16,"))
    lines: list[BankLine] = []
    for group in parsed.children:
        for account in group.children:
            currency = (account.header.currency or group.header.currency or "").upper()
            account_id = account.header.customer_account_number or ""
            for txn in account.children:
                line_number = next(detail_line_numbers)
                code = int(txn.type_code.code)
                if code not in BAI2_CREDIT_CODES or txn.amount is None:
                    continue
                if not currency:
                    raise BankFileError(f"line {line_number}: no currency in the group or account record")
                value_date = (txn.availability or {}).get("date") if txn.funds_type and txn.funds_type.value == "V" else None
                value_date = value_date or group.header.as_of_date
                customer_ref = txn.customer_reference or ""
                payer, reference = _bai2_payer_and_reference(customer_ref, _clean(txn.text))
                amount = _amount_from_minor(int(txn.amount), currency)
                bank_txn_id = (txn.bank_reference or "").strip() or _fallback_id(
                    "BAI2", account_id, value_date, line_number, amount, customer_ref, txn.text)
                lines.append(BankLine(bank_txn_id, value_date.isoformat(), amount, currency, payer,
                                      reference, account_id, line_number))
    return lines


# --- ISO 20022 camt.053 / camt.054 ---------------------------------------------------------------

def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(element, *path: str):
    """Follow local names, ignoring namespaces (camt versions 02-08 differ only in the namespace)."""
    for name in path:
        if element is None:
            return None
        element = next((c for c in element if _local(c.tag) == name), None)
    return element


def _children(element, name: str) -> list:
    return [] if element is None else [c for c in element if _local(c.tag) == name]


def _text(element, *path: str) -> str:
    node = _child(element, *path)
    return _clean(node.text) if node is not None and node.text else ""


def _camt_payer(details) -> str:
    parties = _child(details, "RltdPties")
    # camt.05x.001.02-07: Dbtr/Nm; version 08 wraps the party: Dbtr/Pty/Nm.
    return (_text(parties, "Dbtr", "Nm") or _text(parties, "Dbtr", "Pty", "Nm")
            or _text(parties, "UltmtDbtr", "Nm") or _text(parties, "UltmtDbtr", "Pty", "Nm"))


def _camt_reference(details) -> str:
    remittance = _child(details, "RmtInf")
    parts = [_clean(u.text) for u in _children(remittance, "Ustrd") if u.text]
    for structured in _children(remittance, "Strd"):
        parts += [_text(ref, "Ref") for ref in _children(structured, "CdtrRefInf")]
        parts += [_text(doc, "Nb") for doc in _children(structured, "RfrdDocInf")]
    return " ".join(p for p in parts if p)


def _camt_amount(node) -> tuple[str, str]:
    if node is None or not (node.text or "").strip():
        raise BankFileError(f"line {getattr(node, 'sourceline', '?')}: entry without an amount")
    try:
        value = Decimal(node.text.strip())
    except InvalidOperation:
        raise BankFileError(f"line {node.sourceline}: amount {node.text.strip()!r} is not a number") from None
    return _plain_decimal(value), (node.get("Ccy") or "").upper()


def _parse_camt(data: bytes) -> list[BankLine]:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    root = etree.fromstring(data, parser)
    message = root[0] if len(root) else None
    if not _local(root.tag) == "Document" or _local(getattr(message, "tag", "")) not in ("BkToCstmrStmt", "BkToCstmrDbtCdtNtfctn"):
        raise BankFileError("not a camt.053 statement or camt.054 notification (no BkToCstmrStmt/BkToCstmrDbtCdtNtfctn)")
    lines: list[BankLine] = []
    for report in _children(message, "Stmt") + _children(message, "Ntfctn"):
        account_id = _text(report, "Acct", "Id", "IBAN") or _text(report, "Acct", "Id", "Othr", "Id")
        report_id = _text(report, "Id")
        for entry_index, entry in enumerate(_children(report, "Ntry")):
            if _text(entry, "RvslInd").lower() == "true":
                continue  # a reversal undoes an earlier booking; it is not a new remittance
            entry_amount, entry_currency = _camt_amount(_child(entry, "Amt"))
            entry_sign = _text(entry, "CdtDbtInd")
            value_date = (_text(entry, "ValDt", "Dt") or _text(entry, "ValDt", "DtTm")[:10]
                          or _text(entry, "BookgDt", "Dt") or _text(entry, "BookgDt", "DtTm")[:10])
            entry_ref = _text(entry, "AcctSvcrRef")
            details = [d for nd in _children(entry, "NtryDtls") for d in _children(nd, "TxDtls")]
            for detail_index, detail in enumerate(details or [None]):
                if detail is not None and _child(detail, "Amt") is not None:
                    amount, currency = _camt_amount(_child(detail, "Amt"))
                elif detail is not None and _child(detail, "AmtDtls", "TxAmt", "Amt") is not None:
                    amount, currency = _camt_amount(_child(detail, "AmtDtls", "TxAmt", "Amt"))
                else:
                    amount, currency = (entry_amount, entry_currency) if len(details) <= 1 else ("", "")
                sign = _text(detail, "CdtDbtInd") or entry_sign
                if sign != "CRDT" or not amount:
                    continue
                source = detail if detail is not None else entry
                own_ref = _text(detail, "Refs", "AcctSvcrRef")
                if own_ref:
                    bank_txn_id = own_ref
                elif entry_ref:
                    bank_txn_id = entry_ref if len(details) <= 1 else f"{entry_ref}/{detail_index + 1}"
                else:
                    bank_txn_id = _fallback_id("CAMT", account_id, report_id, entry_index, detail_index,
                                               value_date, amount, _text(detail, "Refs", "EndToEndId"))
                reference = _camt_reference(source) or (_camt_reference(entry) if detail is not None else "")
                lines.append(BankLine(bank_txn_id, value_date, amount, currency or entry_currency,
                                      _camt_payer(source), reference or _text(entry, "AddtlNtryInf"),
                                      account_id, source.sourceline or 0))
    return lines


# --- MT940 ---------------------------------------------------------------------------------------

_LEADING_IBAN = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{10,30}?(?=[A-Z][a-z]|[A-Z]{2,}\s|\s)")


def _mt940_payer(data: dict) -> str:
    # mt-940 glues a wrapped ?31 IBAN onto the ?32/?33 name; strip the IBAN back off.
    name = _clean(data.get("applicant_name"))
    iban = data.get("applicant_iban") or ""
    if iban and name.startswith(iban):
        return name[len(iban):].strip()
    return _LEADING_IBAN.sub("", name).strip()


def _mt940_reference(data: dict) -> str:
    parts = [data.get(k) for k in ("purpose", "end_to_end_reference", "additional_purpose")]
    parts = [_clean(p) for p in parts if p]
    customer_ref = _clean(data.get("customer_reference"))
    if customer_ref and customer_ref.upper() != "NONREF":
        parts.append(customer_ref)
    return " ".join(parts) or _clean(data.get("transaction_details"))


def _parse_mt940(data: bytes) -> list[BankLine]:
    import mt940

    text = _decode(data)
    transactions = mt940.models.Transactions()
    transactions.parse(text)
    statement_lines: list[int] = []
    statement_accounts: list[str] = []  # the :25: account in force at each :61: line
    account = ""
    for i, line in enumerate(text.splitlines(), start=1):
        if line.startswith(":25:"):
            account = _clean(line[4:])
        elif line.startswith(":61:"):
            statement_lines.append(i)
            statement_accounts.append(account)
    if len(transactions) != len(statement_lines):
        raise BankFileError(f"found {len(statement_lines)} :61: lines but could read {len(transactions)}")
    lines: list[BankLine] = []
    for line_number, account_id, txn in zip(statement_lines, statement_accounts, transactions):
        data_ = txn.data
        if data_.get("status") not in ("C", "RD"):  # credit, or reversal of a debit (money in)
            continue
        amount = data_["amount"]
        currency = (amount.currency or "").upper()
        value_date = data_["date"].isoformat()
        value = abs(amount.amount)
        bank_ref = _clean(data_.get("bank_reference"))
        customer_ref = _clean(data_.get("customer_reference"))
        bank_txn_id = bank_ref or (customer_ref if customer_ref.upper() not in ("", "NONREF") else "") or _fallback_id(
            "MT940", account_id, value_date, line_number, value, data_.get("transaction_details"))
        lines.append(BankLine(bank_txn_id, value_date, _plain_decimal(value), currency, _mt940_payer(data_),
                              _mt940_reference(data_), account_id, line_number))
    return lines
