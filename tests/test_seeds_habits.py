"""seeds/numbering.py and seeds/habits.py: billing systems' invoice numbering and customers' and banks' payment habits,
one table row per real-world variant (formats and sources in seeds/README.md)."""

from __future__ import annotations

import random
import re
import statistics
from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest

from seeds.generate import build, main
from seeds.habits import (CONFUSIONS, PAYMENT_AGENTS, HabitOptions, draw_payer_habit, payer_as_shown, reference_text,
                          shared_prefix_form, strip_inv)
from seeds.numbering import NUMBERING_CHOICES, Numbering

NUMBER_SHAPES = [  # style, full-match pattern, first number of a fresh sequence
    ("demo", r"INV-2026-\d{6}", "INV-2026-000001"),
    ("stripe", r"[0-9A-F]{8}-\d{4}", None),  # per-customer prefix: its first number is PREFIX-0001
    ("chargebee", r"INV-\d+", "INV-1"),
    ("recurly", r"\d{4,}", "1000"),
    ("maxio", r"[1-9]\d*", "1"),
    ("quickbooks", r"\d{4,}", "1001"),
    ("zuora", r"INV\d{8}", "INV00000001"),
    ("netsuite", r"INV\d{5,}", "INV10001"),
    ("xero", r"INV-\d{4,}", "INV-0001"),
    ("sap", r"90000\d{5}", "9000010001"),
    ("custom", r"ACME-26-\d{5}", "ACME-26-00001"),
]


def _numbers(style: str, customers: int = 5, invoices: int = 40, prefix: str | None = None) -> list[tuple[str, str]]:
    numbering = Numbering(style, random.Random(3), prefix)
    return [(f"c{k % customers}", numbering.next_number(f"c{k % customers}", 2026)) for k in range(invoices)]


@pytest.mark.parametrize("style, pattern, first", NUMBER_SHAPES)
def test_each_numbering_style_has_its_systems_shape(style, pattern, first):
    numbers = _numbers(style)
    assert all(re.fullmatch(pattern, n) for _, n in numbers), numbers[:5]
    assert len({n for _, n in numbers}) == len(numbers)
    if first:
        assert numbers[0][1] == first


def test_stripe_numbers_carry_a_prefix_per_customer_and_a_sequence_per_customer():
    by_customer = defaultdict(list)
    for customer, number in _numbers("stripe"):
        by_customer[customer].append(number)
    prefixes = {customer: {n.split("-")[0] for n in numbers} for customer, numbers in by_customer.items()}
    assert all(len(p) == 1 for p in prefixes.values()) and len({next(iter(p)) for p in prefixes.values()}) == 5
    assert all([n.split("-")[1] for n in numbers] == [f"{k:04d}" for k in range(1, len(numbers) + 1)]
               for numbers in by_customer.values())


@pytest.mark.parametrize("prefix, expected", [("", "1"), ("CB-", "CB-1")])
def test_chargebee_prefix_is_configurable(prefix, expected):
    assert _numbers("chargebee", prefix=prefix)[0][1] == expected


@pytest.mark.parametrize("pattern, numbers", [
    ("INV/{year}/{seq:05d}", ["INV/2026/00001", "INV/2026/00002", "INV/2027/00001"]),  # yearly: it names the year
    ("{yy}F{seq:05d}", ["26F00001", "26F00002", "27F00001"]),
    ("INV-ES-{seq:05d}", ["INV-ES-00001", "INV-ES-00002", "INV-ES-00003"]),  # one sequence across years
])
def test_a_custom_pattern_numbers_the_whole_invoice_number(pattern, numbers):
    numbering = Numbering("custom", random.Random(3), pattern)
    assert [numbering.next_number("c1", year) for year in (2026, 2026, 2027)] == numbers


def test_a_pattern_leaves_chargebee_its_own_prefix_in_mixed_numbering():
    numbers = [n for _, n in _numbers("mixed", customers=40, invoices=400, prefix="INV/{year}/{seq:05d}")]
    assert any(re.fullmatch(r"INV/2026/\d{5}", n) for n in numbers)
    assert any(re.fullmatch(r"INV-\d+", n) for n in numbers)  # chargebee's default
    assert not any("{" in n for n in numbers)


@pytest.mark.parametrize("pattern", ["INV/{yr}/{seq}", "INV-{seq:q}", "INV-{seq}-{0}"])
def test_a_pattern_with_unknown_fields_is_a_clear_error(pattern, tmp_path, capsys):
    with pytest.raises(ValueError, match="only {seq}, {year} and {yy}"):
        Numbering("custom", random.Random(1), pattern)
    with pytest.raises(SystemExit):
        main(["--out", str(tmp_path / "x"), "--numbering", "custom", "--numbering-prefix", pattern])
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert error.startswith("python -m seeds.generate: error: numbering pattern") and not (tmp_path / "x").exists()


def test_mixed_numbering_gives_customers_different_systems_without_duplicate_numbers():
    numbers = _numbers("mixed", customers=40, invoices=400)
    assert len({n for _, n in numbers}) == len(numbers)
    shapes = {style for style, pattern, _ in NUMBER_SHAPES[1:] if any(re.fullmatch(pattern, n) for _, n in numbers)}
    assert len(shapes) >= 6


def test_an_unknown_numbering_style_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown numbering style 'stripey'"):
        Numbering("stripey", random.Random(1))


def _compact(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", text).upper()


def _one_edit_apart(a: str, b: str) -> bool:
    """One character replaced, dropped or doubled, or two neighbours swapped."""
    if len(a) == len(b):
        diff = [k for k in range(len(a)) if a[k] != b[k]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]])
    short, long_ = sorted((a, b), key=len)
    return len(long_) - len(short) == 1 and any(long_[:k] + long_[k + 1:] == short for k in range(len(long_)))


NUMBER = "0C350F05-0006"
REFERENCE_CHECKS = [  # habit, what every text drawn under it must satisfy
    ("exact", lambda text: NUMBER in text),
    ("inv_prefix", lambda text: re.fullmatch(r"(INV#? |Inv\. |Invoice No\. |INVOICE )" + NUMBER, text) is not None),
    ("glued", lambda text: text == "INV" + _compact(NUMBER)),
    ("lower", lambda text: _compact(NUMBER).lower() in _compact(text).lower() and text == text.lower()),
    ("separators", lambda text: _compact(text) == _compact(NUMBER) and text != NUMBER),
    ("typo", lambda text: _one_edit_apart(re.sub(r"^(INV |Invoice )", "", text), NUMBER)),
    ("confusion", lambda text: sum(a != b for a, b in zip(re.sub(r"^(INV |Invoice )", "", text), NUMBER)) <= 1
     and all(a == b or CONFUSIONS.get(b) == a or (b == "1" and a == "l")
             for a, b in zip(re.sub(r"^(INV |Invoice )", "", text), NUMBER))),
    ("truncated", lambda text: len(text) <= 27 or NUMBER not in text),
    ("masked", lambda text: text.endswith(NUMBER[-4:]) and text[0] in "*X" and len(text) == len(NUMBER)),
    ("none", lambda text: _compact(NUMBER)[:6] not in _compact(text)),
    ("po", lambda text: "4500012345" in text.replace(" ", "")),
]


@pytest.mark.parametrize("habit, check", REFERENCE_CHECKS, ids=[h for h, _ in REFERENCE_CHECKS])
def test_each_reference_habit_quotes_the_number_its_way(habit, check):
    rng = random.Random(5)
    drawn = [reference_text([NUMBER], "4500012345", habit, rng) for _ in range(300)]
    texts = [text for text, used in drawn if used == habit]
    assert len(texts) > 150  # the usual habit three times in four
    assert all(check(text) for text in texts), [t for t in texts if not check(t)][:5]


def test_a_payment_agent_always_passes_a_reference_on():
    rng = random.Random(2)
    assert all(used != "none" for _, used in (reference_text([NUMBER], "", "none", rng, agent=True) for _ in range(200)))


def test_an_empty_reference_is_never_written_where_the_bank_format_cannot_carry_one():
    rng = random.Random(4)
    assert all(text for text, _ in (reference_text([NUMBER], "", "none", rng, allow_empty=False) for _ in range(200)))


@pytest.mark.parametrize("numbers, written", [
    (["0C350F05-0006", "0C350F05-0007"], "0C350F05-0006/0007"),  # shared prefix before the separator
    (["1042", "1043", "1044"], "1042-1044"),  # consecutive plain numbers as a range
    (["INV00001234", "INV00001240"], "INV00001234/40"),  # shared leading part
    (["1042", "2077"], ""),  # nothing worth writing once
    (["INV-2026-000998", "INV-2026-000999"], "INV-2026-000998/000999"),  # everything before the last separator
    (["INV-2025-000999", "INV-2026-000001"], ""),  # two years: the heads differ
    (["INV-1042-2026", "INV-1043-2026"], ""),  # a year suffix: what differs is not the end
])
def test_several_invoices_are_written_with_their_shared_part_once(numbers, written):
    assert shared_prefix_form(numbers) == written


def test_strip_inv_removes_only_a_leading_inv():
    assert [strip_inv(n) for n in ("INV-0042", "INV00001234", "inv10234", "0C350F05-0006")] == \
        ["0042", "00001234", "10234", "0C350F05-0006"]


def test_payer_habits_keep_the_banks_prefix_and_field_width():
    rng = random.Random(8)
    name = "Brightpath International Manufacturing Inc."
    for _ in range(300):
        habit = draw_payer_habit(name, rng)
        shown = payer_as_shown(name, habit, rng)
        assert shown.startswith(habit.prefix)
        if habit.width:
            assert len(shown) - len(habit.prefix) <= habit.width
        if habit.paid_by in PAYMENT_AGENTS:
            assert "BRIGHTPATH" not in shown.upper()


@pytest.fixture(scope="module")
def stripe_landing():
    return build(7, numbering="stripe", habits=HabitOptions(payer=True, reference=True, lag=True))


def test_a_habits_landing_pays_each_customer_with_its_usual_lag_and_fee(stripe_landing):
    customer_of = {r["invoice_id"]: r["customer_id"] for r in stripe_landing.tables["billing__invoices"]}
    due = {r["invoice_id"]: date.fromisoformat(r["due_date"]) for r in stripe_landing.tables["billing__invoices"]}
    paid_on = {r["bank_txn_id"]: date.fromisoformat(r["value_date"]) for r in stripe_landing.bank_lines}
    usual = {r["customer_id"]: r for r in stripe_landing.truth["customer_habits"][1]}
    lags, fees = defaultdict(list), defaultdict(set)
    for match in stripe_landing.truth["matches"][1]:
        customer = customer_of[match["invoice_id"]]
        if match["kind"] not in ("multi_invoice", "overpay"):
            lags[customer].append((paid_on[match["bank_txn_id"]] - due[match["invoice_id"]]).days)
    for line in stripe_landing.truth["bank_line_habits"][1]:
        if Decimal(line["fee_deducted"]):
            fees[line["bank_txn_id"]].add(Decimal(line["fee_deducted"]))
    steady = [c for c, days in lags.items() if len(days) >= 4 and int(usual[c]["usual_lag_days"]) >= 0]
    assert steady and all(abs(statistics.median(lags[c]) - int(usual[c]["usual_lag_days"])) <= 3 for c in steady)
    usual_fees = {Decimal(r["usual_fee"]) for r in usual.values()} - {Decimal(0)}
    assert fees and all(f <= usual_fees for f in fees.values())


def test_a_habits_landing_keeps_its_truth_consistent(stripe_landing):
    lines = {r["bank_txn_id"]: Decimal(r["amount"]) for r in stripe_landing.bank_lines}
    allocated = defaultdict(Decimal)
    for match in stripe_landing.truth["matches"][1]:
        allocated[match["bank_txn_id"]] += Decimal(match["allocated_amount"])
    assert all(amount <= lines[txn] for txn, amount in allocated.items())
    numbers = [r["invoice_number"] for r in stripe_landing.tables["billing__invoices"] if r["invoice_number"]]
    assert all(re.fullmatch(r"[0-9A-F]{8}-\d{4}", n) for n in numbers) and len(set(numbers)) == len(numbers)


def test_cli_writes_a_numbering_style_and_the_habit_truth(tmp_path, capsys):
    assert main(["--out", str(tmp_path / "qb"), "--numbering", "quickbooks", "--habits"]) == 0
    header = (tmp_path / "qb/billing/invoices.csv").read_text().splitlines()[1].split(",")
    assert re.fullmatch(r"\d{4,}", header[1])
    assert (tmp_path / "qb/_truth/customer_habits.csv").exists()
    assert (tmp_path / "qb/_truth/bank_line_habits.csv").exists()
    with pytest.raises(SystemExit):
        main(["--out", str(tmp_path / "x"), "--numbering", "freshbooks"])
    assert "invalid choice: 'freshbooks'" in capsys.readouterr().err


def test_every_numbering_choice_builds(tmp_path):
    for style in NUMBERING_CHOICES:
        landing = build(11, accounts=40, numbering=style, habits=HabitOptions(reference=True))
        assert landing.truth["matches"][1]
