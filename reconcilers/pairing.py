"""Which of a payer's open invoices of the same amount a payment pays, judged by dates.

A subscription bills the same amount every period, so a payer recognised by name with no
invoice number in the remittance often has several open invoices of exactly the payment's
amount. Two facts decide between them:
- a payment does not pay an invoice issued after its value date (ISSUE_GRACE_DAYS allow for an
  issue date stamped in another time zone or a value date back-dated by the bank);
- payers pay around the due date (plus their usual lag, when learned), so the invoice due
  closest to the value date is the one, if no other is nearly as close.
When several payments of one payer and amount come in one run (a backlog, a first load of a
year of statements), each is paired with the invoice due closest to it (plus the usual lag)
that no closer payment claims, so one payment's invoice is not another's runner-up.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

ISSUE_GRACE_DAYS = 2
BILLING_MONTH_DAYS = 30  # payers pay an invoice within about a month of its due date
LAG_MATCH_DAYS, LAG_RUNNER_UP_DAYS = 7, 21  # paid within a week of due (+ lag), the next 3 weeks further off
SURE_BY_DATE, NEAREST_BY_DATE = 0.92, 0.85
MIN_FITS = 3  # payments that must fit a lag before it orders a payer's invoices
MAX_SKIPPED = 1  # invoices an in-order pairing may pass over (one paid with another, in a combined payment)


def issued_by(candidates: list[int], issued_days: list[int | None], value_day: int | None) -> list[int]:
    """The candidates issued on or before the value date (all of them when none is, or dates are
    missing: a prepayment is still an amount match)."""
    if value_day is None:
        return candidates
    issued = [i for i in candidates if _issued_in_time(issued_days[i], value_day)]
    return issued or candidates


def by_date(gaps: list[int], lag_known: bool, paired: bool = False) -> tuple[float, str]:
    """Confidence and reason for the invoice with the smallest gap (days between due date plus
    lag and value date) among invoices of the same amount, gaps sorted ascending. A payer who
    pays a month late (net 60 on net 30 terms, common) pays last month's invoice on the day this
    month's falls due, so 'paid within a week of due' only decides with the payer's usual lag
    known (learned, or seen on its quoted payments in this run). paired: the other invoices are
    paired with the payer's other payments, so only that rule can make the pairing sure."""
    nearest = gaps[0]
    runner_up = gaps[1] if len(gaps) > 1 else None
    within_a_week = lag_known and nearest <= LAG_MATCH_DAYS
    if paired:
        sure = within_a_week and (runner_up is None or runner_up - nearest >= LAG_RUNNER_UP_DAYS)
        return (SURE_BY_DATE if sure else NEAREST_BY_DATE), \
            f"the others are paired with this payer's other payments of the amount by date ({nearest} days from due)"
    # only one of them due within a month of the payment and no other within two: that one; or,
    # with the lag known, one paid within a week of its due date plus lag and the next three weeks
    # further away (a monthly subscription's neighbours)
    sure = (nearest <= BILLING_MONTH_DAYS and runner_up > 2 * BILLING_MONTH_DAYS) \
        or (within_a_week and runner_up - nearest >= LAG_RUNNER_UP_DAYS)
    return (SURE_BY_DATE if sure else NEAREST_BY_DATE), \
        f"the one due closest to the value date ({nearest} days; next {runner_up} days)"


def steady_lag(gap_sets: list[list[int]]) -> int | None:
    """The lag of a payer whose lag is not known, from its payments that match several open
    invoices of their amount (each: value date - due date of every candidate): the lag within a
    week of which most payments have a candidate. None when fewer than MIN_FITS payments fit it,
    when it is within a week of paying on the due date, or when paying as many of them early
    fits as well as paying late (a payer paying each invoice two weeks late also pays each two
    weeks before the next one is due: the dates cannot tell which). Of two late lags fitting as
    many, the smaller (a payer on time with an old invoice left open also fits a month late)."""
    lags = range(-BILLING_MONTH_DAYS, 3 * BILLING_MONTH_DAYS + 1)
    counts = [0] * (len(lags) + 1)  # payments fitting each lag, as a difference array
    for gaps in gap_sets:
        covered = lags[0] - 1
        for g in sorted(gaps):  # each payment counts once per lag, however many candidates fit it
            start = max(g - LAG_MATCH_DAYS, lags[0], covered + 1) - lags[0]
            end = min(g + LAG_MATCH_DAYS, lags[-1]) - lags[0]
            if start <= end:
                counts[start] += 1
                counts[end + 1] -= 1
                covered = end + lags[0]
    best: dict[bool, tuple[tuple[int, int], int]] = {}  # late or early -> ((fits, -|lag|), lag) at its best lag
    running = 0
    for index, lag in enumerate(lags):
        running += counts[index]
        late, key = lag >= 0, (running, -abs(lag))
        if late not in best or key > best[late][0]:
            best[late] = (key, lag)
    (count, _), lag = best[True]
    if count < MIN_FITS or best[False][0][0] >= count:
        return None
    fits = sorted(min(gaps, key=lambda g: (abs(g - lag), g)) for gaps in gap_sets
                  if any(abs(g - lag) <= LAG_MATCH_DAYS for g in gaps))
    median = _lower_median(fits)
    return median if abs(median) > LAG_MATCH_DAYS else None


def pair_by_date(lines: list[int], value_days: list[int | None], candidates: dict[int, list[int]],
                 gap: Callable[[int, int], int]) -> dict[int, tuple[int, list[int]]]:
    """lines: payments of one payer and amount; candidates: line -> its invoices of that amount.
    Returns line -> (its invoice, the gaps of the invoices it could still pay, nearest first):
    pairs are made closest first, so an invoice goes to the payment dated nearest its due date
    (plus the usual lag), and a payment's own invoice is not another payment's runner-up. Two
    pairs that would be closer with their invoices swapped, both within a week, are swapped:
    closest first crosses them when two invoices fall due days apart (two subscriptions of one
    price), giving the earlier payment the later invoice because it is a day nearer."""
    pairs = sorted((gap(inv, line), value_days[line] or 0, line, inv) for line in lines for inv in candidates[line])
    taken_lines: dict[int, int] = {}
    taken_invoices: set[int] = set()
    for _, _, line, inv in pairs:
        if line not in taken_lines and inv not in taken_invoices:
            taken_lines[line] = inv
            taken_invoices.add(inv)
    _uncross(taken_lines, candidates, gap)
    result: dict[int, tuple[int, list[int]]] = {}
    for line, inv in taken_lines.items():
        others = taken_invoices - {inv}
        free = sorted(gap(i, line) for i in candidates[line] if i not in others)
        result[line] = inv, free
    return result


def _uncross(taken_lines: dict[int, int], candidates: dict[int, list[int]], gap: Callable[[int, int], int]) -> None:
    """Swaps the invoices of two paired lines while that lowers their total gap and leaves both
    within a week of due + lag (each swap lowers the sum over all pairs, so it ends). Not beyond
    that week: a payment far from both invoices (paying something else) would otherwise take a
    well-paired payment's invoice, the sum of the two gaps being smaller."""
    paired = sorted(taken_lines)
    swapped = True
    while swapped:
        swapped = False
        for k, a in enumerate(paired):
            for b in paired[k + 1:]:
                ia, ib = taken_lines[a], taken_lines[b]
                if ib in candidates[a] and ia in candidates[b] and max(gap(ib, a), gap(ia, b)) <= LAG_MATCH_DAYS \
                        and gap(ib, a) + gap(ia, b) < gap(ia, a) + gap(ib, b):
                    taken_lines[a], taken_lines[b] = ib, ia
                    swapped = True


def pair_in_order(lines: list[int], value_days: list[int | None], invoices: list[int], due_days: list[int | None],
                  issued_days: list[int | None], taken: frozenset[int] = frozenset()
                  ) -> tuple[dict[int, int], int] | None:
    """For a payer whose lag is not known: the k-th payment by value date pays the (k+s)-th
    invoice by due date, for the shift s that gives a steady lag (value date - due date within
    two weeks across the pairs); of two shifts as steady, the one pairing fewer invoices that the
    payer's other payments already pay (`taken`: paying early and paying a month late fit the
    dates alike, an invoice settled by another payment does not), then the lag fewer whole months
    from the due date, then the oldest invoices first (payers pay their invoices in order, the AR
    convention). Returns (line -> invoice, the lag seen), or
    None when no shift gives a steady lag (an invoice skipped or paid by another payment: then
    each payment takes the invoice closest to it) or the dates cannot say."""
    if len(invoices) < len(lines) or any(value_days[i] is None for i in lines) \
            or any(due_days[i] is None for i in invoices):
        return None
    ordered_lines = sorted(lines, key=lambda i: (value_days[i], i))
    ordered_invoices = sorted(invoices, key=lambda i: (due_days[i], i))
    best: tuple[tuple[bool, int, int, int, int], list[tuple[int, int]], list[int]] | None = None
    for shift in range(len(invoices) - len(lines) + 1):
        pairs = list(zip(ordered_lines, ordered_invoices[shift:shift + len(lines)]))
        if not all(_issued_in_time(issued_days[inv], value_days[line]) for line, inv in pairs):
            continue
        diffs = sorted(value_days[line] - due_days[inv] for line, inv in pairs)
        # steady or not, then as the docstring says: a day's more spread between two steady
        # shifts is a payment run's jitter, not evidence (paying 30 days late, 29 and 31, is no
        # less steady than 60 days early, -61 and -60); a lag fewer whole months from the due
        # date first (29 days late before 137; 3 days early and 27 late alike: the oldest)
        key = (diffs[-1] - diffs[0] > 2 * LAG_MATCH_DAYS, sum(inv in taken for _, inv in pairs),
               abs(_lower_median(diffs)) // BILLING_MONTH_DAYS, shift, diffs[-1] - diffs[0])
        if best is None or key < best[0]:
            best = (key, pairs, diffs)
    if best is None or best[0][0]:
        return _in_order_with_gaps(ordered_lines, value_days, ordered_invoices, due_days, issued_days, taken)
    return dict(best[1]), _lower_median(best[2])


def _in_order_with_gaps(lines: list[int], value_days: list, invoices: list[int], due_days: list, issued_days: list,
                        taken: frozenset[int]) -> tuple[dict[int, int], int] | None:
    """No run of consecutive invoices fits (a month's invoice paid with another, or not yet): the
    payments in order, each with the next invoice within a week of a steady lag, older ones
    skipped. Of the lags that pair every payment skipping at most MAX_SKIPPED invoices between
    the paired ones (more: a payer in arrears, whose dates say nothing), the one pairing fewest
    invoices `taken` by other payments, then leaving fewest invoices older than all the paired
    ones open with no other payment paying them (payers pay in order: under a lag a month too
    short the oldest stays open), then the steadiest."""
    best: tuple[tuple[int, int, int], dict[int, int], list[int]] | None = None
    for lag in sorted({value_days[lines[0]] - due_days[inv] for inv in invoices}):
        pairs: dict[int, int] = {}
        k = 0
        for line in lines:
            while k < len(invoices) and value_days[line] - due_days[invoices[k]] > lag + LAG_MATCH_DAYS:
                k += 1
            inv = invoices[k] if k < len(invoices) else None
            if inv is None or value_days[line] - due_days[inv] < lag - LAG_MATCH_DAYS \
                    or not _issued_in_time(issued_days[inv], value_days[line]):
                break
            pairs[line] = inv
            k += 1
        if len(pairs) < len(lines):
            continue
        first, last = min(due_days[inv] for inv in pairs.values()), max(due_days[inv] for inv in pairs.values())
        unpaid = [inv for inv in invoices if inv not in taken and inv not in pairs.values()]
        left_open = sum(1 for inv in unpaid if due_days[inv] < first)
        skipped = sum(1 for inv in unpaid if first < due_days[inv] < last)
        diffs = sorted(value_days[line] - due_days[inv] for line, inv in pairs.items())
        key = (sum(inv in taken for inv in pairs.values()), left_open, diffs[-1] - diffs[0])
        if skipped <= MAX_SKIPPED and diffs[-1] - diffs[0] <= 2 * LAG_MATCH_DAYS and (best is None or key < best[0]):
            best = (key, pairs, diffs)
    return None if best is None else (best[1], _lower_median(best[2]))


def _issued_in_time(issued_day: int | None, value_day: int) -> bool:
    return issued_day is None or issued_day <= value_day + ISSUE_GRACE_DAYS


def _lower_median(sorted_values: list[int]) -> int:
    return sorted_values[(len(sorted_values) - 1) // 2]


def group_by_key(keys: dict[int, tuple]) -> dict[tuple, list[int]]:
    groups: dict[tuple, list[int]] = defaultdict(list)
    for line, key in sorted(keys.items()):
        groups[key].append(line)
    return groups
