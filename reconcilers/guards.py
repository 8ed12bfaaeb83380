"""Precision guards: when a plan that fits the amount is only a suggestion, because the reference
says otherwise (it quotes other invoices of the payer, points at another with a slip, or reads
as well as another invoice of the same amount). docs/cash_application.md, "Precision guards"."""

from __future__ import annotations

from reconcilers.names import Recognitions
from reconcilers.number_index import NumberIndex
from reconcilers.numbers import Token, compact_keys, one_edit_off
from reconcilers.plan_types import LAST_DIGITS, Hit, Invoices, Plan
from reconcilers.plans import NOBODY, Matcher

SURE_NAME = 95  # a payer name this close is its customer's, whatever number it mistypes


def fuzzy_rival(plan: Plan, tokens: dict[str, Token], invoices: Invoices, numbers: NumberIndex) -> int | None:
    """A plan resting on a number read with a slip (one character off, cut short) when another
    open invoice of the payer, of the same open amount, is as close to what was read: the
    amount cannot tell them apart ('INV-004' is INV-0047 cut or INV-0074 with a digit dropped)."""
    if not plan.hits or any(hit.kind == 2 for hit in plan.hits.values()):
        return None
    for idx, hit in plan.hits.items():
        read = [t for t in tokens.values() if t.text == hit.read]
        for other in invoices.by_customer.get((invoices.customers[idx], invoices.currencies[idx]), ()):
            if other == idx or invoices.open_milli[other] != invoices.open_milli[idx]:
                continue
            key, bare = numbers.keys[other], numbers.bare_keys[other]
            if any(one_edit_off(t.key, key) or one_edit_off(t.key, bare)
                   or t.last and len(t.key) < len(key) and (key.startswith(t.key) or bare.startswith(t.key))
                   for t in read):
                return other
    return None


def points_elsewhere(plan: Plan, hits: dict[int, Hit], invoices: Invoices) -> bool:
    """The reference reads, with a slip, as the payer's own invoices (masked end, cut, one
    character off, the sequence alone), none of them the one the amount chose ('*****6995' when the
    amount fits INV-29599): the payer meant another invoice, so an analyst decides."""
    chosen = {inv for inv, _ in plan.allocations}
    customer = invoices.customers[plan.allocations[0][0]]
    # a number's last digits tell apart invoices of one amount, but an invoice of another amount
    # does not overrule the amount: the start of a number cut at a field width ('INV 108' of
    # 108274) ends another invoice of the payer as often
    amounts = {invoices.open_milli[inv] for inv in chosen}
    pointed = {inv for inv, hit in hits.items() if hit.how == "sequence"
               or hit.kind == 1 and (hit.how != LAST_DIGITS or invoices.open_milli[inv] in amounts)}
    return bool(pointed) and not pointed & chosen and all(invoices.customers[inv] == customer for inv in pointed)


def bills_another_order(plan: Plan, po_hits: dict[int, Hit], invoices: Invoices) -> bool:
    """The reference quotes, exactly, a purchase order the payer's open invoices carry, and the
    amount-based plan settles none of them ('4520403227' on invoice 1705 while the date chose 1708
    of the same amount): the order and the amount disagree, so an analyst decides."""
    allocated = {inv for inv, _ in plan.allocations}
    customer = invoices.customers[plan.allocations[0][0]]
    ordered = {inv for inv, hit in po_hits.items() if hit.kind == 2 and invoices.customers[inv] == customer}
    return bool(ordered) and not ordered & allocated


def on_other_orders(po_hits: dict[int, Hit], invoices: Invoices, currency: str, amount: int) -> frozenset[int]:
    """A purchase order quoted exactly and whole that several open invoices of the amount carry (a
    blanket order billed each month: the amount does not pick among them, the date will): the
    same customers' other invoices of the amount, billed to other orders, which the date must not
    choose instead ('PO-522358' paid the day after two invoices of one amount fell due, one on
    each of two orders)."""
    ordered = {inv for inv, hit in po_hits.items()
               if hit.whole and invoices.open_milli[inv] == amount and invoices.currencies[inv] == currency}
    if len(ordered) < 2:
        return frozenset()
    customers = {invoices.customers[inv] for inv in ordered}
    return frozenset(inv for inv in invoices.by_amount.get((currency, amount), ())
                     if invoices.customers[inv] in customers and inv not in ordered)


def quotes_other_invoices(plan: Plan, hits: dict[int, Hit], customers: Recognitions, invoices: Invoices,
                          min_score: float) -> bool:
    """The remittance quotes invoices of the recognised payer (exactly, and not a short number unless
    introduced as one and the planned customer's, or read whole and of a customer the payer's name
    is as much: 'Invoice #4240', '#6071', a reference of numbers only; not a Stripe sequence `0002`
    every customer has) that an amount-based plan leaves out: the reference and the amount disagree,
    so an analyst decides. (`Mitchell Intl Corp` is Mitchell International Corp and Mitchell
    International LLC to the letter: quoting `INV 1498 1499`, Corp's, it does not pay LLC's invoice
    the amount fits.)"""
    allocated = {inv for inv, _ in plan.allocations}
    planned = invoices.customers[plan.allocations[0][0]]
    planned_score = customers.get(planned, NOBODY).score

    def counts(inv: int, hit: Hit) -> bool:
        customer = invoices.customers[inv]
        score = customers.get(customer, NOBODY).score
        backed = customer == planned or hit.how == "exact" and score >= planned_score
        return score >= min_score and (not hit.weak or hit.marked and backed)

    return any(inv not in allocated and hit.kind == 2 and counts(inv, hit) for inv, hit in hits.items())


def off_by_a_fee(plan: Plan, amount: int, matcher: Matcher) -> bool:
    """The quoted invoices paid in full and a wire fee's size more (a payer adding the fee it
    expects taken), as plans.py reads an excess that small; or paid in part, short by a wire fee's
    size (an intermediary bank's charge on a small invoice, beyond the tolerance's share)."""
    paid_in_part = not plan.amount_explained and len(plan.allocations) == 1
    return (plan.rule == "overpayment" or paid_in_part) and matcher.off_by_a_wire_fee(plan, amount)


def a_charge_beside_an_odd_fee(quoted: Plan, name_plan: Plan, amount: int, matcher: Matcher) -> bool:
    """One number read exactly and whole, paid short by a bank charge's size (a whole number of
    tenths of the tolerance, up to a wire fee's, beyond the tolerance's share on a small invoice),
    while the payer's name fits another invoice short by an odd amount within the tolerance: the
    number and the charge agree, the odd shortfall is the coincidence ('INV-9000034702' for 333.18
    of 363.18, while the payer owes 350.00 elsewhere)."""
    if len(quoted.allocations) != 1 or name_plan.rule != "short_pay" \
            or not all(hit.whole for hit in quoted.hits.values()):
        return False
    idx = quoted.allocations[0][0]
    currency, charge = matcher.inv.currencies[idx], matcher.inv.open_milli[idx] - amount
    odd = sum(matcher.inv.open_milli[i] for i, _ in name_plan.allocations) - amount
    return matcher.charge_sized(charge, currency) and not matcher.tariff_sized(odd, currency)


def fits_other_invoices(plan: Plan, name_plan: Plan | None) -> bool:
    """A quoted invoice paid in part while the payer's name plan settles other invoices of the
    payer's (exactly, or short by a fee): a mistyped number is as likely as a partial payment
    ('3061' for 77.42 of an 810.00 invoice, while the payer owes 79.00 on 3064)."""
    if not plan.quoted or plan.amount_explained or plan.rule == "overpayment" or name_plan is None:
        return False
    return name_plan.amount_explained and not {i for i, _ in name_plan.allocations} & {i for i, _ in plan.allocations}


def slipped_for_an_exact_one(plan: Plan, name_plan: Plan | None, amount: int, matcher: Matcher) -> int | None:
    """A quoted invoice paid over while the payer's name plan pays, for exactly the amount, one
    other invoice whose number is one character off the number read ('0CD2E16F-0010' for 3,204.00,
    what 0CD2E16F-0011 is open for, while -0010 is open for 2,375.00): a slipped digit is as likely
    as an overpayment. That invoice, else None."""
    if plan.rule != "overpayment" or not plan.quoted or name_plan is None or len(name_plan.allocations) != 1 \
            or not matcher.pays_exactly(name_plan, amount):
        return None
    other = name_plan.allocations[0][0]
    if other in plan.hits:
        return None
    read = {compact_keys(hit.read) for hit in plan.hits.values()}
    return other if any(one_edit_off(key, matcher.keys[other]) or one_edit_off(bare, matcher.bare_keys[other])
                        for key, bare in read) else None


def paid_twice(plan: Plan, matcher: Matcher) -> bool:
    """The quoted invoices made up with others of the customer open for exactly as much: the
    amount is twice what was quoted. An invoice entered twice in the payer's payment run (a
    duplicate payment, one transfer) is as likely as another period paid without its number
    ('INV 1047' for 1,175.42, twice its 587.71, while 1109 is open for 587.71 too)."""
    quoted = [i for i, _ in plan.allocations if i in plan.hits]
    others = [i for i, _ in plan.allocations if i not in plan.hits]
    if not quoted or not others:
        return False
    opens = matcher.inv.open_milli
    return sum(opens[i] for i in quoted) == sum(opens[i] for i in others) == sum(m for _, m in plan.allocations) // 2


def without_glued_word_slips(hits: dict[int, Hit]) -> dict[int, Hit]:
    """Drops what a number read with a word glued before it ('Fact. INV00001778' read as
    FACTINV00001778, 'CORP FCF48BCD0006' after the payer's name) matched with a slip, when the
    number alone matched exactly: INV00001777, one character off the glued reading's digits, is
    not quoted beside INV00001778."""
    exact = [hit.read for hit in hits.values() if hit.how == "exact" and not hit.weak]
    return {idx: hit for idx, hit in hits.items()
            if hit.kind == 2 or not any(hit.read.endswith(read) and hit.read[:-len(read)].isalpha() for read in exact)}


def without_parts_of_a_whole_number(hits: dict[int, Hit], tokens: dict[str, Token]) -> dict[int, Hit]:
    """Drops what a part of a number matched when the whole number, written on its own, is an open
    invoice's number read exactly: '20260531-015' (a Japanese invoice numbered by its date and a
    sequence) names that invoice, and its head 20260531, another customer's invoice numbered by
    the year and a sequence (Money Forward's 20260531), is no second reading of it."""
    whole = [token.key for token in tokens.values()
             if token.alone and any(hit.read == token.key and hit.how == "exact" and hit.kind == 2 for hit in hits.values())]
    if not whole:
        return hits
    return {idx: hit for idx, hit in hits.items()
            if (part := tokens.get(hit.read)) is None or part.alone
            or not any(hit.read != key and hit.read in key for key in whole)}


def quotes_a_settled_invoice(plan: Plan, keys: list[str], settled: dict[str, list[tuple[str, str]]],
                             invoices: Invoices) -> str | None:
    """The number of an invoice of the plan's customer with nothing open that the reference quotes
    in full (keys: its numbers read whole), when the plan pays other invoices: a customer paying
    by transfer an invoice already paid by card ('5BBC7CC2-0004', paid, is not 5BBC7CC2-0008 one
    character off, nor its amount's other invoices)."""
    customer = invoices.customers[plan.allocations[0][0]] if plan.allocations else None
    return next((number for key in keys for number, owner in settled.get(key, ()) if owner == customer), None)


def slipped_beside_another_customers_exact_one(plan: Plan, hits: dict[int, Hit], invoices: Invoices,
                                               customers: Recognitions) -> int | None:
    """An open invoice of another customer that the reference quotes exactly, whole, when the plan
    rests only on numbers read otherwise (with a slip, without a prefix, as last digits):
    'INV10366' is Shanghai Dongfang's invoice, paid less a tax withheld, not Chengdu Dongfang's
    INV10376 one character off whose amount fits, however close the payer's English name is to the
    other's; '20260286' is that invoice of Money Forward's numbering, not freee's INV-2026-0286
    without its prefix, of another customer, for the amount of three. A number read without its
    prefix counts as the payer's own when the payer names the plan's customer ('REF 2190' beside
    another customer's INV-4715, from Sterling's parent), and so does a slip when the payer names
    the plan's customer and not the other, or names it surely (SURE_NAME) and better."""
    if not plan.quoted or not plan.hits or any(hit.whole for hit in plan.hits.values()):
        return None
    customer = invoices.customers[plan.allocations[0][0]]
    if customer in customers and any(hit.kind == 2 for hit in plan.hits.values()):
        return None
    # a payer named as the plan's customer and not as the other's: the other's number is the
    # coincidence ('FA2026-1085', a padding zero dropped, beside another system's 2026/1085)
    named = customers[customer].score if customer in customers else 0.0
    return next((idx for idx, hit in hits.items() if hit.whole and invoices.customers[idx] != customer
                 and (not named or invoices.customers[idx] in customers
                      and (named < SURE_NAME or customers[invoices.customers[idx]].score >= named))), None)
