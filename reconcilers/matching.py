"""Cash application: match every bank credit line to the open invoices it pays.

Money is handled as integer thousandths of the major unit ("milli") inside this module, so sums
and comparisons are exact; it is read from DuckDB as DECIMAL and written back as DECIMAL(18,3).
Rules, most certain first, and their confidences are documented in docs/cash_application.md.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from rapidfuzz import fuzz, process

from reconcilers.candidates import name_pairs, reference_hits
from reconcilers.normalise import (MIN_REFERENCE_DIGITS, is_non_customer, name_block_keys, normalise_name,
                                   one_digit_off, partial_number_digits, reference_number_tokens)
from reconcilers.subset_sum import subsets_summing_to

MILLI = 1000
MONEY = pa.decimal128(18, 3)


@dataclass(frozen=True)
class MatchSettings:
    auto_apply_threshold: float = 0.90
    bank_fee_tolerance: Decimal = Decimal("25.00")  # absolute, in the line's currency
    bank_fee_tolerance_pct: Decimal = Decimal("5")  # and at most this share of the invoice
    max_subset_invoices: int = 6
    max_subset_candidates: int = 16  # open invoices of a customer tried in a subset sum, referenced then oldest
    min_name_score: float = 80.0  # a payer name this close recognises the customer
    min_review_name_score: float = 65.0  # this close: the customer's invoices are suggested for review only
    max_name_block: int = 60  # a name key shared by more names is too common to block on


@dataclass
class Plan:
    """What one bank line should pay: allocations in milli, the rule and its confidence."""
    allocations: list[tuple[int, int]]  # (invoice_idx, milli)
    rule: str
    confidence: float
    detail: str = ""
    amount_explained: bool = False  # the allocations add up to the payment (up to a bank fee)
    quoted: bool = False  # found through invoice or PO numbers in the remittance text


@dataclass(frozen=True)
class MatchResult:
    """matches: the contract's remittance_matches columns plus `detail`.
    bank_line_balances: per bank line amount, applied_amount (auto-applied only) and
    unapplied_amount = amount - applied_amount, with the line's overall status and rule."""
    matches: pa.Table
    bank_line_balances: pa.Table


@dataclass
class _Invoices:
    ids: list[str]
    numbers: list[str]
    customers: list[str]
    currencies: list[str]
    open_milli: list[int]
    po_numbers: list[str]
    due_rank: list[int]  # position by due date then invoice_id: every tie between invoices is broken by it
    number_keys: list[str]
    po_keys: list[str]
    due_days: list[int | None]  # due date as days since 1970-01-01
    by_customer: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # (customer, ccy) -> oldest first
    by_amount: dict[tuple[str, int], list[int]] = field(default_factory=dict)


def _milli(column: str) -> str:
    return f"cast(round(cast({column} as decimal(18, 3)) * {MILLI}) as bigint)"


def _days(column: str) -> str:
    return f"datediff('day', date '1970-01-01', cast({column} as date))"


def _load_lines(con, sql: str) -> list[tuple]:
    """(bank_txn_id, currency, amount milli, payer_name, reference, value date in days)."""
    return con.execute(f"""
        select cast(bank_txn_id as varchar), upper(coalesce(cast(currency as varchar), '')), {_milli('amount')},
               coalesce(cast(payer_name as varchar), ''), coalesce(cast(reference as varchar), ''),
               {_days('value_date')}
        from ({sql}) order by 1""").fetchall()


def _document_key(column: str) -> str:
    """The digits of an invoice or PO number ('INV-2026-000123' -> '2026000123'); a number with too
    few digits to be told apart gets no key."""
    digits = f"regexp_replace(coalesce(cast({column} as varchar), ''), '[^0-9]', '', 'g')"
    return f"case when length({digits}) >= {MIN_REFERENCE_DIGITS} then {digits} else '' end"


def _load_invoices(con, sql: str) -> tuple[_Invoices, list[tuple[str, str]]]:
    """Open invoices ordered by customer, due date, invoice_id; and the distinct (customer_id,
    billing or CRM name) pairs, sorted."""
    con.execute(f"""
        create or replace temp table _cash_open_invoices as
        select cast(invoice_id as varchar) as invoice_id, coalesce(cast(invoice_number as varchar), '') as number,
               cast(customer_id as varchar) as customer_id, upper(cast(currency as varchar)) as currency,
               {_milli('open_amount')} as open_milli, coalesce(cast(po_number as varchar), '') as po_number,
               row_number() over (order by due_date nulls last, invoice_id) as due_rank,
               {_document_key('invoice_number')} as number_key, {_document_key('po_number')} as po_key,
               {_days('due_date')} as due_day, cast(customer_name as varchar) as customer_name, cast(account_name as varchar) as account_name
        from ({sql}) where {_milli('open_amount')} > 0
        order by customer_id, due_date nulls last, issued_at, invoice_id""")
    try:
        columns = con.execute("""select invoice_id, number, customer_id, currency, open_milli, po_number, due_rank,
                                        number_key, po_key, due_day from _cash_open_invoices""").to_arrow_table()
        names = con.execute("""
            select distinct customer_id, name from _cash_open_invoices,
                   unnest([customer_name, account_name]) as t(name)
            where coalesce(name, '') <> '' order by all""").fetchall()
    finally:
        con.execute("drop table if exists _cash_open_invoices")
    invoices = _Invoices(*(columns.column(k).to_pylist() for k in range(7)), number_keys=columns.column(7).to_pylist(),
                         po_keys=columns.column(8).to_pylist(), due_days=columns.column(9).to_pylist())
    for idx, (customer, currency, open_milli) in enumerate(zip(invoices.customers, invoices.currencies,
                                                               invoices.open_milli)):
        invoices.by_customer.setdefault((customer, currency), []).append(idx)
        invoices.by_amount.setdefault((currency, open_milli), []).append(idx)
    return invoices, names


def _name_factor(score: float) -> float:
    """1.0 for a clear name match, falling 0.006 per point under 95."""
    return 1.0 if score >= 95 else max(0.0, 1.0 - (95 - score) * 0.006)


REVIEW_ONLY = 0.8  # confidence cap of a suggestion that must not be auto-applied
BILLING_MONTH_DAYS = 30  # payers pay an invoice within about a month of its due date
UNKNOWN_GAP = 10**6  # days between a due date and a value date when either is missing


class _Matcher:
    def __init__(self, invoices: _Invoices, settings: MatchSettings) -> None:
        self.inv = invoices
        self.settings = settings
        self.fee_milli = int(settings.bank_fee_tolerance * MILLI)

    def fee_tolerance(self, open_milli: int) -> int:
        return min(self.fee_milli, int(open_milli * self.settings.bank_fee_tolerance_pct / 100))

    def plan_key(self, plan: Plan) -> tuple[float, int]:
        """Most confident first; equal confidence: the plan whose first invoice is due first."""
        return -plan.confidence, min(self.inv.due_rank[i] for i, _ in plan.allocations)

    def allocate(self, amount: int, invoice_idxs: list[int] | tuple[int, ...]) -> list[tuple[int, int]]:
        allocations, left = [], amount
        for idx in sorted(invoice_idxs, key=lambda i: self.inv.due_rank[i]):
            take = min(left, self.inv.open_milli[idx])
            if take > 0:
                allocations.append((idx, take))
            left -= take
        return allocations

    def explain_amount(self, amount: int, candidates: list[int], max_items: int, slack: int = 0
                       ) -> list[tuple[int, ...]]:
        """Subsets of candidates (one invoice, or a bounded subset) whose open amounts add up to
        amount (up to amount + slack: short paid); at most two, since callers only need to know
        whether the answer is unique."""
        opens = [self.inv.open_milli[i] for i in candidates]
        singles = [(candidates[k],) for k, value in enumerate(opens) if amount <= value <= amount + slack]
        if singles or max_items < 2:
            return singles[:2]
        return [tuple(candidates[k] for k in combo)
                for combo in subsets_summing_to(opens, amount, max_items, 2, self.settings.max_subset_candidates, slack)]

    def document_plan(self, amount: int, hits: dict[int, int], rule: str, certain: float,
                      customers: dict[str, tuple[float, bool]], excluded: frozenset[int],
                      partial_digits: list[str]) -> Plan | None:
        """Reference or PO numbers found in the remittance text; hits: invoice_idx -> 2 exact / 1 fuzzy.
        A mistyped number can be another customer's real invoice: when the payer is recognised,
        hits of other customers are dropped and a number no recognised name backs is only a
        suggestion; when the payer is not recognised, only an exact amount confirms the number.
        excluded: invoices other payments quote, never used to make up an unquoted rest;
        partial_digits: the visible ends of masked numbers, which single out the rest."""
        recognised = {c for c, (score, _) in customers.items() if score >= self.settings.min_name_score}
        backed = {i: k for i, k in hits.items() if self.inv.customers[i] in recognised}
        plan = self._document_plan(amount, backed or hits, rule, certain, excluded, partial_digits)
        if plan is None:
            return None
        plan.quoted = True
        if not backed:
            plan.confidence = min(plan.confidence, 0.7 if recognised or not plan.amount_explained else 0.93)
        return plan

    def _document_plan(self, amount: int, hits: dict[int, int], rule: str, certain: float,
                       excluded: frozenset[int], partial_digits: list[str]) -> Plan | None:
        ordered = sorted(hits, key=lambda i: (-hits[i], self.inv.due_rank[i]))
        exact = [i for i in ordered if hits[i] == 2]
        subsets = self.explain_amount(amount, ordered[:self.settings.max_subset_candidates],
                                      self.settings.max_subset_invoices)
        if subsets:
            best_exact = max(sum(hits[i] == 2 for i in s) for s in subsets)
            best = [s for s in subsets if sum(hits[i] == 2 for i in s) == best_exact]
            chosen = best[0]
            confidence = certain if all(hits[i] == 2 for i in chosen) else certain - 0.04
            if len(best) > 1:
                confidence = 0.7
            return Plan(self.allocate(amount, chosen), rule if len(chosen) == 1 or rule != "reference"
                        else "multi_invoice", confidence, amount_explained=True)
        basis = exact or (ordered if len(ordered) == 1 else [])
        if not basis:
            return None
        penalty = 0.0 if exact else 0.12  # a lone fuzzy number whose amount does not fit is a guess
        open_total = sum(self.inv.open_milli[i] for i in basis)
        if amount > open_total:
            completion = self.complete(amount - open_total, basis, excluded, partial_digits)
            if completion:
                return completion
            # more numbers than were recognised may be behind the remainder: only sure for one invoice
            return Plan(self.allocate(amount, basis), "overpayment", (certain - 0.04 if len(basis) == 1 else 0.8) - penalty,
                        f"paid {_money(amount - open_total)} more than the open amount; remainder unapplied")
        short = open_total - amount
        if short <= self.fee_tolerance(open_total):
            return Plan(self.allocate(amount, basis), "short_pay", certain - 0.04 - penalty,
                        f"short by {_money(short)} (bank fee tolerance); residual left open", amount_explained=True)
        return Plan(self.allocate(amount, basis), rule, (0.92 if len(basis) == 1 else 0.8) - penalty,
                    f"partial payment; {_money(short)} left open")

    def complete(self, remainder: int, basis: list[int], excluded: frozenset[int], partial_digits: list[str]
                 ) -> Plan | None:
        """The referenced invoices of one customer explain part of the payment: other open invoices
        of that customer that add up to exactly the rest (a number left out, masked or mistyped
        beyond recognition); those whose numbers end with the visible digits of a masked number first."""
        customer, currency = self.inv.customers[basis[0]], self.inv.currencies[basis[0]]
        if any(self.inv.customers[i] != customer for i in basis):
            return None
        others = [i for i in self.inv.by_customer.get((customer, currency), []) if i not in basis and i not in excluded]
        room = self.settings.max_subset_invoices - len(basis)
        if room <= 0:
            return None
        partly_quoted = [i for i in others if any(self.inv.number_keys[i].endswith(d) for d in partial_digits)]
        subsets = (partly_quoted and self.explain_amount(remainder, partly_quoted, room)) \
            or self.explain_amount(remainder, others, room)
        if not subsets:
            return None
        chosen = list(basis) + list(subsets[0])
        return Plan(self.allocate(remainder + sum(self.inv.open_milli[i] for i in basis), chosen), "multi_invoice",
                    0.92 if len(subsets) == 1 else 0.7,
                    "" if len(subsets) == 1 else "other invoices of this customer could make up the rest",
                    amount_explained=True)

    def closeness(self, idx: int, value_day: int | None) -> tuple[int, int]:
        """Days between the invoice's due date and the payment's value date (payers pay around the
        due date), then the due order."""
        due_day = self.inv.due_days[idx]
        gap = abs(due_day - value_day) if due_day is not None and value_day is not None else UNKNOWN_GAP
        return gap, self.inv.due_rank[idx]

    def customer_plan(self, amount: int, currency: str, customers: dict[str, tuple[float, bool]],
                      value_day: int | None, excluded: frozenset[int] = frozenset()) -> Plan | None:
        """The payer was recognised as one or more customers (score, via alias): find what of theirs
        it pays. excluded: invoices that other lines quote, not open to an amount-based plan."""
        if not customers:
            return None
        best_score = max(score for score, _ in customers.values())
        options: list[tuple[Plan, float]] = []
        for customer, (score, via_alias) in sorted(customers.items()):
            if score < best_score - 5:
                continue
            open_idxs = [i for i in self.inv.by_customer.get((customer, currency), []) if i not in excluded]
            plan = self._customer_plan(amount, open_idxs, value_day) if open_idxs else None
            if plan is None:
                continue
            plan.confidence *= _name_factor(score)
            if score < self.settings.min_name_score:
                plan.confidence = min(plan.confidence, REVIEW_ONLY)
            if via_alias and plan.rule in ("amount_name", "multi_invoice"):
                plan.rule = "alias"
            options.append((plan, score))
        if not options:
            return None
        options.sort(key=lambda option: self.plan_key(option[0]))
        best, best_plan_score = options[0]
        if any(p.confidence > best.confidence - 0.05 or score >= best_plan_score - 3 for p, score in options[1:]):
            best.confidence = min(best.confidence, 0.7)  # another customer, as well named, explains it too
        return best

    def _customer_plan(self, amount: int, open_idxs: list[int], value_day: int | None) -> Plan | None:
        """open_idxs: one customer's open invoices in the line's currency, due first."""
        opens = self.inv.open_milli
        subsets = self.explain_amount(amount, open_idxs, self.settings.max_subset_invoices)
        if subsets and len(subsets[0]) == 1:
            same = sorted((i for i in open_idxs if opens[i] == amount), key=lambda i: self.closeness(i, value_day))
            if len(same) == 1:
                return Plan(self.allocate(amount, same), "amount_name", 0.97)
            nearest, runner_up = (self.closeness(i, value_day)[0] for i in same[:2])
            # only one of them due within a month of the payment and no other within two: that one
            by_date = nearest <= BILLING_MONTH_DAYS and runner_up > 2 * BILLING_MONTH_DAYS
            return Plan(self.allocate(amount, same[:1]), "amount_name", 0.92 if by_date else 0.85,
                        f"{len(same)} open invoices of this amount; the one due closest to the value date "
                        f"({nearest} days; next {runner_up} days)")
        if subsets:
            return Plan(self.allocate(amount, subsets[0]), "multi_invoice", 0.95 if len(subsets) == 1 else 0.7)
        shorts = [i for i in open_idxs if 0 < opens[i] - amount <= self.fee_tolerance(opens[i])]
        if shorts:
            idx = min(shorts, key=lambda i: (opens[i], self.inv.due_rank[i]))
            return Plan(self.allocate(amount, [idx]), "short_pay", 0.93 if len(shorts) == 1 else 0.7,
                        f"short by {_money(opens[idx] - amount)} (bank fee tolerance); residual left open")
        if len(open_idxs) == 1 and amount > opens[open_idxs[0]]:
            return Plan(self.allocate(amount, open_idxs), "overpayment", 0.85,
                        "paid more than the customer's only open invoice; remainder unapplied")
        return self._near_plan(amount, open_idxs)

    def _near_plan(self, amount: int, open_idxs: list[int]) -> Plan | None:
        """Nothing adds up exactly: the invoice or invoices closest to the amount, for review.
        A short pay beyond the share tolerance or over several invoices, or an overpayment."""
        opens = self.inv.open_milli
        wide = self.fee_milli
        found = self.explain_amount(amount, open_idxs, self.settings.max_subset_invoices, slack=wide)
        if found:
            short = sum(opens[i] for i in found[0]) - amount
            return Plan(self.allocate(amount, found[0]), "short_pay", 0.75 if len(found) == 1 else 0.6,
                        f"short by {_money(short)} over these invoices (beyond the share tolerance); residual left open")
        below = [i for i in open_idxs if opens[i] < amount]
        if below:
            idx = max(below, key=lambda i: (opens[i], -self.inv.due_rank[i]))
            return Plan(self.allocate(amount, [idx]), "overpayment", 0.65,
                        f"paid {_money(amount - opens[idx])} more than the closest open invoice; remainder unapplied")
        return None

    def amount_only_plan(self, amount: int, currency: str) -> Plan | None:
        same_amount = self.inv.by_amount.get((currency, amount), [])
        if len(same_amount) == 1:
            return Plan(self.allocate(amount, same_amount), "amount_only", 0.6,
                        "only open invoice of this exact amount; payer not recognised")
        return None


def _money(milli: int) -> str:
    return str(Decimal(milli).scaleb(-3).normalize().quantize(Decimal("0.01")))


def _score_names(payers: np.ndarray, names: np.ndarray) -> np.ndarray:
    """Best of plain ratio, word-order-free ratio and ratio against the name cut to the payer's
    length (banks truncate names), on normalised names, in bulk. The last two score a little
    lower so that 'ECHO JUNIPER' is told from 'JUNIPER ECHO' when both exist; they are only
    computed for pairs the plain ratio does not already settle."""
    scores = process.cpdist(payers, names, scorer=fuzz.ratio, workers=-1).astype(np.float64)
    unsure = np.flatnonzero(scores < 95)
    if len(unsure):
        sorted_words = process.cpdist(payers[unsure], names[unsure], scorer=fuzz.token_sort_ratio, workers=-1) * 0.97
        scores[unsure] = np.maximum(scores[unsure], sorted_words)
        unsure = unsure[scores[unsure] < 95]
    if len(unsure):  # only where cutting the name to the payer's length changes it
        payer_lengths = pc.utf8_length(pa.array(payers[unsure], pa.string())).to_numpy()
        name_lengths = pc.utf8_length(pa.array(names[unsure], pa.string())).to_numpy()
        unsure = unsure[name_lengths > np.maximum(payer_lengths, 8)]
    if len(unsure):
        truncated_names = np.array([n[:max(len(p), 8)] for p, n in zip(payers[unsure], names[unsure])], dtype=object)
        scores[unsure] = np.maximum(scores[unsure],
                                    process.cpdist(payers[unsure], truncated_names, scorer=fuzz.ratio, workers=-1) * 0.97)
    return scores


def _line_customers(pair_lines: np.ndarray, pair_customers: np.ndarray, scores: np.ndarray, customer_ids: list[str],
                    min_score: float) -> dict[int, dict[str, tuple[float, bool]]]:
    """Best score per (line, customer) over the customer's names, kept when at least min_score."""
    keep = scores >= min_score
    lines, customers, kept = pair_lines[keep], pair_customers[keep], scores[keep]
    order = np.lexsort((-kept, customers, lines))
    lines, customers, kept = lines[order], customers[order], kept[order]
    first = np.ones(len(lines), dtype=bool)
    first[1:] = (lines[1:] != lines[:-1]) | (customers[1:] != customers[:-1])
    result: dict[int, dict[str, tuple[float, bool]]] = defaultdict(dict)
    for line_idx, customer_idx, score in zip(lines[first].tolist(), customers[first].tolist(), kept[first].tolist()):
        result[line_idx][customer_ids[customer_idx]] = (score, False)
    return result


def match_remittances(con: duckdb.DuckDBPyConnection, bank_lines_sql: str, open_invoices_sql: str,
                      aliases_sql: str | None, rejected_pairs_sql: str | None,
                      settings: MatchSettings = MatchSettings()) -> MatchResult:
    """Match bank credit lines to open invoices. Each *_sql is a query (or table name wrapped in a
    select) that `con` can run; column names are those of docs/cash_application.md. The result
    depends only on the data: every choice is sorted and ties go to the invoice due first."""
    lines = _load_lines(con, bank_lines_sql)
    invoices, customer_names = _load_invoices(con, open_invoices_sql)
    aliases = sorted(con.execute(f"select cast(payer_name as varchar), cast(customer_id as varchar) from ({aliases_sql})"
                                 ).fetchall()) if aliases_sql else []
    rejected = {(str(a), str(b)) for a, b in con.execute(
        f"select bank_txn_id, invoice_id from ({rejected_pairs_sql})").fetchall()} if rejected_pairs_sql else set()
    rejected_by_line: dict[str, set[str]] = defaultdict(set)
    for txn_id, invoice_id in rejected:
        rejected_by_line[txn_id].add(invoice_id)
    matcher = _Matcher(invoices, settings)

    non_customer = [is_non_customer(payer, ref) for _, _, _, payer, ref, _ in lines]
    payer_norm = [normalise_name(payer) for _, _, _, payer, _, _ in lines]
    customer_lines = [i for i, flag in enumerate(non_customer) if not flag]

    # Reference and PO numbers: exact and one-digit-off joins in DuckDB.
    line_tokens = {i: reference_number_tokens(lines[i][4]) for i in customer_lines}
    tokens = [(i, t) for i in customer_lines for t in line_tokens[i]]
    token_table = pa.table({"line_idx": pa.array([i for i, _ in tokens], pa.int64()),
                            "token": pa.array([t for _, t in tokens], pa.string()),
                            "currency": pa.array([lines[i][1] for i, _ in tokens], pa.string())})

    def document_hits(keys_by_doc: list[str], fuzzy_allowed: bool) -> dict[int, dict[int, int]]:
        keyed = [(idx, k) for idx, k in enumerate(keys_by_doc) if k]
        keys = pa.table({"doc_idx": pa.array([i for i, _ in keyed], pa.int64()),
                         "key": pa.array([k for _, k in keyed], pa.string()),
                         "currency": pa.array([invoices.currencies[i] for i, _ in keyed], pa.string())})
        hits: dict[int, dict[int, int]] = defaultdict(dict)
        for line_idx, inv_idx, kind in sorted(reference_hits(con, token_table, keys)):
            if (kind == 2 or fuzzy_allowed) and (lines[line_idx][0], invoices.ids[inv_idx]) not in rejected:
                hits[line_idx][inv_idx] = kind
        return hits

    invoice_hits = document_hits(invoices.number_keys, fuzzy_allowed=True)
    po_hits = document_hits(invoices.po_keys, fuzzy_allowed=False)

    # Payer names: aliases exactly, customer names by blocking + bulk fuzzy scores, best per customer.
    name_norm = [normalise_name(raw) for _, raw in customer_names]
    customer_ids = sorted({c for c, _ in customer_names})
    customer_pos = {c: k for k, c in enumerate(customer_ids)}
    name_customer = np.array([customer_pos[c] for c, _ in customer_names], dtype=np.int64)
    name_keys = [(n, k) for n, name in enumerate(name_norm) for k in name_block_keys(name)]
    line_keys = [(i, k) for i in customer_lines for k in name_block_keys(payer_norm[i])]
    pair_lines, pair_names = name_pairs(
        con, pa.table({"line_idx": pa.array([i for i, _ in line_keys], pa.int64()),
                       "key": pa.array([k for _, k in line_keys], pa.string())}),
        pa.table({"name_idx": pa.array([n for n, _ in name_keys], pa.int64()),
                  "key": pa.array([k for _, k in name_keys], pa.string())}),
        settings.max_name_block)
    payer_array, name_array = np.array(payer_norm, dtype=object), np.array(name_norm, dtype=object)
    scores = _score_names(payer_array[pair_lines], name_array[pair_names]) if len(pair_lines) else np.zeros(0)
    line_customers = _line_customers(pair_lines, name_customer[pair_names] if len(pair_names) else pair_names,
                                     scores, customer_ids, settings.min_review_name_score)
    alias_customers: dict[str, list[str]] = defaultdict(list)
    for payer, customer in aliases:
        alias_customers[normalise_name(payer)].append(customer)
    for i in customer_lines:
        for customer in alias_customers.get(payer_norm[i], ()):
            line_customers[i][customer] = (100.0, True)

    def plan_line(i: int, excluded: frozenset[int]) -> Plan | None:
        txn_id, currency, amount, _, reference, value_day = lines[i]
        customers = line_customers.get(i, {})
        partial = partial_number_digits(reference)
        hits = dict(invoice_hits.get(i, {}))
        _add_customer_fuzzy_hits(hits, line_tokens[i], customers, currency, invoices, settings.min_name_score,
                                 rejected_by_line.get(txn_id, set()))
        candidates = [
            matcher.document_plan(amount, hits, "reference", 0.99, customers, excluded, partial) if hits else None,
            matcher.document_plan(amount, po_hits[i], "po_number", 0.95, customers, excluded, partial)
            if i in po_hits else None,
            matcher.customer_plan(amount, currency, customers, value_day, excluded),
        ]
        options = sorted((p for p in candidates if p), key=matcher.plan_key)
        plan = options[0] if options else matcher.amount_only_plan(amount, currency)
        if plan is not None and plan is candidates[2] and _quotes_other_invoices(plan, hits, customers, invoices, settings.min_name_score):
            plan.confidence = min(plan.confidence, REVIEW_ONLY)
        if plan:
            plan.allocations = [(inv, m) for inv, m in plan.allocations if (txn_id, invoices.ids[inv]) not in rejected]
        return plan if plan and plan.allocations else None

    plans = {i: plan for i in customer_lines if lines[i][2] > 0 and (plan := plan_line(i, frozenset()))}
    # Invoices that a sure payment quotes are not open to another payment that only matches them by
    # amount and name (or uses them to make up an unquoted rest): those are planned again without them.
    claimed = frozenset(inv for plan in plans.values() if _quoted_and_sure(plan, settings) for inv, _ in plan.allocations)
    claimed_customers = {(invoices.customers[inv], invoices.currencies[inv]) for inv in claimed}
    for i, plan in sorted(plans.items()):
        if not _quoted_and_sure(plan, settings) and any((c, lines[i][1]) in claimed_customers for c in line_customers.get(i, {})):
            plans[i] = plan_line(i, claimed) or plan
    return _settle(lines, non_customer, plans, invoices, settings)


def _quoted_and_sure(plan: Plan, settings: MatchSettings) -> bool:
    return plan.quoted and plan.confidence >= settings.auto_apply_threshold


def _quotes_other_invoices(plan: Plan, hits: dict[int, int], customers: dict[str, tuple[float, bool]],
                           invoices: _Invoices, min_score: float) -> bool:
    """The remittance quotes invoices of the recognised payer that an amount-based plan leaves out:
    the reference and the amount disagree, so an analyst decides."""
    allocated = {inv for inv, _ in plan.allocations}
    return any(inv not in allocated and customers.get(invoices.customers[inv], (0.0,))[0] >= min_score for inv in hits)


def _add_customer_fuzzy_hits(hits: dict[int, int], tokens: list[str], customers: dict[str, tuple[float, bool]],
                             currency: str, invoices: _Invoices, min_score: float, rejected: set[str]) -> None:
    """A number one digit off an open invoice of the recognised payer is that invoice (fuzzy hit),
    even when the mistyped number is another invoice's real number: the name backs it."""
    recognised = [c for c, (score, _) in customers.items() if score >= min_score]
    quoted = {invoices.number_keys[idx] for idx, kind in hits.items() if kind == 2 and invoices.customers[idx] in recognised}
    tokens = [t for t in tokens if t not in quoted]
    if not tokens:
        return
    for customer in recognised:
        for idx in invoices.by_customer.get((customer, currency), ()):
            key = invoices.number_keys[idx]
            if idx not in hits and key and invoices.ids[idx] not in rejected \
                    and any(one_digit_off(token, key) for token in tokens):
                hits[idx] = 1


def _settle(lines: list[tuple], non_customer: list[bool], plans: dict[int, Plan], invoices: _Invoices,
            settings: MatchSettings) -> MatchResult:
    """Apply plans most confident first, so two lines never apply more than an invoice's open
    amount; a plan that no longer fits goes to review. Then build the output tables."""
    remaining = list(invoices.open_milli)
    rows: list[tuple] = []
    balances: list[tuple] = []
    def settle_order(k: int) -> tuple[bool, float, int]:
        """Auto-applicable quoted references first: a payment that names its invoice wins over
        one that matches it by amount and name; then most confident first."""
        plan = plans.get(k)
        if plan is None:
            return True, 0.0, k
        return not _quoted_and_sure(plan, settings), -plan.confidence, k

    for i in sorted(range(len(lines)), key=settle_order):
        txn_id, currency, amount, _, _, _ = lines[i]
        plan = plans.get(i)
        applied = 0
        if plan is None:
            rule = "non_customer" if non_customer[i] else "none"
            rows.append((txn_id, None, 0, currency, rule, 0.0, "unmatched",
                         "not a customer payment (processor payout, interest, tax or vendor refund)" if non_customer[i] else ""))
            balances.append((txn_id, currency, amount, 0, amount, "unmatched", rule))
            continue
        fits = all(milli <= remaining[inv] for inv, milli in plan.allocations)
        auto = fits and plan.confidence >= settings.auto_apply_threshold
        status = "auto_applied" if auto else "needs_review"
        detail = plan.detail if fits else "another payment was already applied to this invoice"
        for inv, milli in plan.allocations:
            suggested = milli if auto else min(milli, remaining[inv])
            if auto:
                remaining[inv] -= milli
                applied += milli
            rows.append((txn_id, invoices.ids[inv], suggested, currency, plan.rule,
                         round(plan.confidence if fits else min(plan.confidence, 0.5), 4), status, detail))
        balances.append((txn_id, currency, amount, applied, amount - applied, status, plan.rule))
    rows.sort(key=lambda r: (r[0], r[1] or ""))
    balances.sort(key=lambda r: r[0])
    return MatchResult(_table(rows, ["bank_txn_id", "invoice_id", "allocated_amount", "currency", "match_rule",
                                     "confidence", "status", "detail"], money={2}),
                       _table(balances, ["bank_txn_id", "currency", "amount", "applied_amount", "unapplied_amount",
                                         "status", "match_rule"], money={2, 3, 4}))


def _table(rows: list[tuple], names: list[str], money: set[int]) -> pa.Table:
    columns = list(zip(*rows)) if rows else [[] for _ in names]
    arrays = []
    for k, values in enumerate(columns):
        if k in money:
            arrays.append(pa.array([Decimal(v).scaleb(-3) for v in values], MONEY))
        elif names[k] == "confidence":
            arrays.append(pa.array(values, pa.float64()))
        else:
            arrays.append(pa.array(values, pa.string()))
    return pa.table(dict(zip(names, arrays)))
