"""PCI DSS 3.3/3.4 (v4: 3.3.1/3.4.1): a primary account number is never stored or printed in full.

Any run of 13–19 digits, optionally grouped by single spaces or dashes, that passes the Luhn check
and starts as a payment card does is masked to its first 6 and last 4 digits before it reaches the
warehouse, an export or a log. Not masked: a number no card brand issues (ISO/IEC 7812's major
industry identifier 0, 7, 8 or 9, or 2 outside Mastercard's 2221–2720: a payment reference or an
account, which one in ten passes the Luhn check by chance), and a national payment reference after
its name ('Betalingskenmerk 2000 0000 2570 0002', 'KID 4291800028905', 'OCR 4111111111116',
'BPAY CRN 4000123456789', 'SI12 263000001172': digits with a check of their own, which the
matcher reads).
"""

from __future__ import annotations

import re

# A run of digit groups joined by single spaces or dashes. A card number may sit inside a longer
# run ("order 1234 4111 1111 1111 1111"), so every window of whole groups is checked.
_DIGIT_RUN = re.compile(r"(?<![\d])\d+(?:[ -]\d+)*(?![\d])")
# What every card number contains: 13 digits with at most one space or dash between two of them.
# Text without it (most ids, dates and amounts) skips the group-by-group check.
_MAY_HOLD_A_CARD = re.compile(r"\d(?:[ -]?\d){12}")


# A national payment reference's name right before its digits: a card number typed there is not a
# case worth the reference it would hide. Each carries a check digit of its own, most of them
# Luhn's, so one in ten would read as a card: the Dutch betalingskenmerk (ING's 'BETALINGSKENMERK',
# ABN AMRO's 'Betalingskenmerk:'), Norway's KID (2-25 digits, Nets), Sweden's OCR (2-25 digits,
# Bankgirot), Finland's viitenumero (4-20 digits), Denmark's FI-kort ('+71<'), Australia's BPAY
# customer reference number (CRN, 2-20 digits), ISO 11649's RF creditor reference ('RF18 5390 ...'),
# and Slovenia's and Croatia's references after their model ('SI12 263000001172': the Bank
# Association of Slovenia's models; 'HR01 ...': FINA's register of reference models).
_PAYMENT_REFERENCE_NAME = re.compile(
    r"(?i)(?:\bbetalings[ -]?kenmerk|\bKID(?:[ -]?(?:NR|NO|NUMMER))?|\bOCR(?:[ -]?(?:NR|NO|NUMMER))?"
    r"|\bviite(?:numero|number|nro)?|\bBPAY(?: CRN| REF)?|\bCRN|\+7[1357]<|\bRF)\s*[.:#]?\s*$"
    r"|\b(?:SI|HR)$")  # the model's two digits start the run: 'SI' + '12 263000001172'
# the most digits each holds: a betalingskenmerk sixteen, the longest of the others (KID, OCR) 25
MAX_BETALINGSKENMERK_DIGITS, MAX_REFERENCE_DIGITS = 16, 25


def _card_prefix(digits: str) -> bool:
    """Whether a number starts as the cards PCI DSS covers do: Visa 4, Mastercard 51–55 and
    2221–2720, Amex 34/37, Diners 30/36/38, JCB 35, Discover and UnionPay 6, Maestro 5 and 6, and
    UATP 1 (airline), kept to be safe."""
    return digits[:1] in "13456" or "2221" <= digits[:4] <= "2720"


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _mask_run(match: re.Match[str]) -> str:
    run = match.group(0)
    groups = [(m.start(), m.end()) for m in re.finditer(r"\d+", run)]
    masked = list(run)
    first = 0
    while first < len(groups):
        # the longest window of whole groups starting here that is a card number
        for last in range(len(groups) - 1, first - 1, -1):
            start, end = groups[first][0], groups[last][1]
            digits = re.sub(r"[ -]", "", run[start:end])
            if 13 <= len(digits) <= 19 and _card_prefix(digits) and luhn_valid(digits):
                hidden = iter(digits[:6] + "*" * (len(digits) - 10) + digits[-4:])
                for i in range(start, end):
                    if run[i].isdigit():
                        masked[i] = next(hidden)
                first = last
                break
        first += 1
    return "".join(masked)


def mask_pans(text: str | None) -> str | None:
    """The text with every Luhn-valid card number masked to first 6 and last 4 digits."""
    if not text or not _MAY_HOLD_A_CARD.search(text):
        return text
    return _DIGIT_RUN.sub(lambda run: run.group(0) if _is_payment_reference(run) else _mask_run(run), text)


def _is_payment_reference(run: re.Match[str]) -> bool:
    """A run right after a payment reference's name, of no more digits than that reference holds."""
    name = _PAYMENT_REFERENCE_NAME.search(run.string, 0, run.start())
    if name is None:
        return False
    most = MAX_BETALINGSKENMERK_DIGITS if name.group(0).lower().startswith("betalings") else MAX_REFERENCE_DIGITS
    return sum(ch.isdigit() for ch in run.group(0)) <= most
