"""Each bank file's own account of its credits, read independently of the parsers under test.
MT940 balances (opening + credits - debits = closing), camt balances (OPBD/PRCD to CLBD) or
transaction summaries or, where a notification has neither, its credit entries' amounts; BAI2
account summaries (type code 100, total credits) or, failing those, its credit 16 records."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from lxml import etree


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(" ", "").replace(",", "."))


def mt940_credits(path: Path) -> Decimal:
    """Sum over statements of closing - opening + debits: what the credits must add up to."""
    text = path.read_bytes().decode("latin-1")
    total = Decimal(0)
    for tag, mark, amount in re.findall(r"^:(60[FM]|62[FM]):([CD])\d{6}[A-Z]{3}([\d,. ]+)", text, re.M):
        signed = _decimal(amount) * (1 if mark == "C" else -1)
        total += signed if tag.startswith("62") else -signed
    for mark, amount in re.findall(r"^:61:\d{6}(?:\d{4}|\s{4})?\s*(RC|D|ED)[A-Z]?\s*(\d[\d,.]*)", text, re.M):
        total += _decimal(amount)
    return total


def _local(element) -> str:
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def _find(element, *names):
    for name in names:
        element = next((c for c in element if _local(c) == name), None) if element is not None else None
    return element


def _text(element, *names) -> str:
    node = _find(element, *names)
    return (node.text or "").strip() if node is not None else ""


def camt_credit_details(path: Path) -> Decimal:
    """The credit TxDtls amounts (for test files whose entries and balances contradict them)."""
    root = etree.parse(str(path)).getroot()
    return sum((Decimal(_text(d, "Amt")) for d in root.iter() if _local(d) == "TxDtls"
                and _text(d, "CdtDbtInd") == "CRDT"), Decimal(0))


def mt940_credit_lines(path: Path) -> Decimal:
    """The :61: credit amounts (for test files whose balances do not add up)."""
    text = path.read_bytes().decode("latin-1")
    return sum((_decimal(a) for a in re.findall(r"^:61:\d{6}(?:\d{4}|\s{4})?\s*(?:C|RD)[A-Z]?\s*(\d[\d,.]*)",
                                                 text, re.M)), Decimal(0))


def _camt_reports(path: Path):
    root = etree.parse(str(path)).getroot()
    return [e for e in root.iter() if _local(e) in ("Stmt", "Rpt", "Ntfctn")]


def _entries(report) -> list:
    """Booked entries: a pending one (an intraday report's) is booked later."""
    return [c for c in report if _local(c) == "Ntry" and "PDNG" not in (_text(c, "Sts"), _text(c, "Sts", "Cd"))]


def camt_balances(path: Path) -> Decimal:
    """Per report, closing booked balance - opening (or previous closing) + debit entries."""
    total = Decimal(0)
    for report in _camt_reports(path):
        balances = {}
        for balance in (c for c in report if _local(c) == "Bal"):
            sign = -1 if _text(balance, "CdtDbtInd") == "DBIT" else 1
            balances.setdefault(_text(balance, "Tp", "CdOrPrtry", "Cd"), sign * Decimal(_text(balance, "Amt")))
        debits = sum((Decimal(_text(e, "Amt")) for e in _entries(report) if _text(e, "CdtDbtInd") == "DBIT"),
                     Decimal(0))
        total += balances["CLBD"] - balances.get("OPBD", balances.get("PRCD")) + debits
    return total


def camt_credit_entries(path: Path) -> Decimal:
    """The credit entries' amounts; a netted batch (a credit entry holding debit details) credits
    its gross amount."""
    total = Decimal(0)
    for entry in (e for report in _camt_reports(path) for e in _entries(report) if _text(e, "CdtDbtInd") == "CRDT"):
        netted = sum((Decimal(_text(d, "Amt")) for d in entry.iter()
                      if _local(d) == "TxDtls" and _text(d, "CdtDbtInd") == "DBIT"), Decimal(0))
        total += Decimal(_text(entry, "Amt")) + netted
    return total


def bai2_credits(path: Path) -> Decimal:
    """Minor units of the credits: the 100 (total credits) summaries where every account has one,
    else the 16 records with a credit type code (100-399)."""
    text = re.sub(r"/\s*\n?88,", ",", path.read_text())  # 03 records continued by 88 records
    summaries = []
    for account in re.findall(r"(?:^|/\s*)03,([^/]*)", text, re.M):
        fields = account.split(",")
        codes = [i for i in range(2, len(fields) - 1) if fields[i].strip() == "100" and i % 4 == 2]
        summaries.append(Decimal(fields[codes[0] + 1] or 0) if codes else None)
    if summaries and None not in summaries:
        return sum(summaries, Decimal(0))
    details = re.findall(r"(?:^|/\s*)16,(\d{3}),([+-]?\d+)", text, re.M)
    return sum((Decimal(a) for code, a in details if 100 <= int(code) <= 399), Decimal(0))
