"""What a bank line pays by the numbers its reference quotes: invoice or PO numbers read exactly,
one character off, cut short or masked, the amount deciding between readings and making up the
rest from the customer's other invoices. Plans from the payer's invoices and from the amount
alone are reconcilers/plans.py's."""

from __future__ import annotations

from reconcilers.names import Recognitions
from reconcilers.numbers import typed_keys
from reconcilers.plan_types import Hit, Plan, money
from reconcilers.plans import NOBODY, REVIEW_ONLY, Matcher
from reconcilers.shortfalls import SHORTFALL_KINDS
from reconcilers.stated_amounts import stated_amounts, stated_split


def document_plan(matcher: Matcher, amount: int, hits: dict[int, Hit], rule: str, certain: float,
                  customers: Recognitions, excluded: frozenset[int], masked: list[str],
                  network: bool = False, unbacked: bool = False, reference: str = "") -> Plan | None:
    """Reference or PO numbers found in the remittance text. A mistyped number can be another
    customer's real invoice: when the payer is recognised, hits of other customers are dropped
    and a number no recognised name backs is only a suggestion (unless long numbers quoted
    exactly add up to the amount, which the payer's name owes nothing of: a parent paying); when
    the payer is not recognised, only an exact amount confirms the number. A short number (weak
    hit) counts only with backing: the payer's name, or the exact amount (then auto-applied only
    when the name is at least a review-level match or the number is introduced as one: 'Invoice
    1042', '#1042', or a reference of numbers only, or paid through an AP payment network, whose
    references are the biller's numbers). A PO several open invoices carry counts only when
    the amount picks among them. excluded: invoices other payments quote, never used to make
    up an unquoted rest; masked: visible ends of masked numbers. unbacked: when nothing else
    explains the line, a short number quoted as it is numbered and introduced as one ('INV# 1325',
    or through a payment network), paid in full and over by less than its amount or short by a
    wire fee's size, is a suggestion even though the amount does not fit (an overpayment from a
    payer the bank's field leaves unnamed; an AP network's wire less an intermediary's charge).
    reference: the remittance text, read for the amounts it states per invoice
    (stated_amounts.py)."""
    settings = matcher.settings
    recognised = {c for c, found in customers.items() if found.score >= settings.min_name_score}
    # a payer whose name is a customer's, to the letter, backs its numbers, not another name that
    # only shares its generic words ('GARRISON DENTAL GROUP', a customer, scores 83 against
    # 'Patriot Dental Group'); a cut or mangled name's nearest customer is not always the payer
    exact = max((found.score for found in customers.values() if found.via == "name"), default=0.0) >= 100
    backed = {i: h for i, h in hits.items() if matcher.inv.customers[i] in recognised
              and (not exact or (found := customers[matcher.inv.customers[i]]).via != "name" or found.score >= 95)}
    strong = {i: h for i, h in hits.items() if not h.weak}
    used = backed or strong or hits
    named = any(customers[matcher.inv.customers[i]].via in ("name", "alias") for i in backed)
    plan = _document_plan(matcher, amount, used, rule, certain, excluded, masked, named=named, reference=reference)
    if used is backed and strong.keys() - backed.keys() and (plan is None or not plan.amount_explained
                                                             and not matcher.off_by_a_wire_fee(plan, amount)):
        # the payer's invoices do not fit (nor short or over by a wire fee's size), numbers quoted
        # exactly with another customer's do: a sister company or a customer paying for another
        # ('INV-1003', Bolt's, from ACME), for review
        other = _document_plan(matcher, amount, strong, rule, certain, excluded, masked)
        if other is None or not other.amount_explained:
            other = _as_stated(matcher, amount, strong, rule, certain, reference) or other
        # every invoice of it quoted exactly: not one the rest was made up with ('LLC INV10680' read
        # as another customer's invoice 10680, paid over, plus that customer's next invoice)
        if other is not None and other.amount_explained \
                and all(i in strong and strong[i].how == "exact" for i, _ in other.allocations):
            plan, used = other, strong
            # paid to the cent, no number read as the payer's invoice is the one quoted mistyped
            # ('INV-1003' is Bolt's, and one character off ACME's INV-1001), and no invoice of the
            # customers the payer's name reads as adds up to the amount: a parent paying for a
            # subsidiary of another name ('STERLING HOLDINGS' for Everest Solutions, read as the
            # Sterling group), as in the parent's branch below
            quoted = {strong[i].read for i, _ in plan.allocations}
            # a payer named only as a group is a guess at whose it is (a holding pays for companies of
            # other names): a number read as its members' too is the one quoted exactly
            by_group_only = all(customers[c].via == "group" for c in recognised)
            if (by_group_only or not any(h.read in quoted for h in backed.values())) \
                    and _for_another(matcher, plan, amount, recognised):
                plan.confidence = min(plan.confidence, 0.93)
                plan.notes.append("quoted exactly for the amount, invoices of another customer than the payer's, "
                                  "and none of the payer's name's adds up to it: a parent or sister company paying")
            else:
                plan.confidence = min(plan.confidence, 0.7)
                plan.notes.append("quoted exactly, invoices of another customer than the payer's fit the amount: "
                                  "review")
    if used is strong and len(strong) < len(hits) and (plan is None or not plan.amount_explained):
        # the long number read does not fit the amount and a short one does: 'inv# 2581' reads as
        # INV-2581 and as invoice 2581, and the amount says which; a suggestion, as both reads stand
        short = _document_plan(matcher, amount, hits, rule, certain, excluded, masked)
        if short is not None and short.amount_explained and any(hits[i].weak for i, _ in short.allocations):
            if {i for i, h in strong.items() if h.how == "exact"} <= {i for i, _ in short.allocations} \
                    and all(hits[i].how == "exact" for i, _ in short.allocations):
                # the longer numbers read as typed are paid too, with short numbers read as typed: a
                # list ('Inv 16200, 1691, 4066'), not two readings of one number; its short numbers
                # count as any the amount backs
                plan, used = short, hits
            else:
                short.quoted, short.confidence = True, min(short.confidence, 0.7)
                short.hits = {i: hits[i] for i, _ in short.allocations if i in hits}
                short.notes.append("a short number, counted because the amount backs it; the longer number "
                                   "read does not fit the amount")
                return short
    if plan is None or not plan.amount_explained:  # no reading fits: the amounts the remittance states may
        plan = _as_stated(matcher, amount, used, rule, certain, reference) or plan
    if plan is None or rule == "po_number" and len(used) > 1 and not plan.amount_explained:
        return None
    plan.quoted = True
    plan.hits = {i: used[i] for i, _ in plan.allocations if i in used}
    if backed:
        if any(h.weak for h in plan.hits.values()):
            plan.notes.append("a short number, counted because the payer name backs it")
        return plan
    if used is strong:
        # numbers quoted exactly for the amount, while the customer the payer's name is owes no
        # invoice or invoices of it: a parent or a sister company paying. When it does, the name
        # and the amount say otherwise (its payment id read as another customer's number): review
        for_another = recognised and all(h.how == "exact" for h in plan.hits.values()) \
            and _for_another(matcher, plan, amount, recognised)
        plan.confidence = min(plan.confidence, 0.93 if for_another or not recognised and plan.amount_explained
                              else 0.7)
        if for_another:
            plan.notes.append("quoted exactly for the amount, which no invoice of the payer's name adds up to: "
                              "a parent or sister company paying")
        return plan
    quoted_as_number = network or all(h.marked for h in plan.hits.values())
    if not plan.amount_explained:  # a short number that neither the payer nor the amount backs
        paid_over_by_less_than_it = plan.rule == "overpayment" and amount < 2 * sum(m for _, m in plan.allocations)
        one = plan.allocations[0][0] if len(plan.allocations) == 1 else None
        short_by_a_wire_fee = one is not None and matcher.short_by_a_wire_fee(matcher.inv.open_milli[one], amount,
                                                                               matcher.inv.currencies[one])
        if not (unbacked and (paid_over_by_less_than_it or short_by_a_wire_fee)
                and quoted_as_number and not recognised and all(h.how == "exact" for h in plan.hits.values())):
            return None
        plan.confidence = min(plan.confidence, REVIEW_ONLY)
        plan.notes.append("a short number introduced as an invoice number; neither the payer nor the amount "
                          "backs it: review")
        return plan
    partly_named = any(customers.get(matcher.inv.customers[i], NOBODY).score >= settings.min_review_name_score
                       for i in plan.hits)
    # a payer named only as a group ('GRUPO EDUCACAO' for the Educação companies) may be a holding
    # paying for a company of another name: it does not say the number is another customer's
    other = {c for c in recognised if customers[c].via != "group"}
    sure = not other and (partly_named or quoted_as_number)
    plan.confidence = min(plan.confidence, 0.93 if sure else 0.7 if other else REVIEW_ONLY)
    plan.notes.append("a short number, counted because the amount backs it" + (
        "; the payer is another customer" if other else "" if sure
        else "; review: not introduced as an invoice number"))
    return plan


def _for_another(matcher: Matcher, plan: Plan, amount: int, recognised: set[str]) -> bool:
    """The plan pays its invoices to the cent and no invoice of the customers the payer's name reads
    as adds up to the amount: a parent or a sister company paying them."""
    currency = matcher.inv.currencies[plan.allocations[0][0]]
    return matcher.pays_exactly(plan, amount) and not _owes_the_amount(matcher, amount, recognised, currency)


def _owes_the_amount(matcher: Matcher, amount: int, customers: set[str], currency: str) -> bool:
    """Whether one of these customers has an open invoice, or a few, adding up to the amount."""
    settings = matcher.settings
    return any(matcher.explain_amount(amount, matcher.inv.by_customer.get((customer, currency), [])
                                      [:settings.max_subset_candidates], settings.max_subset_invoices)
               for customer in customers)


def shadowed(matcher: Matcher, hits: dict[int, Hit]) -> frozenset[int]:
    """Invoices found only by a lesser reading of a number another invoice is found by: the
    number as typed before the number without its prefix, and that before a prefix left out
    ('INV00021921' is INV00021921, not invoice 21921, nor INV21921 written INV000...); and a
    part of a number read whole ('11119' of 'ACME 26 11119'). Used when the amount does not say
    which: a billing system whose numbering changed has numbers that read as each other."""
    def rank(i: int, hit: Hit) -> int:  # 0: the number as typed; 1: read without its prefix, it is a
        # whole number ('4290' of 'INV4290' for invoice 4290); 2: a prefix left out ('INV00004290')
        return 0 if matcher.keys[i] in typed_keys(hit.read) else 1 if hit.how == "exact" else 2
    best: dict[str, int] = {}
    for i, hit in hits.items():
        if hit.kind == 2:
            best[hit.read] = min(best.get(hit.read, 2), rank(i, hit))
    whole = {read for read, r in best.items() if r < 2}
    return frozenset(i for i, hit in hits.items() if hit.read in best and rank(i, hit) > best[hit.read]
                     or any(hit.read != read and hit.read in read for read in whole))


def _as_stated(matcher: Matcher, amount: int, quoted: dict[int, Hit], rule: str, certain: float,
               reference: str) -> Plan | None:
    """Invoices paid in part, split as the remittance says how much it pays on each."""
    split = stated_split(matcher, amount, quoted, reference) if reference else None
    if not split:
        return None
    told = ", ".join(f"{matcher.inv.numbers[i]} {money(m)} of {money(matcher.inv.open_milli[i])} open" for i, m in split)
    return Plan(split, rule if rule != "reference" else "multi_invoice", certain - 0.04,
                f"split as the remittance states: {told}", amount_explained=True)


def _document_plan(matcher: Matcher, amount: int, quoted: dict[int, Hit], rule: str, certain: float,
                   excluded: frozenset[int], masked: list[str], named: bool = False,
                   reference: str = "") -> Plan | None:
    """named: the quoted invoices are those of the payer recognised by its name (or a confirmed
    alias), which backs a shortfall of a wire fee's or a discount's size as the reason the amount
    differs (otherwise it is a partial payment, of several invoices applied oldest first).
    reference: the remittance text, when named."""
    hits = {i: hit.kind for i, hit in quoted.items()}
    ordered = sorted(hits, key=lambda i: (-hits[i], matcher.inv.due_rank[i]))
    exact = [i for i in ordered if hits[i] == 2]
    subsets = matcher.explain_amount(amount, ordered[:matcher.settings.max_subset_candidates],
                                     matcher.settings.max_subset_invoices)
    if rule == "reference":  # a purchase order is on several invoices
        subsets = [s for s in subsets if _read_once(quoted, s)]
    if not subsets and len(exact) > 1 and _read_once(quoted, exact) \
            and sum(matcher.inv.open_milli[i] for i in exact) == amount:
        # every number quoted exactly, together open for the amount to the cent: more invoices
        # than a subset sum tries (a remittance advice of 8 or 60 invoices), the one combination
        subsets = [tuple(exact)]
    if subsets:
        best_exact = max(sum(hits[i] == 2 for i in s) for s in subsets)
        best = [s for s in subsets if sum(hits[i] == 2 for i in s) == best_exact]
        if len(best) > 1:  # suggest the combination read as typed ('INV11102' before invoice 11102)
            lesser = shadowed(matcher, quoted)
            best.sort(key=lambda s: not lesser.isdisjoint(s))
        chosen = best[0]
        confidence = certain if all(hits[i] == 2 for i in chosen) else certain - 0.04
        detail = "amount exact" if len(chosen) == 1 else f"amount is the sum of {len(chosen)} quoted invoices"
        if len(best) > 1:
            confidence, detail = 0.7, detail + "; another combination of the quoted invoices fits too"
        elif any(hits[i] == 2 for i in hits if i not in chosen) and any(hits[i] < 2 for i in chosen):
            # the amount is made up with a guessed number while a number quoted exactly is left out
            confidence, detail = min(confidence, REVIEW_ONLY), detail + "; leaves out a number quoted exactly"
        return Plan(matcher.allocate(amount, chosen), rule if len(chosen) == 1 or rule != "reference"
                    else "multi_invoice", confidence, detail, amount_explained=True)
    # a number read only with a slip, several ways: the one invoice the amount pays short by a fee
    short_by_fee = [i for i in ordered if 0 < matcher.inv.open_milli[i] - amount
                    and matcher.short_reason([i], matcher.inv.open_milli[i] - amount)] if not exact else []
    lesser = shadowed(matcher, quoted) if len(exact) > 1 else frozenset()
    basis = [i for i in exact if i not in lesser] or exact or (ordered if len(ordered) == 1 else
                                                             short_by_fee if len(short_by_fee) == 1 else [])
    if not basis:
        return None
    penalty = 0.0 if exact else 0.12  # a lone fuzzy number whose amount does not fit is a guess
    open_total = sum(matcher.inv.open_milli[i] for i in basis)
    if amount > open_total:
        # the quoted invoices are paid in full whatever the rest is for: sure for one invoice
        # paid over by less than its own amount; the rest stays unapplied, and when it could pay
        # another open invoice of the customer (a number not recognised), the detail says so
        excess = amount - open_total
        sure = len(basis) == 1 and excess < open_total
        completion = complete(matcher, excess, basis, excluded, masked, fee_over=not sure)
        if completion:
            return completion
        customer, currency = matcher.inv.customers[basis[0]], matcher.inv.currencies[basis[0]]
        others = [matcher.inv.open_milli[i] for i in matcher.inv.by_customer.get((customer, currency), ())
                  if i not in basis]
        could_pay = any(open_milli <= excess for open_milli in others)
        # paid over by half as much again or more, the rest four fifths or more of another open
        # invoice of the customer: that invoice paid less a tax withheld or fees, its number not
        # read ('INV 9000012301 12302'), for review (a small rest near a small invoice is a fee)
        nearly = 2 * excess >= open_total and any(excess < open_milli <= excess * 5 // 4 for open_milli in others)
        return Plan(matcher.allocate(amount, basis), "overpayment",
                    (certain - 0.04 if sure and not nearly else 0.8) - penalty,
                    f"paid {money(excess)} more than the open amount; remainder unapplied"
                    + ("; it could pay another open invoice of this customer" if could_pay
                       else "; it is most of another open invoice of this customer" if nearly else ""))
    # the payer's number read with a slip one way only (or masked), paid short by a fee or an
    # early-payment discount, is not a guess: the amount fits it
    fitted = 0.04 if penalty and named and len(ordered) == 1 else penalty
    reason = matcher.short_reason(basis, open_total - amount)
    if reason:
        return Plan(matcher.allocate(amount, basis), "short_pay", certain - 0.04 - fitted, reason,
                    amount_explained=True)
    reason = _short_by_a_fee_or_discount(matcher, basis, open_total - amount) \
        if named and (len(basis) > 1 or fitted < penalty) else None
    if reason:  # invoices less a tax withheld are each paid less their own share
        return Plan(matcher.allocate_withheld(amount, basis) or matcher.allocate(amount, basis), "short_pay",
                    min(0.92, certain - 0.04 - fitted), reason, amount_explained=True)
    # the payer's one invoice read with a slip one way only, short by a bank charge's size beyond
    # the tolerance's share (a flat charge does not grow with the invoice) or paid in instalments:
    # the amount backs the reading as a fee within the tolerance does
    why = _charged_or_instalment(matcher, basis[0], amount) if named and len(basis) == 1 and fitted < penalty else None
    if why:
        return Plan(matcher.allocate(amount, basis), why[0], certain - 0.04 - fitted, why[1], amount_explained=True)
    # one number quoted exactly, short by a bank charge: whoever pays, a whole number (not a short
    # one, which the payer's name must back) read as typed says which invoice the wire paid
    reason = _short_by_a_fee_or_discount(matcher, basis, open_total - amount, charge=True) \
        if (named or not quoted[basis[0]].weak) and len(basis) == 1 and exact else None
    if reason:
        return Plan(matcher.allocate(amount, basis), "short_pay", min(0.94, certain - 0.01), reason,
                    amount_explained=True)
    if named and rule == "po_number" and len(basis) > 1:  # a PO several open invoices carry: the one the amount
        # pays short by a fee or an early-payment discount
        picked = [(i, why) for i in basis if (short := matcher.inv.open_milli[i] - amount) > 0
                  and (why := matcher.short_reason([i], short) or _short_by_a_fee_or_discount(matcher, [i], short))]
        if len(picked) == 1:
            return Plan(matcher.allocate(amount, [picked[0][0]]), "short_pay", min(0.92, certain - 0.04), picked[0][1],
                        amount_explained=True)
    last = _left_open(matcher, basis, quoted, open_total - amount, reference) if len(basis) > 1 and named else None
    if last is not None:  # several invoices: read exactly, as only single ones are read with a slip here
        return Plan(matcher.allocate(amount, basis), rule, 0.92,
                    f"partial payment; {money(open_total - amount)} left open on {matcher.inv.numbers[last]}, "
                    "the quoted invoices applied oldest first")
    return Plan(matcher.allocate(amount, basis), rule, (0.92 if len(basis) == 1 else 0.8) - penalty,
                f"partial payment; {money(open_total - amount)} left open")


def _left_open(matcher: Matcher, basis: list[int], quoted: dict[int, Hit], short: int, reference: str) -> int | None:
    """Several invoices the payer quotes exactly, paid short by less than the one due last is open
    for (a credit note or a deduction the remittance does not explain), are applied oldest first,
    as a ledger applies a payment (QuickBooks' Receive Payments): that last invoice, where the rest
    stays open. None when the remittance states amounts per invoice that do not add up to the
    payment (which invoice is short is then in doubt), when the last quoted invoice would get
    nothing, or when two invoices are readings of one number ('#001' is INV/2025/00001 or
    INV/2026/00001, not both)."""
    last = max(basis, key=lambda i: matcher.inv.due_rank[i])
    if short >= matcher.inv.open_milli[last] or not _read_once(quoted, basis) \
            or reference and stated_amounts(reference):
        return None
    return last


def _read_once(quoted: dict[int, Hit], idxs: list[int] | tuple[int, ...]) -> bool:
    """Each invoice read from a number of its own: an invoice number written once pays one invoice
    ('INV24781' read as INV24781 and as another customer's 24781 is not both of them)."""
    return len({quoted[i].read for i in idxs}) == len(idxs)


def _short_by_a_fee_or_discount(matcher: Matcher, idxs: list[int], short: int, charge: bool = False) -> str | None:
    """Invoices paid in one wire short by what a wire takes on the way, by a tax the customer
    withheld (withholding.py) or by an early-payment discount on their total: several quoted
    exactly are all paid, as one quoted invoice paid short is (0.92), the shortfall left open on
    the invoice due last; one read with a slip is the one paid.
    charge: the wire's shortfall must be a bank charge's size too (a whole number of tenths of the
    fee tolerance), as for one invoice quoted exactly, which is otherwise a part payment."""
    open_total, currency = sum(matcher.inv.open_milli[i] for i in idxs), matcher.inv.currencies[idxs[0]]
    by_a_fee = matcher.short_by_a_wire_fee(open_total, open_total - short, currency)
    if charge and by_a_fee and matcher.tariff_sized(short, currency):  # 30.00 of 1,200.00 is a charge before 2.5%
        return f"short by {money(short)}, a bank charge's size; residual left open"
    withheld = matcher.withheld(idxs, short, charged=True)
    if withheld:
        return withheld + "; residual left open"
    rate = matcher.discount_rate(short, open_total, currency)
    if rate:
        return f"short by {money(short)}, {rate / 10:g}%: an early-payment discount; residual left open"
    if by_a_fee and not charge:
        return f"short by {money(short)}, a wire fee's size; residual left open"
    return None


def _charged_or_instalment(matcher: Matcher, idx: int, amount: int) -> tuple[str, str] | None:
    """(rule, why) when one invoice is paid short by a bank charge's size (a whole number of tenths
    of the fee tolerance, up to a wire fee's size, whatever its share of the invoice) or paid a
    half, third or quarter of it to the minor unit (an instalment)."""
    short, currency = matcher.inv.open_milli[idx] - amount, matcher.inv.currencies[idx]
    if matcher.charge_sized(short, currency):
        return "short_pay", f"short by {money(short)}, a bank charge's size; residual left open"
    share = matcher.instalment_share(amount, idx)
    return ("partial", f"paid {money(amount)}, 1/{share} of it: an instalment; residual left open") if share else None


def complete(matcher: Matcher, remainder: int, basis: list[int], excluded: frozenset[int], masked: list[str],
             fee_over: bool) -> Plan | None:
    """The referenced invoices of one customer explain part of the payment: other open invoices
    of that customer that add up to exactly the rest (a number left out, masked or mistyped
    beyond recognition); those whose numbers end with the visible end of a masked number first.
    fee_over: or to the rest less a wire fee's size, paid on top; not when one invoice is
    quoted and paid over by less than its amount (sure on its own: a small invoice of the
    customer that makes the excess look like a fee is as likely a coincidence)."""
    customer, currency = matcher.inv.customers[basis[0]], matcher.inv.currencies[basis[0]]
    if any(matcher.inv.customers[i] != customer for i in basis):
        return None
    others = [i for i in matcher.inv.by_customer.get((customer, currency), []) if i not in basis and i not in excluded]
    room = matcher.settings.max_subset_invoices - len(basis)
    if room <= 0:
        return None
    partly_quoted = [i for i in others if matcher.ends_as_masked(i, masked)]

    def rest_of(target: int, slack: int = 0) -> list[tuple[int, ...]]:
        return (partly_quoted and matcher.explain_amount(target, partly_quoted, room, slack)) \
            or matcher.explain_amount(target, others, room, slack)
    subsets, fee_size = rest_of(remainder), matcher.wire_fee_size(currency)
    if not subsets and fee_over and remainder > fee_size:  # and a wire fee's size paid on top, as plans.py reads it
        subsets = rest_of(remainder - fee_size, fee_size)
    kind, quoted_total = "", sum(matcher.inv.open_milli[i] for i in basis)
    # or the rest short by a fee or an early-payment discount on the whole; not a rest of a wire
    # fee's size (a fee added: a small invoice less another fee making it up is a coincidence)
    if not subsets and others and remainder > fee_size:
        kind, subsets = matcher.fee_short_subsets(remainder, others, room, quoted_total)
    if not subsets:
        return None
    subsets = matcher.following_first(subsets, basis, others, remainder)
    chosen = list(basis) + list(subsets[0])
    rest = "the masked number's visible end" if partly_quoted and set(subsets[0]) <= set(partly_quoted) \
        else "other open invoices of this customer"
    excess = remainder - sum(matcher.inv.open_milli[i] for i in subsets[0])
    allocations = matcher.allocate(remainder + quoted_total, chosen)
    if kind:  # one more invoice short by what a bank or a discount takes is as sure as a quoted one short so
        telling = kind != "within" and len(subsets) == 1 and len(subsets[0]) == 1
        return Plan(allocations, "short_pay", 0.91 if telling else 0.8 if len(subsets) == 1 else 0.6,
                    f"quoted invoices plus {len(subsets[0])} found by {rest} make up the amount but "
                    f"{money(-excess)}, {SHORTFALL_KINDS[kind]}; residual left open")
    if excess:
        return Plan(allocations, "overpayment", 0.7 if len(subsets) == 1 else 0.6,
                    f"quoted invoices plus {len(subsets[0])} found by {rest} make up the amount but {money(excess)}, "
                    "a wire fee's size, paid over; remainder unapplied")
    return Plan(allocations, "multi_invoice",
                0.92 if len(subsets) == 1 else 0.7,
                f"quoted invoices plus {len(subsets[0])} found by {rest} make up the amount"
                + ("" if len(subsets) == 1 else "; other invoices of this customer could make up the rest"),
                amount_explained=True)
