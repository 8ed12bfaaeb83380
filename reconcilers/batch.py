"""What one run's payments teach each other: the lags and short pays of the sure payments
(habits of their payers for the others), and which of a payer's same-amount invoices each of
several payments of that amount pays (reconcilers/pairing.py). Both matter most on a first
load of a year of statements, when there is no history yet."""

from __future__ import annotations

from collections import defaultdict

from reconcilers.habits import add_run_evidence
from reconcilers.pairing import NEAREST_BY_DATE, by_date, group_by_key, pair_by_date, pair_in_order, steady_lag
from reconcilers.plan_types import Hit, Invoices, Plan
from reconcilers.plans import REVIEW_ONLY, Matcher
from reconcilers.settle import quoted_and_sure, settle_order


def learn_from_sure_payments(plans: dict[int, Plan], lines: list[tuple], matcher: Matcher, threshold: float
                             ) -> set[str]:
    """Lags and short pays of this run's sure payments, as habits of their customers
    (reconcilers/habits.add_run_evidence): those that quote their invoices, and, for the lag,
    those of a recognised payer paying the only open invoice of its amount (a payer that never
    quotes a number still shows when it pays; one of several invoices of an amount chosen by
    date would only echo the lag it was chosen with)."""
    lags: dict[str, list[int]] = defaultdict(list)
    shorts: dict[tuple[str, str], list[int]] = defaultdict(list)
    inv = matcher.inv
    for i, plan in sorted(plans.items()):
        quoted = quoted_and_sure(plan, threshold) and (plan.amount_explained or len(plan.allocations) == 1)
        if not quoted and not _sure_by_amount(plan, threshold):
            continue
        customer = inv.customers[plan.allocations[0][0]]
        value_day = lines[i][5]
        lags[customer] += [value_day - inv.due_days[k] for k, _ in plan.allocations
                           if inv.due_days[k] is not None and value_day is not None]
        open_total = sum(inv.open_milli[k] for k, _ in plan.allocations)
        short = open_total - lines[i][2]
        if 0 < 2 * short < open_total:  # as int_payer_habits_observed: half an invoice or more is a part paid
            shorts[(customer, lines[i][1])].append(short)
    return add_run_evidence(matcher.habits, lags, shorts)


def _sure_by_amount(plan: Plan, threshold: float) -> bool:
    """A recognised payer's payment of exactly one open invoice, the only one of its amount."""
    return plan.rule == "amount_name" and plan.confidence >= threshold and plan.amount_explained \
        and not plan.same_amount and len(plan.allocations) == 1


def infer_lags(plans: dict[int, Plan], lines: list[tuple], matcher: Matcher) -> set[str]:
    """For payers whose lag is neither learned nor seen on quoted payments: the lag their
    payments matching several open invoices of one amount fit (pairing.steady_lag), to order
    those invoices; suggestions only. Returns the customers given one."""
    inv, habits = matcher.inv, matcher.habits
    gap_sets: dict[str, list[list[int]]] = defaultdict(list)
    for i, plan in sorted(plans.items()):
        if not plan.same_amount or lines[i][5] is None or habits.knows_lag(customer := inv.customers[plan.same_amount[0]]):
            continue
        gap_sets[customer].append([lines[i][5] - inv.due_days[k] for k in plan.same_amount if inv.due_days[k] is not None])
    for customer, gaps in sorted(gap_sets.items()):
        if (lag := steady_lag(gaps)) is not None:
            habits.inferred_lags[customer] = lag
    return set(habits.inferred_lags)


def pair_same_amounts(plans: dict[int, Plan], plan_line, claimed: frozenset[int], lines: list[tuple],
                       matcher: Matcher) -> None:
    """Several payments of one payer and amount, each choosing among the same open invoices of
    that amount by date (reconcilers/pairing.py): each is planned again without the invoices
    paired with the others, and is sure only if its own pairing is clear by date."""
    keys = {i: (matcher.inv.customers[plan.same_amount[0]], lines[i][1], lines[i][2])
            for i, plan in plans.items() if plan.same_amount}
    value_days = [line[5] for line in lines]
    paying = _lines_paying(plans)
    for (customer, _, _), group in group_by_key(keys).items():
        if len(group) < 2:
            continue
        invoices = sorted({k for i in group for k in plans[i].same_amount})
        taken = frozenset(k for k in invoices if paying[k].difference(group))
        before = {i: plans[i] for i in group}
        in_order = None if matcher.habits.knows_lag(customer) else \
            pair_in_order(group, value_days, invoices, matcher.inv.due_days, matcher.inv.issued_days, taken)
        if in_order is not None:
            _plan_in_order(plans, plan_line, claimed, group, invoices, *in_order)
        else:
            paired = pair_by_date(group, value_days, {i: plans[i].same_amount for i in group},
                                  lambda inv, line: matcher.closeness(inv, value_days[line])[0])
            for line, (invoice, free) in paired.items():
                others = frozenset(inv for other, (inv, _) in paired.items() if other != line)
                confidence, reason = by_date(free, matcher.habits.knows_lag(customer), paired=True)
                _replan_paired(plans, plan_line, line, invoice, claimed | others, confidence,
                               f"{len(plans[line].same_amount)} open invoices of this amount; {reason}")
        for i, plan in before.items():
            for inv, _ in plan.allocations:
                paying[inv].discard(i)
            for inv, _ in plans[i].allocations:
                paying[inv].add(i)


def _lines_paying(plans: dict[int, Plan]) -> defaultdict[int, set[int]]:
    """Invoice -> the lines whose plans pay (part of) it."""
    paying: defaultdict[int, set[int]] = defaultdict(set)
    for i, plan in plans.items():
        for inv, _ in plan.allocations:
            paying[inv].add(i)
    return paying


def _plan_in_order(plans: dict[int, Plan], plan_line, claimed: frozenset[int], group: list[int], invoices: list[int],
                   pairs: dict[int, int], lag: int) -> None:
    """Payments paired with their invoices in order at a steady lag, suggested for review: with
    the payer's lag unknown, paying on time cannot be told from paying one invoice late."""
    for line, invoice in pairs.items():
        _replan_paired(plans, plan_line, line, invoice, claimed | (frozenset(invoices) - {invoice}), NEAREST_BY_DATE,
                       f"{len(invoices)} open invoices of this amount, paired in order of date with this payer's "
                       f"{len(group)} payments of it at a steady {lag}-day lag")


def _replan_paired(plans: dict[int, Plan], plan_line, line: int, invoice: int, excluded: frozenset[int],
                   confidence: float, detail: str) -> None:
    """Plan a paired payment again without the invoices paired with the others; kept when it then
    pays its own invoice by amount and name, at most as confident as the pairing."""
    plan = plan_line(line, excluded)
    if plan is None or plan.rule != "amount_name" or [k for k, _ in plan.allocations] != [invoice]:
        return
    plan.confidence = min(plan.confidence, confidence)
    plan.detail = detail
    plans[line] = plan


def settle_in_instalments(plans: dict[int, Plan], lines: list[tuple], open_milli: list[int], numbers: list[str],
                          threshold: float) -> None:
    """Payments that each quote one invoice by its number and pay part of it, and together pay
    exactly what is open on it: instalments (or a payment and the rest after it), each sure. On
    its own a part payment is a suggestion whenever the amount fits other invoices of the payer
    (a mistyped number), and that reading may be the line's suggestion; several quoting the same
    number and adding up to it to the cent are not a slip."""
    parts: dict[int, list[tuple[int, Plan]]] = defaultdict(list)
    for i, plan in plans.items():
        options = [plan] + (plan.alternatives if plan.confidence < threshold else [])
        part = next((option for option in options if _pays_part_of_one_quoted(option, lines[i][2], open_milli)), None)
        if part is not None:
            parts[part.allocations[0][0]].append((i, part))
    for invoice, group in parts.items():
        if len(group) < 2 or sum(lines[i][2] for i, _ in group) != open_milli[invoice]:
            continue
        for i, part in group:
            others = ", ".join(lines[k][0] for k, _ in group if k != i)
            if part is not plans[i]:
                part.alternatives = [plans[i]] + [option for option in plans[i].alternatives if option is not part]
                plans[i] = part
            part.confidence = max(part.confidence, threshold + 0.03)
            part.notes.append(f"with {others}, which quote{'s' if len(group) == 2 else ''} "
                              f"{numbers[invoice]} too, pays it to the cent: instalments")


def settle_split_payments(plans: dict[int, Plan], lines: list[tuple], customer_lines: list[int],
                          invoice_hits: dict[int, dict[int, Hit]], invoices: Invoices, threshold: float) -> None:
    """Payments that each quote one invoice exactly by a short number that nothing backs (a payer
    not recognised, a part of the amount), within a week, that together pay exactly what is open on
    it in its currency: one payment split at a limit (M-Pesa's KES 250,000 per transaction), each sure."""
    parts: dict[int, list[int]] = defaultdict(list)
    for i in customer_lines:
        plan = plans.get(i)
        quoted = [k for k, hit in invoice_hits.get(i, {}).items() if hit.kind == 2 and hit.how != "range"]
        if (plan is None or not plan.quoted and plan.confidence < threshold) and len(quoted) == 1 \
                and lines[i][1] == invoices.currencies[quoted[0]] and 0 < lines[i][2] < invoices.open_milli[quoted[0]]:
            parts[quoted[0]].append(i)
    for invoice, group in parts.items():
        days = [lines[i][5] for i in group]
        if len(group) < 2 or sum(lines[i][2] for i in group) != invoices.open_milli[invoice] \
                or None in days or max(days) - min(days) > 7:
            continue
        for i in group:
            others = ", ".join(lines[k][0] for k in group if k != i)
            plans[i] = Plan([(invoice, lines[i][2])], "reference", threshold + 0.03, amount_explained=True,
                            quoted=True, hits={invoice: invoice_hits[i][invoice]},
                            notes=[f"with {others}, which quote{'s' if len(group) == 2 else ''} "
                                   f"{invoices.numbers[invoice]} too, pays it to the cent: one payment split"])


def _pays_part_of_one_quoted(plan: Plan, amount: int, open_milli: list[int]) -> bool:
    """The plan pays the whole amount on one invoice quoted by its number, less than is open."""
    if not plan.quoted or len(plan.allocations) != 1 or plan.amount_explained:
        return False
    invoice, paid = plan.allocations[0]
    hit = plan.hits.get(invoice)
    return hit is not None and hit.kind == 2 and paid == amount < open_milli[invoice]


def settled_by_sure_plans(plans: dict[int, Plan], open_milli: list[int], threshold: float, value_days: list[int | None]
                          ) -> tuple[frozenset[int], frozenset[int]]:
    """The sure plans applied in reconcilers/settle.py's order (quoted and sure first, then most
    confident, then earliest), as far as they fit: (the invoices they pay in full, the lines applied)."""
    left: dict[int, int] = {}
    applied = []
    sure = [i for i, plan in plans.items() if plan.confidence >= threshold]
    for i in sorted(sure, key=lambda k: settle_order(plans[k], threshold, value_days[k], k)):
        allocations = plans[i].allocations
        if all(milli <= left.get(inv, open_milli[inv]) for inv, milli in allocations):
            applied.append(i)
            for inv, milli in allocations:
                left[inv] = left.get(inv, open_milli[inv]) - milli
    return frozenset(inv for inv, milli in left.items() if milli == 0), frozenset(applied)


def replan_around_settled(plans: dict[int, Plan], plan_line, claimed: frozenset[int], open_milli: list[int],
                          threshold: float, value_days: list[int | None]) -> None:
    """A line whose plan wants an invoice that a surer payment pays in full would be shown as
    'already applied' with nothing to confirm: it is planned again without those invoices (one
    more plan per such line) and suggested for review."""
    settled, applied = settled_by_sure_plans(plans, open_milli, threshold, value_days)
    excluded = claimed | settled
    for i, plan in sorted(plans.items()):
        if i in applied or not any(inv in settled for inv, _ in plan.allocations):
            continue
        again = plan_line(i, excluded)
        if again is not None and any(inv in settled for inv, _ in again.allocations):
            # a quoted number still names a settled invoice ('INV-68' for INV-168): its runner-up
            again = next((alt for alt in again.alternatives if not any(inv in settled for inv, _ in alt.allocations)),
                         None)
        if again is None:
            continue
        again.confidence = min(again.confidence, REVIEW_ONLY)
        again.notes.append("planned without the invoices surer payments settle")
        plans[i] = again


def doubt_shared_amounts(plans: dict[int, Plan], threshold: float) -> None:
    """An invoice named by its amount alone (an AP network's payment of the only open invoice of
    the amount) that another payment's plan pays too: which of them paid it is a guess, for review."""
    paying = _lines_paying(plans)
    for plan in plans.values():
        if plan.rule == "amount_only" and plan.confidence >= threshold \
                and any(len(paying[inv]) > 1 for inv, _ in plan.allocations):
            plan.confidence = REVIEW_ONLY
            plan.notes.append("another payment's plan pays this invoice too")
