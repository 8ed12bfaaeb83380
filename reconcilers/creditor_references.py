"""ISO 11649 creditor references in a bank line's text: the invoice reference they carry.

A European biller may print on its invoice a structured creditor reference, `RF` + two check
digits + its own reference of up to 21 letters and digits (usually the invoice number), and SEPA
payers send it back in the structured remittance field (EPC's SEPA Credit Transfer rulebook,
`<CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd>`), electronically without spaces (`RF0718279`) or as
printed in groups of four (`RF07 1827 9`). Read as plain text, `RF07` glued to the number hides
it (and, printed, it looks like an IBAN, whose check it passes too). A reference whose check
digits hold is rewritten as `REF <reference>`; anything else stays as it is.

Belgium's structured communication (OGM/VCS, Febelfin's standard) is ten digits and their check
(the ten digits mod 97, 97 for 0), printed `+++000/0000/65472+++` (or between asterisks); a
billing system fills the ten digits with the invoice's number or the customer's reference, zero
padded (Odoo's l10n_be reference models). Read as text its check digits run into the number
(`65472` for invoice 654); one whose check holds is rewritten as `REF <ten digits>`.

Nordic national references are a number and one check digit, introduced by their name: Finland's
viitenumero (`Viite 1 82795`: weights 7, 3, 1 from the right, printed in groups of five), Norway's
KID (Luhn or mod 11), Sweden's OCR reference (Luhn; Bankgirot's "hard" control puts a length digit,
the whole's length mod 10, before the check digit: `OCR 12351` for 123) and Denmark's payment id
(`FIK 71 026840149965328`, `Betalings-id ...`: Luhn). After its name, one whose check digit holds
is read as `REF <the number without it>` (an OCR whose digit before the check is its length also
without that); without the name a check digit passes one number in ten, so a bare number is left
alone. Denmark's giro slip prints its code line `+71<payment id +creditor number<` (card types 71
and 75 carry a payment id): one whose check holds is read as `REF <the id without its check digit>`.

The Netherlands' payment reference (betalingskenmerk, Betaalvereniging Nederland's specification;
issuer code CUR in a SEPA structured remittance, `/REMI/STRD/CUR/` in Dutch banks' MT940) is 16
digits, a check digit then 15, or 9 to 14 digits, a check digit, a length code (how many digits
follow it, mod 10) then those; the check is weighted mod 11 over the digits after it (weights 2, 4,
8, 5, 10, 9, 7, 3, 6, 1 from the right; 10 reads 1, 11 reads 0), and a billing system fills the
digits with the invoice number's, zero-padded. After its name (`Betalingskenmerk 5000 0567 8901
2345`), one whose check holds is read as `REF <those digits, unpadded>`.

A Swiss QR reference (QRR, SIX's Swiss QR-bill standard; the ISR reference before it) is 27
digits, the last a check digit (mod 10 recursive), printed in groups of five from the right; a
billing system fills it with the invoice number's digits, zero-padded, maybe after a customer's or
its bank's number (Odoo's l10n_ch). One whose check holds is read as `REF <the 26 digits>` and,
when they are longer than an invoice number (17 digits and more once unpadded), also as `REF <the
digits after their longest run of zeros>` (the padding; four zeros at least).
Sources: docs/cash_application.md ("Creditor references").
"""

from __future__ import annotations

import re

# RF, the check digits, then the reference: glued, or in printed groups of up to four characters,
# up to the next printed RF and its check digits (a payment of two invoices quotes both references)
_CANDIDATE = re.compile(r"(?<![0-9A-Z])RF(\d\d)((?:(?: (?!RF\d\d))?[0-9A-Z]){1,21})(?![0-9A-Z])")
MAX_REFERENCE = 21


def check_digits_hold(code: str) -> bool:
    """ISO 7064 MOD 97-10, as IBANs (ISO 13616) and RF references (ISO 11649) use it: the first
    four characters moved to the end, letters read as 10-35, the whole is 1 mod 97."""
    return int("".join(str(int(ch, 36)) for ch in code[4:] + code[:4])) % 97 == 1


def _rewrite(match: re.Match[str]) -> str:
    check, spaced = match.group(1), match.group(2)
    parts = spaced.split()
    # printed in groups of four (the last may be shorter), it may run into the next word: the
    # longest run of such groups whose check digits hold
    for end in range(len(parts), 0, -1):
        reference = "".join(parts[:end])
        printed = end == 1 or all(len(part) == 4 for part in parts[:end - 1]) and len(parts[end - 1]) <= 4
        if printed and len(reference) <= MAX_REFERENCE and check_digits_hold(f"RF{check}{reference}"):
            rest = " ".join(parts[end:])
            return f" REF {reference} " + rest
    return match.group()


_BELGIAN = re.compile(r"(\+\+\+|\*\*\*) ?(\d{3}) ?/ ?(\d{4}) ?/ ?(\d{5}) ?\1")


def _belgian(match: re.Match[str]) -> str:
    digits = "".join(match.group(2, 3, 4))
    return f" REF {digits[:10]} " if (int(digits[:10]) % 97 or 97) == int(digits[10:]) else match.group()


# a national reference's name, then its digits (four or more, maybe in printed groups)
_NATIONAL = re.compile(r"(?<![0-9A-Z])(VIITE|KID|OCR|FIK(?:[ .-]?7[15])?|BETALINGS[ -]?ID)"
                       r"(?:[ .-]?(?:NUMERO|NUMMER|NUMBER|NRO|NR))?\b[ .:#-]*((?:\d ?){4,25})(?![0-9A-Z])")
# a Danish giro slip's code line: card type 71 or 75, the payment id, the creditor's number
_DANISH_CODE_LINE = re.compile(r"\+ ?7[15] ?< ?(\d{15,16}) ?\+ ?\d{8} ?<")


def _weighted_check(digits: str, weights: tuple[int, ...], modulus: int, digit_sums: bool = False) -> int:
    """The check digit of `digits` under weights repeated from the right; digit_sums: each
    product's digits added (Luhn)."""
    total = 0
    for k, digit in enumerate(reversed(digits)):
        product = int(digit) * weights[k % len(weights)]
        total += sum(divmod(product, 10)) if digit_sums else product
    return (modulus - total % modulus) % modulus


def _national_check_holds(name: str, code: str) -> bool:
    body, check = code[:-1], int(code[-1])
    if name.startswith("VIITE"):
        return _weighted_check(body, (7, 3, 1), 10) == check
    luhn = _luhn_holds(code)
    return luhn or name.startswith("KID") and _weighted_check(body, (2, 3, 4, 5, 6, 7), 11) == check


def _luhn_holds(code: str) -> bool:
    return _weighted_check(code[:-1], (2, 1), 10, digit_sums=True) == int(code[-1])


def _national(match: re.Match[str]) -> str:
    code = match.group(2).replace(" ", "")
    if not _national_check_holds(match.group(1), code):
        return match.group()
    with_length = match.group(1).startswith("OCR") and len(code) >= 5 and int(code[-2]) == len(code) % 10
    return f" REF {code[:-1]} " + (f" REF {code[:-2]} " if with_length else "")


def _danish_code_line(match: re.Match[str]) -> str:
    return f" REF {match.group(1)[:-1]} " if _luhn_holds(match.group(1)) else match.group()


_DUTCH = re.compile(r"(?<![0-9A-Z])BETALINGSKENMERK\b[ .:#-]*((?:\d ?){9,16})(?![0-9A-Z])")
_DUTCH_WEIGHTS = (2, 4, 8, 5, 10, 9, 7, 3, 6, 1)


def _dutch(match: re.Match[str]) -> str:
    code = match.group(1).replace(" ", "")
    if len(code) == 16:
        digits = code[1:]
    elif len(code) <= 14 and int(code[1]) == (len(code) - 2) % 10:  # the length code
        digits = code[2:]
    else:
        return match.group()
    check = _weighted_check(code[1:], _DUTCH_WEIGHTS, 11)
    if (1 if check == 10 else check) != int(code[0]):
        return match.group()
    return f" REF {digits.lstrip('0') or '0'} "


_SWISS = re.compile(r"(?<![0-9A-Z])(\d\d(?: ?\d{5}){5})(?![0-9A-Z])")
_MOD10_RECURSIVE = (0, 9, 4, 6, 8, 2, 7, 1, 3, 5)
LONGEST_NUMBER = 16  # digits of an invoice number: a longer body holds another number before it


def _swiss(match: re.Match[str]) -> str:
    code = match.group(1).replace(" ", "")
    carry = 0
    for digit in code[:-1]:
        carry = _MOD10_RECURSIVE[(carry + int(digit)) % 10]
    if (10 - carry) % 10 != int(code[-1]):
        return match.group()
    body = code[:-1].lstrip("0")
    padding = max(re.finditer(r"0{4,}", body), key=lambda run: (len(run.group()), run.start()), default=None)
    tail = body[padding.end():] if padding and len(body) > LONGEST_NUMBER else body
    return f" REF {body} " + (f" REF {tail} " if tail != body and len(tail) >= 3 else "")


# Serbia's payment reference (poziv na broj) in model 97: the model, two check digits (ISO 7064
# MOD 97-10 of the reference: 98 - reference * 100 mod 97), then the reference, which a billing
# system fills with the invoice's digits (NBS decision on payment order forms; SEF invoices
# '205/2026' -> 97 28 2052026). Glued as a camt.053's CdtrRefInf writes it, it hides the number;
# the model and check are common digits, so the text as it was is kept beside the reading.
_SERBIAN = re.compile(r"(?<![0-9A-Z])97(\d\d)(\d{3,20})(?![0-9A-Z])")


def _serbian(match: re.Match[str]) -> str:
    check, reference = int(match.group(1)), match.group(2)
    return f"{match.group()} REF {reference} " if 98 - int(reference) * 100 % 97 == check else match.group()


def plain_creditor_references(text: str) -> str:
    """Upper-case text with each valid RF creditor reference, Belgian structured communication,
    named Nordic reference, Danish code line, named Dutch payment reference and Swiss QR reference
    written as 'REF <reference>' ('RF0718279' and 'RF07 1827 9' -> ' REF 18279 ';
    '+++000/0000/65472+++' -> ' REF 0000000654 '; 'VIITE 10427' -> ' REF 1042 ';
    '+71<000000000010421 +87654321<' -> ' REF 00000000001042 '; 'BETALINGSKENMERK 5000056789012345'
    -> ' REF 56789012345 '; '00 00000 00000 00000 00000 10429' -> ' REF 1042 '); a Serbian model 97
    reference read beside itself ('97282052026' -> '97282052026 REF 2052026 '); any other text
    unchanged."""
    if "RF" in text:
        text = _CANDIDATE.sub(_rewrite, text)
    if "+++" in text or "***" in text:
        text = _BELGIAN.sub(_belgian, text)
    if "<" in text:
        text = _DANISH_CODE_LINE.sub(_danish_code_line, text)
    if "VIITE" in text or "KID" in text or "OCR" in text or "FIK" in text or "BETALINGS" in text:
        text = _NATIONAL.sub(_national, text)
    if "BETALINGSKENMERK" in text:
        text = _DUTCH.sub(_dutch, text)
    if len(text) >= 27:
        text = _SWISS.sub(_swiss, text)
    if "97" in text:
        text = _SERBIAN.sub(_serbian, text)
    return text


# what a reading leaves: 'REF' and the reference read
_READ = re.compile(r"(?<![0-9A-Z])REF ([0-9A-Z]+)")


def checked_references(text: str, read: str) -> frozenset[str]:
    """The references plain_creditor_references read in text (read: what it returned), whose check
    digits hold, without their leading zeros: a number the biller issued, however short ('OCR
    28696' -> 2869)."""
    already = set(_READ.findall(text))
    return frozenset(value.lstrip("0") for value in _READ.findall(read) if value not in already)

