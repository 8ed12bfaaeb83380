"""ISO 20022 camt.052 (account report), camt.053 (statement) and camt.054 (debit/credit
notification), versions 02 to 10, into credit lines.

The versions differ in the namespace and in a few wrappers (08 and later: Dbtr/Pty/Nm instead of
Dbtr/Nm), so elements are found by local name. Each TxDtls of an entry is one payment (a batch
booking has several); an entry without usable details is one line with the entry's amount.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from orchestration.ingest.bank_formats.common import (BATCH_CREDIT_CODES, BankFileError, BankLine, clean, join_unique,
                                                      plain_decimal)
from orchestration.ingest.bank_formats.identity import StatementEntry, file_ids, is_placeholder
from reconcilers.non_customer import BANK_INTEREST, RETURNED_PAYMENT, bank_note

# message element -> its report elements
_MESSAGES = {"BkToCstmrStmt": "Stmt", "BkToCstmrAcctRpt": "Rpt", "BkToCstmrDbtCdtNtfctn": "Ntfctn"}


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(element, *path: str):
    for name in path:
        if element is None:
            return None
        element = next((c for c in element if _local(c.tag) == name), None)
    return element


def _children(element, name: str) -> list:
    return [] if element is None else [c for c in element if _local(c.tag) == name]


def _text(element, *path: str) -> str:
    node = _child(element, *path)
    return clean(node.text) if node is not None and node.text else ""


def _date(element, *path: str) -> str:
    """The date part of a Dt (an ISO date may carry a time zone: '2017-04-11+02:00', Raiffeisen
    Switzerland's camt.053) or of a DtTm under `path`."""
    return (_text(element, *path, "Dt") or _text(element, *path, "DtTm"))[:10]


def _payer(details) -> str:
    """The ultimate debtor (UltmtDbtr: the party that owes the money, for whom a factor, a parent or
    a payment provider pays, as SEPA carries it), else the debtor whose account paid."""
    parties = _child(details, "RltdPties")
    names = [_text(parties, "UltmtDbtr", "Nm") or _text(parties, "UltmtDbtr", "Pty", "Nm"),
             _text(parties, "Dbtr", "Nm") or _text(parties, "Dbtr", "Pty", "Nm")]
    return next((name for name in names if name and not is_placeholder(name)), "")


def _bank_note(source, entry) -> str:
    """The note the matcher knows a credit by that is no customer's, else '': one of the account
    holder's own payments coming back (its return information, RtrInf, or the bank transaction
    code's sub-family RRTN, 'reversal due to payment return') or the bank's interest (sub-family
    INTR), in ISO 20022's external code sets."""
    path = ("BkTxCd", "Domn", "Fmly", "SubFmlyCd")
    sub_family = _text(source, *path) or _text(entry, *path)  # the payment's own code, else its entry's
    if _child(source, "RtrInf") is not None or sub_family == "RRTN":
        reason = _text(source, "RtrInf", "Rsn", "Cd") or _text(source, "RtrInf", "Rsn", "Prtry")
        return bank_note(RETURNED_PAYMENT, reason, _text(source, "RtrInf", "AddtlInf"))
    return bank_note(BANK_INTEREST) if sub_family == "INTR" else ""


def _batch_total(entry) -> str:
    """Whether an entry without payment details is a batch's total, whose payments a camt.054 lists:
    'camt batch' when it says so (NtryDtls/Btch, ISO 20022's batch booking), 'GVC 192' when its
    German proprietary code does (BkTxCd/Prtry/Cd 'NDDT+192+...', the Deutsche Kreditwirtschaft's
    N + SWIFT type + business transaction code); else ''."""
    code = re.match(r"N[A-Z]{3}\+(\d{3})(?:\+|$)", _text(entry, "BkTxCd", "Prtry", "Cd"))
    if code and code.group(1) in BATCH_CREDIT_CODES:
        return f"GVC {code.group(1)}"
    return "camt batch" if any(_child(details, "Btch") is not None for details in _children(entry, "NtryDtls")) else ""


def _end_to_end(details) -> str:
    """The payer's end-to-end id (Refs/EndToEndId), read when the remittance information is empty,
    beside the bank's own entry text (AddtlNtryInf 'SEPA Credit Transfer'): AP payment runs put the
    invoice number there, as MT940's EREF carries it; 'NOTPROVIDED' is none."""
    value = _text(details, "Refs", "EndToEndId")
    return "" if is_placeholder(value) else value


def _with_end_to_end(reference: str, details) -> str:
    """A remittance text without a digit ('SEPA Ueberweisung', 'Rechnungsausgleich') names no
    document: the end-to-end id beside it may (an AP run's invoice number)."""
    return reference if not reference or any(ch.isdigit() for ch in reference) \
        else join_unique([reference, _end_to_end(details)])


# PostFinance's processing codes in AddtlRmtInf of Swiss reference payments ('?REJECT?0',
# '?ERROR?000'): no remittance text, and nothing to stop the entry's own text being read
_PROCESSING_CODE = re.compile(r"\?(?:REJECT|ERROR)\?\d+")


def _reference(details, country: str) -> str:
    remittance = _child(details, "RmtInf")
    parts = [_clean_node(u) for u in _children(remittance, "Ustrd")]
    for structured in _children(remittance, "Strd"):
        parts += [_creditor_reference(ref, country) for ref in _children(structured, "CdtrRefInf")]
        parts += [_text(doc, "Nb") for doc in _children(structured, "RfrdDocInf")]
        parts += [_clean_node(info) for info in _children(structured, "AddtlRmtInf")]
    return join_unique([p for p in parts if not is_placeholder(p) and not _PROCESSING_CODE.fullmatch(p)])


# the name of the national reference a biller's bank in these countries takes as a structured
# creditor reference (digits and one check digit: Finland's viitenumero, Norway's KID, Sweden's
# OCR, Denmark's giro payment id; Estonia's viitenumber, checked 7-3-1 as Finland's, the Estonian
# Banking Association's standard, is read under the Finnish name)
_NATIONAL_REFERENCES = {"FI": "VIITE", "NO": "KID", "SE": "OCR", "DK": "FIK", "EE": "VIITE"}


def _creditor_reference(reference, country: str) -> str:
    """A structured creditor reference as its invoice prints it, the form the matcher reads with
    its check digits: a Belgian structured communication (issuer BBA, twelve digits: ten and their
    mod-97 check) as +++ddd/dddd/ddddd+++; digits only, not an ISO 11649 RF reference, at a bank of
    Finland, Norway, Sweden, Denmark or Estonia (country: the statement account's IBAN's) after its national name
    (`VIITE 1 82795`); a Dutch payment reference (issuer CUR) after its name (`BETALINGSKENMERK
    5000056789012345`); any other as given."""
    value, issuer = _text(reference, "Ref"), _text(reference, "Tp", "Issr")
    if issuer == "BBA" and re.fullmatch(r"\d{12}", value):
        return f"+++{value[:3]}/{value[3:7]}/{value[7:]}+++"
    if country in _NATIONAL_REFERENCES and re.fullmatch(r"[\d ]{2,30}", value):
        return f"{_NATIONAL_REFERENCES[country]} {value}"
    if issuer == "CUR" and re.fullmatch(r"[\d ]{7,20}", value):
        return f"BETALINGSKENMERK {value}"  # the Dutch payment reference (issuer CUR): digits and a check
    return value


def _clean_node(node) -> str:
    return clean(node.text) if node is not None and node.text else ""


def _amount(node) -> tuple[Decimal, str]:
    if node is None or not (node.text or "").strip():
        raise BankFileError(f"line {getattr(node, 'sourceline', '?')}: entry without an amount")
    try:
        value = Decimal(node.text.strip())
    except InvalidOperation:
        raise BankFileError(f"line {node.sourceline}: amount {node.text.strip()[:30]!r} is not a number") from None
    return value, (node.get("Ccy") or "").upper()


def _detail_amount(detail):
    """A TxDtls's own amount: Amt (version 04 on), else AmtDtls/TxAmt/Amt; None when it has none."""
    for path in (("Amt",), ("AmtDtls", "TxAmt", "Amt"), ("AmtDtls", "InstdAmt", "Amt")):
        node = _child(detail, *path)
        if node is not None and (node.text or "").strip():
            return _amount(node)
    return None


def _detail_date(detail) -> str:
    """A payment's own date (TxDtls/RltdDts): settlement, else transaction, else acceptance."""
    dates = _child(detail, "RltdDts")
    return next((_text(dates, name)[:10] for name in ("IntrBkSttlmDt", "TxDtTm", "AccptncDtTm", "TradDt")
                 if _text(dates, name)), "")


def _report_date(report, message) -> str:
    """The statement's own date: the end of its period, its creation, the message's creation."""
    return (_text(report, "FrToDt", "ToDtTm")[:10] or _text(report, "FrToDt", "FrDtTm")[:10]
            or _text(report, "CreDtTm")[:10] or _text(message, "GrpHdr", "CreDtTm")[:10])


def _entry_lines(entry, country: str) -> list[tuple]:
    """(source element, amount, currency, credit/debit, date, reference, payer, remittance, (batch
    total, batch)) per payment of one entry; country: the statement account's (its IBAN's first
    letters). The payments of a batch entry are its batch (the entry's line)."""
    entry_amount, entry_currency = _amount(_child(entry, "Amt"))
    sign = _text(entry, "CdtDbtInd")
    entry_date = _date(entry, "ValDt") or _date(entry, "BookgDt")
    details = [d for nd in _children(entry, "NtryDtls") for d in _children(nd, "TxDtls")]
    amounts = [_detail_amount(d) for d in details]
    if len(details) > 1 and any(a is None for a in amounts):
        details, amounts = [], []  # details that do not say their amounts: the entry is one line
    entry_ref = _text(entry, "AcctSvcrRef")
    if len(details) <= 1:
        detail = details[0] if details else None
        source = detail if detail is not None else entry
        reference = _text(detail, "Refs", "AcctSvcrRef") or entry_ref
        # one payment: the entry's own sign is the booking (a detail's may contradict it)
        return [(source, entry_amount, entry_currency, sign,
                 entry_date or _detail_date(detail), reference, _payer(source),
                 join_unique([_bank_note(source, entry),
                              _with_end_to_end(_reference(source, country) or _reference(entry, country), source)
                              or join_unique([_text(entry, "AddtlNtryInf"), _end_to_end(source)])]),
                 (_batch_total(entry) if detail is None else "", ""))]
    lines = []
    for index, (detail, (amount, currency)) in enumerate(zip(details, amounts), start=1):
        own_ref = _text(detail, "Refs", "AcctSvcrRef")
        lines.append((detail, amount, currency or entry_currency, _text(detail, "CdtDbtInd") or sign,
                      entry_date or _detail_date(detail), own_ref or (f"{entry_ref}/{index}" if entry_ref else ""),
                      _payer(detail), join_unique([_bank_note(detail, entry),
                                                   _with_end_to_end(_reference(detail, country), detail)
                                                   or join_unique([_text(detail, "AddtlTxInf"), _end_to_end(detail)])]),
                      ("", f"entry at line {entry.sourceline}")))
    return lines


def parse(data: bytes) -> list[BankLine]:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    root = etree.fromstring(data, parser)
    message = root[0] if len(root) else None
    kind = re.sub(r"V\d\d$", "", _local(getattr(message, "tag", "")))  # version 01: BkToCstmrAcctRptV01
    if _local(root.tag) != "Document" or kind not in _MESSAGES:
        raise BankFileError("not a camt.052 report, camt.053 statement or camt.054 notification "
                            "(no BkToCstmrAcctRpt/BkToCstmrStmt/BkToCstmrDbtCdtNtfctn)")
    reports = [_report_drafts(report, message) for report in _children(message, _MESSAGES[kind])]
    ids = file_ids("CAMT", [(statement, [
        StatementEntry(reference, (value_date, sign, str(amount), currency), sign == "CRDT")
        for _, amount, currency, sign, value_date, reference, *_ in drafts]) for statement, _, drafts in reports])
    lines: list[BankLine] = []
    for report_ids, (_, account_id, drafts) in zip(ids, reports):
        lines += _report_lines(report_ids, account_id, drafts)
    return lines


def _report_drafts(report, message) -> tuple[tuple[str, ...], str, list]:
    """A report's (statement's, notification's) identity, account and entries read."""
    account_id = _text(report, "Acct", "Id", "IBAN") or _text(report, "Acct", "Id", "Othr", "Id")
    statement_date = _report_date(report, message)
    country = _text(report, "Acct", "Id", "IBAN")[:2]
    drafts = []
    for entry in _children(report, "Ntry"):
        if (_text(entry, "Sts") or _text(entry, "Sts", "Cd")) == "PDNG":
            continue  # pending (an intraday report's): not booked, it comes again when it is
        for source, amount, currency, sign, value_date, reference, payer, remittance, batch in _entry_lines(entry,
                                                                                                            country):
            drafts.append((source, amount, currency, sign, value_date or statement_date, reference, payer,
                           remittance, batch))
    return (account_id, _text(report, "Id"), _text(report, "ElctrncSeqNb")), account_id, drafts


def _report_lines(ids: list[str], account_id: str, drafts: list) -> list[BankLine]:
    lines = []
    for bank_txn_id, (source, amount, currency, sign, value_date, _, payer, remittance, batch) in zip(ids, drafts):
        # money in, as MT940's C and RD: a credit, or a reversal (RvslInd) of a debit, which ISO 20022
        # books as CRDT; the reversal of a credit is a DBIT
        if sign != "CRDT" or amount == 0:  # a zero credit (a note) is no payment
            continue
        if not value_date:
            raise BankFileError(f"line {source.sourceline}: credit entry without a date, and no statement date")
        lines.append(BankLine(bank_txn_id, value_date, plain_decimal(amount), currency, payer, remittance,
                              account_id, source.sourceline or 0, *batch))
    return lines
