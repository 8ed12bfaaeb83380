"""ASC X12 remittance segments in a bank line's text: which of their elements are document numbers.

A US payer paying by ACH sends its remittance in the entry's addenda as X12 820 segments (NACHA
CCD+ carries one, CTX up to 9,999), and banks print them in the transaction text:
`RMR*IV*INV-1001**5200.00\\` is segment RMR, elements separated by `*`, ended by `\\` or `~`.
RMR02 and REF02 are reference numbers qualified by element 01 (IV the seller's invoice number,
PO a purchase order); RMR04-06 are the amount paid, the invoice's amount and a discount, and the
other segments hold trace numbers, dates, accounts and names. Read as plain text, a `*` looks
like a mask (`**5200` a masked number ending 5200) and the amounts and dates like numbers, so a
remittance that says exactly which invoice it pays was read as neither. Each segment is rewritten
as what it says: `INV INV-1001` for an invoice's, the bare number for another reference, nothing
for the rest. Sources: docs/cash_application.md ("X12 remittance").
"""

from __future__ import annotations

import re

# The segments of an 820 payment order/remittance advice, its envelope included.
_SEGMENT_START = re.compile(r"(?<![0-9A-Z])(RMR|REF|BPR|TRN|CUR|DTM|N1|N2|N3|N4|PER|ENT|NM1|ADX|IT1|TXP|NTE|ST|SE|GS|GE"
                            r"|ISA|IEA)\*")
_TERMINATOR = re.compile(r"[~\\\n]")
_REFERENCE_SEGMENTS = frozenset({"RMR", "REF"})
# Reference qualifiers (X12 element 128) that name one of the payee's invoices.
_INVOICE_QUALIFIERS = frozenset({"IV", "OI", "IK", "R7", "INV"})  # INV: not X12, what payers type


def _as_text(segment_id: str, content: str) -> str:
    if segment_id not in _REFERENCE_SEGMENTS:
        return " "
    elements = content.split("*")
    if len(elements) < 2:  # 'REF*1042': a payer's own star, not a qualified reference
        return f" {segment_id} {elements[0]} "
    if not elements[1].strip():
        return " "
    qualifier, number = elements[0].strip(), elements[1].strip()
    return f" INV {number} " if qualifier in _INVOICE_QUALIFIERS else f" {number} "


def plain_remittance(text: str) -> str:
    """Upper-case text with its X12 segments rewritten as the references they hold ('RMR*IV*1042**
    1500.00\\RMR*IV*1043**250.00\\' -> ' INV 1042  INV 1043 '); any other text unchanged. A segment
    runs to its terminator, or to the next segment where a bank printed the text without them."""
    if "*" not in text:
        return text
    starts = list(_SEGMENT_START.finditer(text))
    if not starts:
        return text
    parts, done = [], 0
    for k, start in enumerate(starts):
        limit = starts[k + 1].start() if k + 1 < len(starts) else len(text)
        ended = _TERMINATOR.search(text, start.end(), limit)
        content_end, done_at = (ended.start(), ended.end()) if ended else (limit, limit)
        parts += [text[done:start.start()], _as_text(start.group(1), text[start.end():content_end])]
        done = done_at
    return "".join(parts) + text[done:]
