"""Credit notes a payer deducts from what it pays: 'PMT DET:1042 LESS CREDIT MEMO CM-1042', or a
payment of an invoice short by exactly a credit note the customer holds. A credit note is an
invoice with a negative total still open (int_invoices_open_before_remittance keeps its open
amount negative). The payment then pays its invoices in full and uses up the note: the note's
allocation is negative, and the line's allocations still add up to its amount. Notes are apart
from the open invoices (plan_types.Invoices): no amount, subset or number rule ever plans a payment
onto one; a plan's allocation to the note at position n has the index offset + n."""

from __future__ import annotations

from collections.abc import Callable, Container
from dataclasses import dataclass, field
from itertools import combinations

from reconcilers.numbers import Token, number_key
from reconcilers.plan_types import Invoices, Plan, money

MAX_NOTES = 3  # a payment deducting more notes than this at once is left to an analyst
MAX_NOTE_CANDIDATES = 12  # of a customer's open notes in the payment's currency tried together, oldest first


@dataclass
class CreditNotes:
    offset: int  # the allocation index of the first note: the number of open invoices
    ids: list[str]
    numbers: list[str]
    customers: list[str]
    currencies: list[str]
    open_milli: list[int]  # negative: what is still to be used up
    by_customer: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # (customer, ccy) -> oldest first
    number_keys: list[str] = field(default_factory=list)  # each note's number key (numbers.number_key)
    keys: set[str] = field(default_factory=set)  # the notes' number keys, those not empty

    def __post_init__(self) -> None:
        self.number_keys = [number_key(number) for number in self.numbers]
        self.keys = {key for key in self.number_keys if key}
        for n, customer_currency in enumerate(zip(self.customers, self.currencies)):
            self.by_customer.setdefault(customer_currency, []).append(n)

    def quoted(self, own: list[int], read: Container[str]) -> list[int]:
        """Of the notes own, those whose number the reference quotes (read: its number keys)."""
        return [n for n in own if self.number_keys[n] in read]


def without_note_numbers(tokens: dict[str, Token], notes: CreditNotes, invoice_keys: set[str]) -> dict[str, Token]:
    """A reference's numbers less those read from a credit note's own number (unless an invoice has
    that number too): 'CM-1723' names the note, not invoice 1723 beside it (its reading without the
    prefix), nor 1721 one character off."""
    if not notes.keys:
        return tokens
    return {key: token for key, token in tokens.items()
            if (whole := number_key(token.text)) not in notes.keys or whole in invoice_keys}


def net_credit_notes(plans: dict[int, Plan], lines: list[tuple], read_keys: Callable[[int], Container[str]],
                     invoices: Invoices, notes: CreditNotes, fee_room: Callable[[int, str], int]) -> None:
    """A plan of one customer's invoices that are open for more than the payment by exactly one to
    MAX_NOTES of that customer's open credit notes in the payment's currency pays the invoices in
    full and uses the notes up. The notes the reference quotes are tried first, then all; single
    notes before pairs; of notes alike, the oldest (read_keys: the number keys a line's reference
    quotes). Notes the reference quotes may leave a bank's
    fee short besides (fee_room: the fee tolerance of an amount open in a currency), left open on
    the invoice due last, as a fee short is. The plan's confidence is kept: the notes only explain
    the amount."""
    if not notes.ids:
        return
    for i, plan in plans.items():
        customer = invoices.customers[plan.allocations[0][0]]
        own = notes.by_customer.get((customer, lines[i][1]))
        if not own or any(inv >= notes.offset or invoices.customers[inv] != customer for inv, _ in plan.allocations):
            continue
        owed, quoted = sum(invoices.open_milli[inv] for inv, _ in plan.allocations), notes.quoted(own, read_keys(i))
        chosen = _notes_for(owed - lines[i][2], own, notes, quoted)
        fee = 0
        if chosen is None:
            chosen, fee = _quoted_notes_and_a_fee(owed - lines[i][2], notes, quoted, fee_room(owed, lines[i][1]))
        if chosen is None:
            continue
        paid = [(inv, invoices.open_milli[inv]) for inv, _ in plan.allocations]
        paid[-1] = (paid[-1][0], paid[-1][1] - fee)
        plan.allocations = paid + [(notes.offset + n, notes.open_milli[n]) for n in chosen]
        plan.amount_explained = True
        if plan.rule == "short_pay":
            plan.rule = "credit_note"
        listed = ", ".join(f"{notes.numbers[n] or notes.ids[n]} ({money(-notes.open_milli[n])}"
                           + (", quoted)" if n in quoted else ")") for n in chosen)
        plan.detail = (f"pays {money(owed)} in full less the customer's open credit note"
                       f"{'s' if len(chosen) > 1 else ''} {listed}"
                       + (f", and {money(fee)} short (bank fee tolerance), left open" if fee else ""))


def _quoted_notes_and_a_fee(gap: int, notes: CreditNotes, quoted: list[int],
                            room: int) -> tuple[tuple[int, ...] | None, int]:
    """The notes quoted that the gap is more than by a bank fee's size at most, and that fee."""
    for size in range(1, min(MAX_NOTES, len(quoted)) + 1):
        for chosen in combinations(quoted, size):
            if 0 < (fee := gap + sum(notes.open_milli[n] for n in chosen)) <= room:
                return chosen, fee
    return None, 0


def _notes_for(gap: int, own: list[int], notes: CreditNotes, quoted: list[int]) -> tuple[int, ...] | None:
    """The notes quoted that add up to gap, else any of the customer's (oldest first) that do."""
    if gap <= 0:
        return None
    for pool in (quoted, own[:MAX_NOTE_CANDIDATES]):
        for size in range(1, min(MAX_NOTES, len(pool)) + 1):
            chosen = next((c for c in combinations(pool, size) if -sum(notes.open_milli[n] for n in c) == gap), None)
            if chosen is not None:
                return chosen
    return None
