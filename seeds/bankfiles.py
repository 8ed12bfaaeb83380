"""Hand-built bank statement files in their real formats: BAI2 and ISO 20022 camt.053.001.02."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta
from decimal import Decimal

from contract.money import minor_units, money
from seeds.cash import BANK_ACCOUNTS, BankLine

CAMT_NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"


# a line's own bank transaction code (ISO 20022 external code sets: domain, family, sub-family):
# interest on the account (BAI2's 354); customer payments are PMNT/RCDT/ESCT
_OWN_CODES = {"354": ("ACMT", "MCOP", "INTR")}


def _minor(amount: Decimal, currency: str) -> int:
    return int(money(amount, currency).scaleb(minor_units(currency)))


def bai2_text(lines: list[BankLine], as_of: date, file_id: str) -> str:
    """One file, one group, one account; control totals and record counts as the spec defines them."""
    currency = lines[0].currency
    created = as_of.strftime("%y%m%d")
    account_records = [f"03,{BANK_ACCOUNTS[currency].split('-')[-1]},{currency},,,/"]
    total = 0
    for line in lines:
        cents = _minor(line.amount, currency)
        total += cents
        description = {"195": "INCOMING WIRE", "142": "ACH CREDIT RECEIVED", "165": "PREAUTHORIZED ACH CREDIT",
                       "354": "INTEREST CREDIT"}[line.type_code]
        account_records.append(f"16,{line.type_code},{cents},V,{line.value_date.strftime('%y%m%d')},,"
                               f"{line.bank_txn_id},,{description}")
        account_records.append(f"88,DBNM: {line.payer_name}")
        account_records.append(f"88,REMI: {line.reference}")
    account_records.append(f"49,{total},{len(account_records) + 1}/")
    group = [f"02,BILLOPS,021000021,1,{(as_of - timedelta(days=1)).strftime('%y%m%d')},2400,{currency},2/",
             *account_records]
    group.append(f"98,{total},1,{len(group) + 1}/")
    records = [f"01,021000021,BILLOPS,{created},0600,{file_id},,,2/", *group]
    records.append(f"99,{total},1,{len(records) + 1}/")
    return "\n".join(records) + "\n"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def camt053_text(lines: list[BankLine], as_of: date, statement_id: str) -> str:
    """One statement; lines of the same value date as the first pair are booked as one batch entry."""
    ET.register_namespace("", CAMT_NS)
    doc = ET.Element(f"{{{CAMT_NS}}}Document")
    q = lambda tag: f"{{{CAMT_NS}}}{tag}"  # noqa: E731 - namespaced tag names
    statement_root = _sub(doc, q("BkToCstmrStmt"))
    header = _sub(statement_root, q("GrpHdr"))
    _sub(header, q("MsgId"), f"MSG-{statement_id}")
    _sub(header, q("CreDtTm"), f"{as_of.isoformat()}T06:00:00+00:00")
    statement = _sub(statement_root, q("Stmt"))
    _sub(statement, q("Id"), statement_id)
    _sub(statement, q("CreDtTm"), f"{as_of.isoformat()}T06:00:00+00:00")
    currency = lines[0].currency
    account = _sub(_sub(statement, q("Acct")), q("Id"))
    _sub(account, q("IBAN"), BANK_ACCOUNTS[currency])
    entries: list[list[BankLine]] = []
    batched_day = next((a.value_date for a, b in zip(lines, lines[1:]) if a.value_date == b.value_date), None)
    for line in lines:
        if entries and line.value_date == batched_day and entries[-1][0].value_date == batched_day:
            entries[-1].append(line)
        else:
            entries.append([line])
    for number, members in enumerate(entries, start=1):
        entry = _sub(statement, q("Ntry"))
        total = sum((m.amount for m in members), Decimal(0))
        _sub(entry, q("Amt"), str(money(total, currency)), Ccy=currency)
        _sub(entry, q("CdtDbtInd"), "CRDT")
        _sub(entry, q("Sts"), "BOOK")
        _sub(_sub(entry, q("BookgDt")), q("Dt"), members[0].value_date.isoformat())
        _sub(_sub(entry, q("ValDt")), q("Dt"), members[0].value_date.isoformat())
        _sub(entry, q("AcctSvcrRef"), f"{statement_id}-E{number:04d}")
        code = _sub(_sub(entry, q("BkTxCd")), q("Domn"))
        _sub(code, q("Cd"), "PMNT")
        family = _sub(code, q("Fmly"))
        _sub(family, q("Cd"), "RCDT")
        _sub(family, q("SubFmlyCd"), "ESCT")
        details = _sub(entry, q("NtryDtls"))
        for member in members:
            tx = _sub(details, q("TxDtls"))
            refs = _sub(tx, q("Refs"))
            _sub(refs, q("AcctSvcrRef"), member.bank_txn_id)
            _sub(refs, q("EndToEndId"), "NOTPROVIDED")
            _sub(_sub(_sub(tx, q("AmtDtls")), q("TxAmt")), q("Amt"), str(money(member.amount, currency)), Ccy=currency)
            if member.type_code in _OWN_CODES:  # the detail's own code: a batch's other payments keep the entry's
                domain = _sub(_sub(tx, q("BkTxCd")), q("Domn"))
                _sub(domain, q("Cd"), _OWN_CODES[member.type_code][0])
                own_family = _sub(domain, q("Fmly"))
                _sub(own_family, q("Cd"), _OWN_CODES[member.type_code][1])
                _sub(own_family, q("SubFmlyCd"), _OWN_CODES[member.type_code][2])
            _sub(_sub(_sub(tx, q("RltdPties")), q("Dbtr")), q("Nm"), member.payer_name)
            if member.reference:
                _sub(_sub(tx, q("RmtInf")), q("Ustrd"), member.reference)
    ET.indent(doc, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(doc, encoding="unicode") + "\n"
