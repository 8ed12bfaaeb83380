"""How an invoice number changes on its way into a bank reference.

Data-entry errors (a keypad-neighbour digit, two swapped digits, 0/O and 1/I/l confusion), reformatting
(separators dropped or added, leading zeros lost as when a number passes through a spreadsheet, "#" or "INV-"
added), and the ISO 11649 RF creditor reference built from the number.
"""

import random

from .numbering import split_trailing_digits

# neighbouring keys on a numeric keypad
KEYPAD_NEIGHBOURS = {"0": "98", "1": "24", "2": "135", "3": "26", "4": "157", "5": "2468", "6": "359",
                     "7": "48", "8": "579", "9": "068"}


def _digit_positions(number: str) -> list[int]:
    return [i for i, c in enumerate(number) if c.isdigit()]


def typo_digit(rng: random.Random, number: str) -> str | None:
    """One of the last six digits replaced by a keypad neighbour; None without digits."""
    positions = _digit_positions(number)
    if not positions:
        return None
    i = rng.choice(positions[-6:])
    return number[:i] + rng.choice(KEYPAD_NEIGHBOURS[number[i]]) + number[i + 1:]


def swapped_digits(rng: random.Random, number: str) -> str | None:
    """Two different adjacent digits swapped; None when there are none."""
    positions = [i for i in _digit_positions(number)
                 if i + 1 < len(number) and number[i + 1].isdigit() and number[i] != number[i + 1]]
    if not positions:
        return None
    i = rng.choice(positions[-6:])
    return number[:i] + number[i + 1] + number[i] + number[i + 2:]


def ocr_o0_i1(rng: random.Random, number: str) -> str | None:
    """0 read as O, 1 as I or l, or the other way; None when the number has none of them."""
    positions = [i for i, c in enumerate(number) if c in "01OI"]
    if not positions:
        return None
    i = rng.choice(positions)
    # the I-or-l draw is spent whichever character is replaced
    replacement = {"0": "O", "1": rng.choice(["I", "l"]), "O": "0", "I": "1"}[number[i]]
    return number[:i] + replacement + number[i + 1:]


ENTRY_ERRORS = {"typo_digit": typo_digit, "swapped_digits": swapped_digits, "ocr_o0_i1": ocr_o0_i1}


def reformat(rng: random.Random, number: str) -> tuple[str, str]:
    """(kind, the number as the payer rewrote it): one of the rewrites that apply to this number's shape."""
    prefix, digits = split_trailing_digits(number)
    options = []
    if any(c in number for c in "-/ "):
        options.append(("sep_dropped", number.replace("-", "").replace("/", "").replace(" ", "")))
        options.append(("sep_space", number.replace("-", " ").replace("/", " ")))
    if prefix and prefix[-1].isalpha():
        options.append(("sep_added", prefix + "-" + digits))
        options.append(("sep_added", prefix + " " + digits))
    if digits.startswith("0") and digits.lstrip("0"):
        options.append(("zeros_stripped", prefix + digits.lstrip("0")))
    if not prefix and len(digits) >= 7:
        options.append(("digits_grouped", " ".join([digits[:4], digits[4:7], digits[7:]]).strip()))
    if not prefix:
        options.append(("hash_added", "#" + digits))
        options.append(("prefix_added", "INV-" + digits))
    return rng.choice(options)


def rf_reference(number: str) -> str:
    """The ISO 11649 creditor reference for the number: RF, mod-97 check digits, up to 21 alphanumerics."""
    core = "".join(c for c in number.upper() if c.isalnum())[-21:]
    as_digits = "".join(str(int(c, 36)) for c in core + "RF00")
    return f"RF{98 - int(as_digits) % 97:02d}{core}"
