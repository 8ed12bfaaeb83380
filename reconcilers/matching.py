"""Cash application: match every bank credit line to the open invoices it pays.

Money is handled as integer thousandths of the major unit ("milli") inside, so sums and
comparisons are exact; it is read from DuckDB as DECIMAL and written back as DECIMAL(18,3).
Rules, most certain first, and their confidences are documented in docs/cash_application.md.
Modules: numbers (document numbers), names (payer recognition), habits (learned evidence),
plans (what a line pays), pairing and batch (dates, and what a run's payments teach each other),
settle (applying plans), loading (what is read from DuckDB), candidates (the number joins in
DuckDB), forks (work done in a forked copy of the process, so a large match uses both cores).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

import duckdb
import pyarrow as pa

from reconcilers.abbreviations import Vocabulary
from reconcilers.collector import without_cycle_collection
from reconcilers.credit_notes import net_credit_notes, without_note_numbers
from reconcilers.customer_numbers import CustomerIds
from reconcilers.document_hits import add_customer_hits, document_hits, year_sequence
from reconcilers.evidence import recognise_by_customer_id, recognise_by_evidence, recognise_by_po
from reconcilers.explain import explain, invoices_by_key, why_unmatched
from reconcilers.forks import in_fork, map_in_forks
from reconcilers.group_plans import GroupAmounts
from reconcilers.guards import (a_charge_beside_an_odd_fee, bills_another_order, fits_other_invoices, fuzzy_rival,
                               off_by_a_fee, on_other_orders, points_elsewhere, quotes_other_invoices,
                               paid_twice, slipped_for_an_exact_one, without_glued_word_slips,
                               without_parts_of_a_whole_number, quotes_a_settled_invoice,
                               slipped_beside_another_customers_exact_one)
from reconcilers.habits import load_habits
from reconcilers.kana import number_before_name
from reconcilers.loading import load_credit_notes, load_invoices, load_lines, settled_numbers
from reconcilers.batch import (doubt_shared_amounts, infer_lags, learn_from_sure_payments, pair_same_amounts,
                              replan_around_settled, settle_in_instalments, settle_split_payments)
from reconcilers.names import known_names, recognise_group_payers, recognise_payers, recognitions_by_line
from reconcilers.names_in_text import HAS_LETTER, NamesInText, leading_words, ordering_party, words_after_numbers
from reconcilers.non_customer import is_non_customer
from reconcilers.normalise import is_payment_network, names_only_a_network, other_name
from reconcilers.number_index import learn_numbers
from reconcilers.numbers import MIN_STRONG_KEY, Token, bare_key, masked_ends, number_key, reference_tokens
from reconcilers.plan_types import Plan
from reconcilers.plans import REVIEW_ONLY, Matcher
from reconcilers.quoted_plans import document_plan
from reconcilers.settle import quoted_and_sure, settle

FAILED = "not matched: the matcher failed on this line, please report it"


@dataclass(frozen=True)
class MatchSettings:
    auto_apply_threshold: float = 0.90
    bank_fee_tolerance: Decimal = Decimal("25.00")  # in a two-decimal currency; minor units elsewhere (JPY 2500)
    bank_fee_tolerance_pct: Decimal = Decimal("5")  # and at most this share of the invoice
    max_subset_invoices: int = 6
    max_subset_candidates: int = 16  # open invoices of a customer tried in a subset sum, referenced then oldest
    min_name_score: float = 80.0  # a payer name this close recognises the customer
    min_review_name_score: float = 65.0  # this close: the customer's invoices are suggested for review only
    max_name_block: int = 60  # a name key shared by more names is too common to block on


@dataclass(frozen=True)
class MatchResult:
    """matches: the contract's remittance_matches columns plus `detail` (why, in words) and, on an
    unmatched line for an invoice billed in another currency, `other_currency_invoice_id`.
    bank_line_balances: per bank line amount, applied_amount (auto-applied only) and
    unapplied_amount = amount - applied_amount, with the line's overall status and rule."""
    matches: pa.Table
    bank_line_balances: pa.Table


@without_cycle_collection
def match_remittances(con: duckdb.DuckDBPyConnection, bank_lines_sql: str, open_invoices_sql: str,
                      aliases_sql: str | None, rejected_pairs_sql: str | None,
                      settings: MatchSettings = MatchSettings(), habits_sql: str | None = None) -> MatchResult:
    """Match bank credit lines to open invoices. Each *_sql is a query (or table name wrapped in a
    select) that `con` can run; column names are those of docs/cash_application.md; habits_sql
    (optional) returns learned habits (reconcilers/habits.py). The result depends only on the
    data: every choice is sorted and ties go to the invoice due first."""
    lines = load_lines(con, bank_lines_sql)
    # every reference is read (its tokens and masked ends) in a fork from here on, while this
    # process loads the invoices, learns their numbers and starts the names' fork
    references = list(dict.fromkeys(line[4] for line in lines))
    references_read = in_fork(partial(_read_references, references), len(references))
    invoices, billed_names = load_invoices(con, open_invoices_sql)
    notes = load_credit_notes(con, open_invoices_sql, len(invoices.ids))
    customer_names, name_norm = known_names(billed_names)
    known, vocabulary = set(name_norm), Vocabulary(name_norm)
    # an AP payment network's name in the payer field says nothing of the customer
    in_network = {payer: (is_payment_network(payer), names_only_a_network(payer))
                  for payer in dict.fromkeys(line[3] for line in lines)}
    network = [in_network[line[3]][0] for line in lines]
    # a line with no payer field (a BAI2 text, an MT940 :86: line) or paid through a network and
    # naming no client there may name its payer in the text
    named_in_text = _named_in_text(lines, name_norm, [in_network[line[3]][1] for line in lines])
    lines = [(*line[:3], named_in_text[i][0], *line[4:]) if i in named_in_text else line for i, line in enumerate(lines)]
    # a payer pays many times under one name, and a reference can repeat: each is read once; its
    # words shortened by dropping letters read as the customers' words (HLTH as HEALTH); a payer
    # field that reads as a customer's name is not respelt into another's (MUELLER is not MULLER then)
    read = {payer: vocabulary.read(payer) for payer in dict.fromkeys(line[3] for line in lines)}
    payers = {payer: (norm, other_name(payer, norm not in known)) for payer, norm in read.items()}
    payer_norm = [payers[payer][0] for _, _, _, payer, _, _ in lines]
    payer_other = [payers[payer][1] for _, _, _, payer, _, _ in lines]  # X of 'X DBA Y', MUELLER of MÜLLER
    # a processor's, a bank's or a tax office's credit, unless the payer field is a customer's name
    non_customer = [is_non_customer("", ref) if i in named_in_text else
                    is_non_customer(payer, ref, payers[payer][0] if payers[payer][0] in known else "")
                    for i, (_, _, _, payer, ref, _) in enumerate(lines)]
    customer_lines = [i for i, flag in enumerate(non_customer) if not flag]
    # customer payments' payer names are recognised in a fork from here on, while this process does the rest
    distinct_payers = sorted({payer_norm[i] for i in customer_lines} | {payer_other[i] for i in customer_lines
                                                                         if payer_other[i]})
    payer_matches = in_fork(partial(recognise_payers, distinct_payers, customer_names, name_norm, settings.max_name_block,
                                    settings.min_review_name_score, settings.min_name_score), len(distinct_payers))
    habits = load_habits(con, habits_sql)
    # a confirmed payer name, read as the lines' payer names are
    aliases = sorted((vocabulary.read(payer), customer) for payer, customer in con.execute(
        f"select cast(payer_name as varchar), cast(customer_id as varchar) from ({aliases_sql})").fetchall()
                     ) if aliases_sql else []
    rejected = {(str(a), str(b)) for a, b in con.execute(
        f"select bank_txn_id, invoice_id from ({rejected_pairs_sql})").fetchall()} if rejected_pairs_sql else set()
    rejected_by_line: dict[str, set[str]] = defaultdict(set)
    for txn_id, invoice_id in rejected:
        rejected_by_line[txn_id].add(invoice_id)
    numbers = learn_numbers(invoices.numbers, invoices.customers)
    matcher = Matcher(invoices, settings, habits, numbers.keys, numbers.bare_keys)

    read = {ref: ({t[0]: Token(*t) for t in found}, masked)
            for ref, (found, masked) in zip(references, references_read())}
    # lines quoting one reference share its tokens; a credit note's number is not read as an invoice's
    invoice_keys = set(numbers.keys)
    tokens = {i: without_note_numbers(read[lines[i][4]][0], notes, invoice_keys) for i in customer_lines}
    invoice_hits = document_hits(con, lines, tokens, numbers.keys, numbers.bare_keys, invoices, rejected, True,
                                 numbers.series, [year_sequence(number) for number in invoices.numbers])
    po_keys = {po: (number_key(po), bare_key(po)) for po in set(invoices.po_numbers)}  # most invoices carry none
    po_hits = document_hits(con, lines, tokens, [po_keys[p][0] for p in invoices.po_numbers],
                            [po_keys[p][1] for p in invoices.po_numbers], invoices, rejected, False)

    recognitions = recognitions_by_line(distinct_payers, payer_matches(), customer_names, payer_norm, customer_lines,
                                        payer_other)
    common_stems, common_members = recognise_group_payers(recognitions, payer_norm, customer_lines, customer_names)
    group_amounts = GroupAmounts(invoices, common_members)
    recognise_by_evidence(recognitions, lines, customer_lines, tokens, payer_norm, aliases, habits, numbers)
    # a number read as (part of) an invoice number exactly is not also a PO ('INV-37803' and PO
    # 'PO37803'; '29671' of '1NV-29671' and PO '29671')
    po_hits = {i: kept for i, hits in po_hits.items()
               if (kept := {k: h for k, h in hits.items()
                            if not any(ih.how == "exact" and h.read in ih.read
                                       for ih in invoice_hits.get(i, {}).values())})}
    recognise_by_po(recognitions, po_hits, invoices)
    # a payer not recognised by name (an agent, a bank's own text) may quote the customer's own id
    unnamed = {i: lines[i][4] for i in customer_lines
               if all(found.score < settings.min_name_score for found in recognitions.get(i, {}).values())}
    recognise_by_customer_id(recognitions, unnamed, lambda: CustomerIds(
        set(invoices.customers), set(numbers.keys) | {key for key, _ in po_keys.values()}))
    # a short number read inside a purchase order quoted exactly ('P24' of 'P24-77361') is none
    for i, hits in po_hits.items():
        po_read = [h.read for h in hits.values() if h.kind == 2]
        if i in invoice_hits:
            invoice_hits[i] = {k: h for k, h in invoice_hits[i].items()
                               if not (h.weak and any(h.read in r for r in po_read))}

    # the numbers read that are long enough to name an invoice, and those of invoices with nothing
    # open (paid by card, or already): a payment quoting one pays it twice, whatever else it fits
    long_keys = {i: [key for key in tokens[i] if len(key) >= MIN_STRONG_KEY] for i in customer_lines}
    settled = settled_numbers(con, open_invoices_sql, {key for keys in long_keys.values() for key in keys})

    def plan_once(i: int, excluded: frozenset[int]) -> Plan | None:
        txn_id, currency, amount, _, reference, value_day = lines[i]
        customers = recognitions.get(i, {})
        masked = read[reference][1]
        hits = dict(invoice_hits.get(i, {}))
        add_customer_hits(hits, tokens[i], customers, currency, invoices, numbers, settings.min_name_score,
                          rejected_by_line.get(txn_id, set()), masked)
        hits = without_parts_of_a_whole_number(without_glued_word_slips(hits), tokens[i])
        other_orders = on_other_orders(po_hits[i], invoices, currency, amount) if i in po_hits else None
        candidates = [
            document_plan(matcher, amount, hits, "reference", 0.99, customers, excluded, masked, network[i],
                          reference=reference) if hits else None,
            document_plan(matcher, amount, po_hits[i], "po_number", 0.95, customers, excluded, masked, network[i],
                          reference=reference) if i in po_hits else None,
            matcher.customer_plan(amount, currency, customers, value_day, excluded | other_orders if other_orders
                                  else excluded),
        ]
        options = sorted((p for p in candidates if p), key=matcher.option_key)
        if options and not options[0].quoted:  # a quoted number that says the same names the rule
            same = next((p for p in options[1:] if p.quoted and p.allocations == options[0].allocations), None)
            if same is not None:
                # unless the reference also quotes, exactly, another invoice of the payer both leave out
                if not quotes_other_invoices(options[0], hits, customers, invoices, settings.min_name_score):
                    same.confidence = max(same.confidence, options[0].confidence)
                options.remove(same)
                options.insert(0, same)
        plan = options[0] if options else \
            matcher.amount_only_plan(amount, currency, masked, list(tokens[i].values()), network[i]) \
            or (document_plan(matcher, amount, hits, "reference", 0.99, customers, excluded, masked, network[i],
                              unbacked=True, reference=reference) if hits else None)
        if plan is not None and plan is candidates[2] and quotes_other_invoices(plan, hits, customers, invoices,
                                                                                settings.min_name_score):
            quoted = candidates[0]  # numbers quoted exactly whose amount fits (a fee taken or paid on top):
            if quoted and (quoted.amount_explained and quoted.confidence > REVIEW_ONLY  # sure on their own,
                           or off_by_a_fee(quoted, amount, matcher)) \
                    and all(h.kind == 2 for h in quoted.hits.values()):  # so an invoice of the exact amount
                plan = quoted  # besides is the coincidence
            elif quoted and all(h.kind == 2 and not h.weak for h in quoted.hits.values()) \
                    and quoted.rule != "overpayment" and not matcher.pays_exactly(plan, amount):
                plan = quoted  # paid in part: what was written in full is the suggestion, not a fee's guess
            if plan is quoted and a_charge_beside_an_odd_fee(quoted, candidates[2], amount, matcher):
                plan.notes.append("short by a bank charge's size; another open invoice of this payer fits the "
                                  "amount less an odd amount: the number quoted decides")
            else:
                plan.confidence = min(plan.confidence, REVIEW_ONLY)
                plan.notes.append("the reference quotes other invoices of this payer" if plan is candidates[2]
                                  else "another open invoice of this payer is for the exact amount"
                                  if matcher.pays_exactly(candidates[2], amount)
                                  else "another open invoice of this payer fits the amount less a fee"
                                  if candidates[2].rule == "short_pay"
                                  else "the amount alone suggests other open invoices of this payer")
        elif plan is not None and plan is candidates[2] and candidates[0] and candidates[0].amount_explained \
                and not hits.keys() & {inv for inv, _ in plan.allocations}:
            # name and number disagree, the amount fits both; a cut or mistyped number that reads as
            # several invoices, one of them the name's, agrees with it
            plan.confidence = min(plan.confidence, REVIEW_ONLY)
            plan.notes.append("the quoted number fits the amount too")
        elif plan is not None and plan is candidates[2] and points_elsewhere(plan, hits, invoices):
            plan.confidence = min(plan.confidence, REVIEW_ONLY)
            plan.notes.append("the reference points at another invoice of this payer")
        elif plan is not None and plan is candidates[2] and bills_another_order(plan, po_hits.get(i, {}), invoices):
            plan.confidence = min(plan.confidence, REVIEW_ONLY)
            plan.notes.append("the purchase order quoted is on other invoices of this payer")
        elif plan is not None and plan is candidates[0] and fits_other_invoices(plan, candidates[2]):
            plan.confidence = min(plan.confidence, REVIEW_ONLY)
            plan.notes.append("the amount fits other invoices of this payer")
        elif plan is not None and plan is candidates[0] \
                and (slipped := slipped_for_an_exact_one(plan, candidates[2], amount, matcher)) is not None:
            plan.confidence = min(plan.confidence, REVIEW_ONLY)
            plan.notes.append(f"the number read is one character off {invoices.numbers[slipped]}, open for exactly "
                              "the amount")
        if plan is not None and plan.quoted and paid_twice(plan, matcher):
            plan.confidence = min(plan.confidence, REVIEW_ONLY)
            plan.notes.append("the amount is twice what the quoted invoices are open for: paid twice as likely as "
                              "other invoices paid")
        exact = slipped_beside_another_customers_exact_one(plan, hits, invoices, customers) if plan is not None else None
        if exact is not None:
            plan.confidence = min(plan.confidence, REVIEW_ONLY)
            plan.notes.append(f"the reference quotes {invoices.numbers[exact]} exactly, another customer's")
        twice = quotes_a_settled_invoice(plan, long_keys[i], settled, invoices) if plan is not None else None
        if twice is not None:
            plan.confidence = min(plan.confidence, REVIEW_ONLY)
            plan.notes.append(f"the reference quotes {twice}, on which nothing is open (paid through the processor, or "
                              "already): paid twice?")
        rival = fuzzy_rival(plan, tokens[i], invoices, numbers) if plan is not None else None
        if rival is not None:
            plan.confidence = min(plan.confidence, REVIEW_ONLY)
            plan.notes.append(f"the number read is as close to {invoices.numbers[rival]}, open for the same amount")
        if i in common_stems:
            plan = group_amounts.replan(matcher, plan, amount, currency, hits, list(tokens[i].values()), masked,
                                        common_stems[i], excluded, value_day)
        if all(found.score < settings.min_name_score for found in customers.values()) and \
                (plan is None or plan is candidates[2] and not plan.amount_explained):
            # nobody recognised, or only names close enough for review whose invoices the amount does not fit
            plan = matcher.amount_owner_plan(amount, currency, value_day, excluded) or plan
        for option in [plan, *options[1:]] if plan else []:
            option.allocations = [(inv, m) for inv, m in option.allocations if (txn_id, invoices.ids[inv]) not in rejected]
        if not plan or not plan.allocations:
            return None
        plan.alternatives = [option for option in options[1:] if option.allocations]
        return plan

    failed: dict[int, str] = {}

    def attempt(i: int, excluded: frozenset[int]) -> Plan | str | None:
        """The line's plan, or the error planning it raised: a line the matcher fails on (a bug) is
        left unmatched with the error in its detail, never the whole run stopped."""
        try:
            return plan_once(i, excluded)
        except Exception as error:  # noqa: BLE001 (any error of one line's planning)
            return f"{type(error).__name__}: {error}"

    def plan_line(i: int, excluded: frozenset[int]) -> Plan | None:
        planned = attempt(i, excluded)
        if isinstance(planned, str):
            failed[i] = planned
            return None
        return planned

    paying = [i for i in customer_lines if lines[i][2] > 0]
    first = dict(zip(paying, map_in_forks(lambda i: attempt(i, frozenset()), paying)))  # forks return errors as text
    failed.update((i, planned) for i, planned in first.items() if isinstance(planned, str))
    plans = {i: planned for i, planned in first.items() if isinstance(planned, Plan)}
    # Invoices that a sure payment quotes are not open to another payment that only matches them by
    # amount and name (or uses them to make up an unquoted rest): those are planned again without them.
    threshold = settings.auto_apply_threshold
    claimed = frozenset(inv for plan in plans.values() if quoted_and_sure(plan, threshold) for inv, _ in plan.allocations)
    claimed_customers = {(invoices.customers[inv], invoices.currencies[inv]) for inv in claimed}
    learned = learn_from_sure_payments(plans, lines, matcher, threshold)
    for i, plan in sorted(plans.items()):
        if not quoted_and_sure(plan, threshold) and any((c, lines[i][1]) in claimed_customers or c in learned
                                                        for c in recognitions.get(i, {})):
            plans[i] = plan_line(i, claimed) or plan
    inferred = infer_lags(plans, lines, matcher)
    for i, plan in sorted(plans.items()):
        if plan.same_amount and invoices.customers[plan.same_amount[0]] in inferred:
            plans[i] = plan_line(i, claimed) or plan
    pair_same_amounts(plans, plan_line, claimed, lines, matcher)
    settle_in_instalments(plans, lines, invoices.open_milli, invoices.numbers, threshold)
    settle_split_payments(plans, lines, customer_lines, invoice_hits, invoices, threshold)
    replan_around_settled(plans, plan_line, claimed, invoices.open_milli, threshold, [line[5] for line in lines])
    doubt_shared_amounts(plans, threshold)
    net_credit_notes(plans, lines, lambda i: read[lines[i][4]][0], invoices, notes, matcher.fee_tolerance)
    for i, plan in plans.items():
        if i in named_in_text:
            plan.notes.append(("paid through a payment network" if network[i] else "no payer field")
                              + (": the payer named in the reference" if named_in_text[i][1]
                                 else ": the payer read from the reference's words"))
        plan.detail = explain(plan, lines[i][3], recognitions.get(i, {}), invoices)
    unplanned = {i: [t.key for t in tokens[i].values() if not t.bare and len(t.key) >= MIN_STRONG_KEY]
                 for i in customer_lines if i not in plans}
    quoted = invoices_by_key({key for keys in unplanned.values() for key in keys}, numbers.keys)
    unmatched = {i: why_unmatched(lines[i], recognitions.get(i, {}), [k for key in keys for k in quoted.get(key, ())],
                                  invoices, [number for key in keys for number, _ in settled.get(key, ())],
                                  invoice_hits.get(i, {}))
                 for i, keys in unplanned.items()}
    unmatched.update((i, (f"{FAILED}: {error}", None)) for i, error in failed.items() if i not in plans)
    return MatchResult(*settle(lines, non_customer, plans, unmatched, invoices, threshold, notes))


def _named_in_text(lines: list[tuple], names: list[str], only_network: list[bool]) -> dict[int, tuple[str, bool]]:
    """Line -> (the payer's name read in its reference, whether a customer's name was found whole
    there), for lines whose payer field has no letters or names only an AP payment network (whose
    ACH entries carry the paying client's name in the entry's text): the name found, else the
    reference's words before its first number (names_in_text.leading_words) or, when it starts
    with numbers or a remittance, the words after them (words_after_numbers)."""
    unnamed = [i for i, line in enumerate(lines) if only_network[i] or not HAS_LETTER(line[3] or "")]
    if not unnamed:
        return {}
    finder = NamesInText(names)
    found = {i: finder.find(lines[i][4]) for i in unnamed}
    return {i: (name, True) if name else (number_before_name(words)[1], False) for i, name in found.items()
            if name or (words := ordering_party(lines[i][4]) or leading_words(lines[i][4])
                        or words_after_numbers(lines[i][4]))}


def _read_references(references: list[str]) -> list[tuple[list[tuple], list[str]]]:
    """Each reference's tokens, as plain tuples (a NamedTuple costs several times more to pickle
    and unpickle than it takes to build again), and its masked numbers' visible ends."""
    return [([tuple(t) for t in reference_tokens(ref)], masked_ends(ref)) for ref in references]
