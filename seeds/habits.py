"""How customers, their AP clerks and their banks pay invoices (seeds/numbering.py numbers them).

Shared by `seeds.generate` (--payer-habits, --reference-habits, --lag-habits, --form-habits) and
the cash-application benchmark, so both draw from one set of habits. Every format is taken from a
vendor's documentation or a bank's published file format (sources in seeds/README.md). Nothing
here may be read by reconcilers/: the matcher has to find these shapes in the data, not in this
file.

Each customer gets its habits once (a bank formats its name the same way every time, an AP clerk
has a usual way of quoting invoices, a customer usually pays N days after the due date and its
bank usually takes the same fee); single payments then vary around them.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace
from decimal import Decimal

from seeds.international_names import SPELLING_CHOICES, SPELLINGS, zengin_kana
from seeds.remittance_forms import (LABELLED_FORMS, PAYER_FORMS, PHRASINGS, draw_payer_form, draw_phrasing,
                                    vowels_dropped)

ABBREVIATIONS = {"International": "Intl", "Manufacturing": "Mfg", "Technologies": "Tech", "Corporation": "Corp",
                 "Holdings": "Hldgs", "Systems": "Sys", "Logistics": "Log", "and": "&", "Company": "Co"}
LEGAL_SUFFIXES = {"INC", "INC.", "LLC", "LTD", "CORP", "CORP.", "CO.", "GMBH", "AG", "SAS", "SA", "B.V.", "PLC",
                  "S.L.", "K.K.", "LIMITED"}
# Bank formats of the payer field: NACHA CCD/PPD text in BAI2 ("ORIG CO NAME:"), SWIFT MT103 field 50K
# as some banks print it ("B/O ", "/NAME/"), and plain text.
PAYER_PREFIXES = ("", "", "", "ORIG CO NAME:", "B/O ", "/NAME/", "WIRE FROM ", "ACH CREDIT ")
PAYER_WIDTHS = (16, 18, 22, 35)  # NACHA company name 16, card/ACH descriptors 18-22, SWIFT line 35
PAYMENT_AGENTS = ("BILL.COM", "AVIDXCHANGE INC", "TIPALTI INC", "PAYONEER INC", "CORPAY SOLUTIONS", "PAYMODE-X")
# Deductions an intermediary or the payer's bank takes from a cross-border wire, by currency.
BANK_FEES = {"USD": ("15.00", "20.00", "25.00", "30.00", "35.00"), "EUR": ("10.00", "15.00", "20.00"),
             "GBP": ("12.00", "15.00", "20.00"), "JPY": ("2500", "4000")}
REFERENCE_HABITS = (("exact", 20), ("inv_prefix", 14), ("glued", 9), ("lower", 7), ("separators", 9), ("typo", 5),
                    ("confusion", 5), ("truncated", 5), ("masked", 4), ("none", 12), ("po", 10))
CONFUSIONS = {"0": "O", "O": "0", "1": "I", "I": "1", "5": "S", "S": "5", "8": "B", "B": "8", "2": "Z", "Z": "2"}
NO_REFERENCE = ("", "PAYMENT", "THANK YOU", "ACH PMT", "INVOICE PAYMENT", "VENDOR PMT")
REFERENCE_WIDTHS = (16, 18, 22, 27)  # fields that cut the text: ACH entry description, MT940 :86: subfields


def weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _ in pairs], weights=[w for _, w in pairs])[0]


# -- payer names ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class PayerHabit:
    """How one customer's payments show who paid: a bank's prefix and field width, case,
    abbreviations, and sometimes another company (parent or payment agent) paying for it."""
    prefix: str
    width: int | None
    upper: bool
    abbreviate: bool
    drop_suffix: bool
    typo_rate: float
    paid_by: str | None
    form: str = ""  # a form of seeds/remittance_forms.PAYER_FORMS its bank shows the name in ('': none)
    spelling: str = ""  # how its bank spells letters beyond basic Latin (international_names.SPELLINGS; '': as is)
    shortened: bool = False  # its clerk drops the vowels of its name's longer words (remittance_forms.vowels_dropped)


ZENGIN = "zengin_kana"  # a Japanese bank's katakana (international_names.zengin_kana)
SHORTENED_SHARE = 0.05  # of the customers paying under their own name, with the forms: vowels dropped


def draw_payer_habit(name: str, rng: random.Random) -> PayerHabit:
    roll = rng.random()
    if roll < 0.06:
        paid_by: str | None = rng.choice(PAYMENT_AGENTS)
    elif roll < 0.14:
        paid_by = f"{name.split()[0]} {rng.choice(('Holdings', 'Group', 'Global'))} {rng.choice(('Inc', 'Ltd', 'plc', 'AG'))}"
    else:
        paid_by = None
    return PayerHabit(prefix=rng.choice(PAYER_PREFIXES), width=rng.choice(PAYER_WIDTHS) if rng.random() < 0.45 else None,
                      upper=rng.random() < 0.7, abbreviate=rng.random() < 0.3, drop_suffix=rng.random() < 0.3,
                      typo_rate=rng.choice((0.0, 0.0, 0.1, 0.3)), paid_by=paid_by)


def payer_as_shown(name: str, habit: PayerHabit, rng: random.Random) -> str:
    """The payer field of one bank line."""
    words = (habit.paid_by or name).split()
    if habit.drop_suffix and len(words) > 1 and words[-1].upper() in LEGAL_SUFFIXES:
        words = words[:-1]
    if habit.abbreviate:
        words = [ABBREVIATIONS.get(w, w) for w in words]
    text = vowels_dropped(" ".join(words)) if habit.shortened else " ".join(words)
    if habit.spelling:
        text = (zengin_kana(text) or text) if habit.spelling == ZENGIN else SPELLINGS[habit.spelling](text)
    if rng.random() < habit.typo_rate:
        text = typo(text, rng)
    if habit.upper:
        text = text.upper()
    if habit.width:
        text = text[:habit.width].rstrip()
    if habit.form:  # the name cut at its field's width, the form's other fields whole
        text = PAYER_FORMS[habit.form](text)
    return ("" if habit.form in LABELLED_FORMS else habit.prefix) + text


def typo(text: str, rng: random.Random) -> str:
    """One slip of the hand: a character dropped, doubled, replaced, or two different neighbours
    swapped (always a visible change)."""
    letters = [k for k, ch in enumerate(text) if ch.isalnum()]
    if len(letters) < 3:
        return text
    k = rng.choice(letters[1:-1])
    kind = rng.randrange(4)
    if kind == 0:
        return text[:k] + text[k + 1:]
    if kind == 1:
        return text[:k] + text[k] + text[k:]
    swappable = [j for j in letters[:-1] if text[j + 1].isalnum() and text[j] != text[j + 1]]
    if kind == 3 and swappable:
        j = rng.choice(swappable)
        return text[:j] + text[j + 1] + text[j] + text[j + 2:]
    pool = "0123456789" if text[k].isdigit() else "abcdefghijklmnopqrstuvwxyz"
    replacement = rng.choice([c for c in pool if c != text[k].lower()])
    return text[:k] + (replacement.upper() if text[k].isupper() else replacement) + text[k + 1:]


# -- remittance references ------------------------------------------------------------------------
def draw_reference_habit(rng: random.Random) -> str:
    return weighted(rng, REFERENCE_HABITS)


def reference_text(numbers: list[str], po: str, usual: str, rng: random.Random,
                   allow_empty: bool = True, agent: bool = False) -> tuple[str, str]:
    """What the payer typed in the remittance field for a payment of `numbers` (one or more
    invoices) under purchase order `po` (may be empty), and the habit it shows: usually the
    customer's own, sometimes another. A payment agent always passes some reference on (its
    network carries the biller's invoice numbers), however it is mangled."""
    habit = usual if rng.random() < 0.75 else draw_reference_habit(rng)
    if agent and habit == "none":
        habit = "exact"
    if habit == "po" and not po:
        habit = "exact"
    if habit == "po":
        return rng.choice((po, f"PO {po}", f"{po} PAYMENT", po.replace("-", " "))), habit
    if habit == "none":
        text = rng.choice(NO_REFERENCE)
        if text == "VENDOR PMT":  # the payer's own payment-run number: digits that are no invoice
            text = f"VENDOR PMT {rng.randint(100000, 999999)}"
        return (text if text or allow_empty else "PAYMENT"), habit
    quoted = _several(numbers, habit, rng) if len(numbers) > 1 else _one(numbers[0], habit, rng)
    if habit == "truncated":
        width = rng.choice(REFERENCE_WIDTHS)
        quoted = quoted[:width] if len(quoted) > width else quoted[:max(len(quoted) - rng.randint(1, 3), 4)]
    return quoted, habit


def _one(number: str, habit: str, rng: random.Random) -> str:
    if habit in ("exact", "truncated"):
        return rng.choice(("{}", "{}", "Payment for invoice {} thank you", "RMT INV {}", "/INV/{}",
                           "{} ACCT PAYABLE")).format(number)
    if habit == "inv_prefix":
        return rng.choice(("INV ", "INV# ", "Inv. ", "Invoice No. ", "INVOICE ")) + number
    if habit == "glued":
        return "INV" + re.sub(r"[^0-9A-Za-z]", "", strip_inv(number))
    if habit == "lower":
        return rng.choice(("{}", "inv# {}", "invoice {}")).format(number.lower().replace("-", rng.choice(("-", " "))))
    if habit == "separators":
        return _change_separators(number, rng)
    if habit == "typo":
        return _quote_wrapped(typo(number, rng), rng)
    if habit == "confusion":
        return _quote_wrapped(confuse(number, rng), rng)
    if habit == "masked":
        return mask(number, rng)
    raise ValueError(f"unknown reference habit {habit!r}")


def _quote_wrapped(number: str, rng: random.Random) -> str:
    return rng.choice(("{}", "INV {}", "Invoice {}")).format(number)


def _several(numbers: list[str], habit: str, rng: random.Random) -> str:
    """Several invoices in one remittance: listed, or written with their shared prefix once
    (`0C350F05-0006/0007`, `1042-1044`)."""
    if habit in ("exact", "inv_prefix", "separators", "truncated") and rng.random() < 0.45:
        shortened = shared_prefix_form(numbers)
        if shortened:
            return shortened if habit != "inv_prefix" else "INV " + shortened
    if habit in ("typo", "confusion", "masked"):  # one number mistyped, the others as they are
        slip = rng.randrange(len(numbers))
        parts = [_one(n, habit, rng) if k == slip else n for k, n in enumerate(numbers)]
    elif habit in ("exact", "truncated"):
        parts = list(numbers)
    else:
        parts = [_one(n, habit, rng) for n in numbers]
    separator = rng.choice((", ", " ", " / ", "+", ";"))
    lead = rng.choice(("", "", "INVOICES ", "Inv "))
    return lead + separator.join(parts)


def shared_prefix_form(numbers: list[str]) -> str:
    """`0C350F05-0006/0007` for numbers sharing everything before their last separator, a range
    `1042-1044` for consecutive plain numbers, `INV00001234/40` for a shared leading part; '' when
    the numbers share nothing worth writing once."""
    if all(n.isdigit() for n in numbers) and all(int(b) - int(a) == 1 for a, b in zip(numbers, numbers[1:])):
        return f"{numbers[0]}-{numbers[-1]}"
    heads = {n[:len(n) - len(re.split(r"[-/ ]", n)[-1])] for n in numbers}
    if len(heads) == 1 and all(re.search(r"[-/ ]", n) for n in numbers):
        head = heads.pop()
        return numbers[0] + "".join("/" + n[len(head):] for n in numbers[1:])
    common = 0
    while all(common < len(n) for n in numbers) and len({n[common] for n in numbers}) == 1:
        common += 1
    # what differs must be the numbers' ends: nobody writes INV-1042-2026/3-2026 for INV-1043-2026
    if common < 3 or common > len(numbers[0]) - 2 or any(re.search(r"[-/ ]", n[common:]) for n in numbers):
        return ""
    return numbers[0] + "".join("/" + n[common:] for n in numbers[1:])


def strip_inv(number: str) -> str:
    return re.sub(r"^INV-?", "", number, flags=re.IGNORECASE)


def _change_separators(number: str, rng: random.Random) -> str:
    """Separators replaced or dropped (`0C350F05 0006`, `0C350F050006`); a letter prefix split off
    (`INV 10234`); a long bare number grouped in fours (`9000 0100 01`)."""
    if re.search(r"[-/ .]", number):
        return re.sub(r"[-/ .]", rng.choice(("", " ", "/", ".", "_")), number)
    digits_at = next((k for k, ch in enumerate(number) if ch.isdigit()), 0)
    if digits_at:
        return number[:digits_at] + rng.choice((" ", "-", "#", "/")) + number[digits_at:]
    if len(number) >= 8:
        return " ".join(number[k:k + 4] for k in range(0, len(number), 4))
    return number


def confuse(number: str, rng: random.Random) -> str:
    """One letter read as a digit or the other way round (O/0, I/1, S/5, B/8, Z/2), as OCR and
    clerks copying from a PDF do; a number without such a character gets an l for a 1 or stays."""
    spots = [k for k, ch in enumerate(number) if ch.upper() in CONFUSIONS]
    if not spots:
        return number
    k = rng.choice(spots)
    replacement = CONFUSIONS[number[k].upper()]
    if replacement == "I" and rng.random() < 0.5:
        replacement = "l"
    return number[:k] + replacement + number[k + 1:]


def mask(number: str, rng: random.Random) -> str:
    """Leading characters hidden as a bank's privacy rule prints them, the last 4-6 kept."""
    keep = rng.randint(4, 6)
    hidden = max(len(number) - keep, 1)
    return rng.choice(("*", "X")) * hidden + number[hidden:]


# -- when and how much ----------------------------------------------------------------------------
@dataclass(frozen=True)
class PaymentHabit:
    """A customer's usual payment lag after the due date (days, may be negative) and the fee its
    bank usually deducts from a wire (0: pays in full)."""
    lag_days: int
    fee: Decimal
    fee_rate: float  # share of its payments the fee is taken from


def draw_payment_habit(currency: str, wire: bool, rng: random.Random) -> PaymentHabit:
    lag = rng.choice((-14, -7, -3, 0, 0, 0, 2, 5, 7, 10, 15, 21, 30, 45))
    fee = Decimal(rng.choice(BANK_FEES[currency])) if wire and rng.random() < 0.35 else Decimal(0)
    return PaymentHabit(lag_days=lag, fee=fee, fee_rate=rng.choice((0.7, 0.85, 1.0)))


def lag_for(habit: PaymentHabit, rng: random.Random) -> int:
    return habit.lag_days + rng.randint(-3, 3)


def fee_for(habit: PaymentHabit, total: Decimal, rng: random.Random) -> Decimal:
    """The deduction on one payment: the usual fee, unless the invoice is too small to wire with
    a deduction or the bank happened not to take it."""
    if habit.fee and total > habit.fee * 20 and rng.random() < habit.fee_rate:
        return habit.fee
    return Decimal(0)


# -- per customer ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class HabitOptions:
    """Which habits a generated landing has; all off is the demo's own way of paying."""
    payer: bool = False
    reference: bool = False
    lag: bool = False
    forms: bool = False  # payer fields and references also in seeds/remittance_forms.py's forms
    names: bool = False  # accounts of other countries named in their language, spelt by their banks' conventions

    @property
    def any(self) -> bool:
        return self.payer or self.reference or self.lag


@dataclass(frozen=True)
class CustomerHabit:
    payer: PayerHabit
    reference: str  # the usual reference habit
    payment: PaymentHabit
    phrasing: str = ""  # a usual form of seeds/remittance_forms.PHRASINGS ('': none)
    typed_as: str = ""  # how billing typed its name in ASCII (international_names.ASCII_TYPINGS; '': as registered)


class CustomerHabits:
    """Each customer's habits, drawn once on first use from a random stream of their own (so
    switching one habit on does not reshuffle the rest of the data; the forms draw from a stream of
    their own, so turning them on changes only the payer fields and references they rewrite)."""

    def __init__(self, options: HabitOptions, rng: random.Random) -> None:
        self.options, self.rng = options, rng
        # the forms' own stream, seeded from the habits' state without drawing from it
        self.forms_rng = random.Random(f"forms:{rng.getstate()[1][:4]}") if options.forms else None
        self.names_rng = random.Random(f"names:{rng.getstate()[1][:4]}") if options.names else None
        self.shortening_rng = random.Random(f"shortened:{rng.getstate()[1][:4]}") if options.forms else None
        self._by_customer: dict[str, CustomerHabit] = {}

    def is_agent(self, customer_id: str) -> bool:
        return self._by_customer[customer_id].payer.paid_by in PAYMENT_AGENTS

    def of(self, customer_id: str, name: str, currency: str, wire: bool, typed_as: str = "") -> CustomerHabit:
        """The customer's habits; name: as registered at its bank, typed_as: how billing typed it."""
        if customer_id not in self._by_customer:
            rng = self.rng
            habit = CustomerHabit(draw_payer_habit(name, rng), draw_reference_habit(rng),
                                  draw_payment_habit(currency, wire, rng))
            if self.forms_rng:
                form = draw_payer_form(self.forms_rng) if not habit.payer.paid_by else ""
                habit = replace(habit, payer=replace(habit.payer, form=form), phrasing=draw_phrasing(self.forms_rng))
            if self.names_rng and (spelling := self._spelling(name, currency)):
                habit = replace(habit, payer=replace(habit.payer, spelling=spelling))
            habit = replace(habit, typed_as=typed_as) if typed_as else habit
            if self.shortening_rng and not habit.payer.paid_by and self.shortening_rng.random() < SHORTENED_SHARE:
                habit = replace(habit, payer=replace(habit.payer, shortened=True))
            self._by_customer[customer_id] = habit
        return self._by_customer[customer_id]

    def _spelling(self, name: str, currency: str) -> str:
        """A customer's bank's spelling of its name: a Japanese customer paying yen from a Japanese
        bank three times in four (a Zengin transfer's katakana), otherwise SPELLING_CHOICES for a
        name beyond basic Latin; '' (as registered) for the rest, drawing nothing."""
        if currency == "JPY" and zengin_kana(name) and self.names_rng.random() < 0.75:
            return ZENGIN
        return self.names_rng.choice(SPELLING_CHOICES) if not name.isascii() else ""

    def phrased(self, habit: CustomerHabit, numbers: list[str], amounts: list[Decimal]) -> str:
        """The payment's numbers (and the amounts paid on them) in the customer's usual form of
        seeds/remittance_forms.py three times in four (drawn from the forms' own stream, after the
        habit's own text, so the other draws stay the same); '' when the forms are off, the
        customer has none, or it writes otherwise."""
        if not self.forms_rng or not habit.phrasing or self.forms_rng.random() >= 0.75:
            return ""
        return PHRASINGS[habit.phrasing](list(zip(numbers, amounts)))

    def truth_rows(self) -> list[dict[str, str]]:
        """What was drawn, for _truth/customer_habits.csv (never read by the matcher)."""
        return [{"customer_id": customer, "paid_by": h.payer.paid_by or "", "payer_prefix": h.payer.prefix,
                 "payer_width": str(h.payer.width or ""), "payer_form": h.payer.form,
                 "payer_spelling": h.payer.spelling, "billed_typed_as": h.typed_as,
                 "payer_shortened": "yes" if h.payer.shortened else "", "usual_reference": h.reference,
                 "usual_phrasing": h.phrasing, "usual_lag_days": str(h.payment.lag_days),
                 "usual_fee": str(h.payment.fee)}
                for customer, h in sorted(self._by_customer.items())]
