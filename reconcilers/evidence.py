"""What besides the payer's name recognises a customer on a bank line: a confirmed alias, a
reference token its payments usually carry (learned), its own invoice-number prefix, a purchase
order of its, or its own customer id quoted in the reference (customer_numbers.py). Each is a
Recognition beside the names' (names.py), with a score that says how sure it is."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from reconcilers.customer_numbers import CustomerIds
from reconcilers.names import Recognition, Recognitions, recognise
from reconcilers.number_index import NumberIndex, customers_by_head
from reconcilers.numbers import Token, reference_words
from reconcilers.plan_types import Hit, Invoices

HABIT_SCORE = 90.0  # a learned reference token recognises its customer like a good name match
HEAD_SCORE = 95.0  # a customer's own number prefix (Stripe's per-customer prefix) recognises it
ID_SCORE = HEAD_SCORE  # its own customer id, as its PO or number prefix: recognised, below a name read in full


def recognise_by_evidence(recognitions: dict[int, Recognitions], lines: list[tuple], customer_lines: list[int],
                           tokens: dict[int, dict[str, Token]], payer_norm: list[str], aliases: list[tuple[str, str]],
                           habits, numbers: NumberIndex) -> None:
    """Besides names: confirmed aliases ((payer name read as payer_norm reads it, customer)),
    learned reference tokens (a payment agent's or the customer's AP reference) and a customer's
    own number prefix read in the reference."""
    alias_customers: dict[str, list[str]] = defaultdict(list)
    for payer, customer in aliases:
        alias_customers[payer].append(customer)
    for i in customer_lines:
        for customer in alias_customers.get(payer_norm[i], ()):
            recognise(recognitions, i, customer, Recognition(100.0, "alias", lines[i][3]))
        if habits.reference_tokens:
            for word in sorted(reference_words(lines[i][4]) & habits.reference_tokens.keys()):
                for customer, _ in habits.reference_tokens[word]:
                    recognise(recognitions, i, customer, Recognition(HABIT_SCORE, "habit", word))
        if numbers.customer_heads:
            for customer, head in customers_by_head(numbers, list(tokens[i].values())).items():
                recognise(recognitions, i, customer, Recognition(HEAD_SCORE, "number prefix", head))


def recognise_by_po(recognitions: dict[int, Recognitions], po_hits: dict[int, dict[int, Hit]],
                     invoices: Invoices) -> None:
    """A purchase order quoted exactly, whole (not read without its prefix), on open invoices of
    one customer only, recognises that customer (a blanket PO on every invoice of a year: the
    amount then decides which)."""
    for i, hits in po_hits.items():
        whole = [j for j, hit in hits.items() if hit.whole]
        owners = {invoices.customers[j] for j in whole}
        if len(owners) == 1:
            j = whole[0]
            recognise(recognitions, i, owners.pop(), Recognition(HEAD_SCORE, "po", invoices.po_numbers[j]))


def recognise_by_customer_id(recognitions: dict[int, Recognitions], references: dict[int, str],
                             customer_ids: Callable[[], CustomerIds]) -> None:
    """references: line -> its reference text; each line recognises the customers whose id it
    quotes. customer_ids builds the index, when any line has a reference."""
    references = {i: reference for i, reference in references.items() if reference}
    ids = customer_ids() if references else None
    for i, reference in references.items():
        for customer, read_as in ids.quoted(reference).items():
            recognise(recognitions, i, customer, Recognition(ID_SCORE, "customer number", read_as))
