"""Small ledgers drawn at random, built to collide (numbers of several styles that read as each
other, look-alike names, amounts that add up, halve or fall short by a fee), and lines quoting,
mangling and gluing their numbers: the matcher never fails on a line (run() asserts it), never
allocates more than a line brings nor more than an invoice is open for, nor uses up more of a
credit note (a negative open amount, which a payment may deduct) than is left of it. The rare branches are
where a bug hides: seed 46 of the independent generator met a KeyError in one that no table
test had reached ('LLC INV10680' read as another customer's invoice 10680 and made up to the
amount)."""

from decimal import Decimal

from hypothesis import HealthCheck, given, settings, strategies as st

from cash_helpers import run

NAMES = ["Harbor Distribution LLC", "Harbor Dist LLC", "Kestrel Foods Inc", "Kestrel Foods GmbH", "Acme Widgets Inc"]
AMOUNTS = ["99.00", "250.00", "750.00", "1200.00", "3000.00", "3750.00", "7500.00", "1578.65", "463.93"]
STYLES = ["INV{n}", "{n}", "INV-{n:04d}", "INV{n:08d}", "0C35{n:04X}-0006", "LLC{n}", "INV/2026/{n:05d}"]


@st.composite
def ledgers(draw):
    numbers = draw(st.lists(st.integers(10600, 10690), min_size=1, max_size=8))
    invoices = []
    for k, n in enumerate(numbers):
        number = draw(st.sampled_from(STYLES)).format(n=n)
        if number in {i[1] for i in invoices}:
            continue
        name = draw(st.sampled_from(NAMES))
        invoices.append((f"i{k}", number, f"c{NAMES.index(name)}", name, None,
                         draw(st.sampled_from([None, f"PO-{n}"])), draw(st.sampled_from(["USD", "USD", "EUR"])),
                         draw(st.sampled_from(AMOUNTS))))
    notes = []  # credit notes: a negative open amount, numbered as the invoice they credit or on their own
    for k, credited in enumerate(draw(st.lists(st.sampled_from(invoices), max_size=2))):
        number = draw(st.sampled_from(["CM-{}", "CN{}", "{}-CR"])).format(credited[1])
        notes.append((f"n{k}", number, *credited[2:7], "-" + draw(st.sampled_from(["12.34", "25.00", "95.00", "250.00"]))))
    lines = []
    for k in range(draw(st.integers(1, 4))):
        paid = draw(st.lists(st.sampled_from(invoices), min_size=1, max_size=3, unique=True))
        total = sum(Decimal(i[7]) for i in paid)
        change = draw(st.sampled_from(["0", "-25.00", "-30.00", "-12.34", "+0.01", "half", "+40.00"]))
        amount = total / 2 if change == "half" else total + Decimal(change)
        deducted = [n for n in notes if n[2] == paid[0][2] and n[6] == paid[0][6] and draw(st.booleans())]
        amount += sum(Decimal(n[7]) for n in deducted)
        if amount <= 0:
            continue
        words = [draw(st.sampled_from(["{}", "INV {}", "LLC{}", "#{}", "{} thanks", "{}/1"])).format(i[1]) for i in paid]
        words += [draw(st.sampled_from(["LESS CREDIT MEMO {}", "{}", ""])).format(n[1]) for n in deducted]
        if draw(st.booleans()):  # a slip: one character changed
            word = words[0]
            at = draw(st.integers(0, len(word) - 1))
            words[0] = word[:at] + draw(st.sampled_from("01375OI")) + word[at + 1:]
        payer = draw(st.sampled_from(["", *(n.upper() for n in NAMES), "BILL.COM", "HARBOR DISTRIBUTION LLC INC"]))
        lines.append((f"b{k}", str(amount.quantize(Decimal("0.01"))), paid[0][6], payer, " ".join(words)))
    return lines or [("b0", "1.00", "USD", "", "")], invoices + notes


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(ledgers())
def test_a_random_ledger_never_fails_a_line_nor_over_applies(ledger):
    lines, invoices = ledger
    matches, balances = run(lines, invoices)  # asserts that no line failed
    brought = {line[0]: Decimal(line[1]) for line in lines}
    applied: dict[str, Decimal] = {}
    for m in matches:
        if m["status"] == "auto_applied":
            applied[m["bank_txn_id"]] = applied.get(m["bank_txn_id"], Decimal(0)) + m["allocated_amount"]
    assert all(total <= brought[txn] for txn, total in applied.items())
    open_amounts = {i[0]: Decimal(i[7]) for i in invoices}
    per_invoice: dict[str, Decimal] = {}
    for m in matches:
        if m["status"] == "auto_applied" and m["invoice_id"]:
            per_invoice[m["invoice_id"]] = per_invoice.get(m["invoice_id"], Decimal(0)) + m["allocated_amount"]
    # an invoice is never paid beyond what is open, a credit note never used beyond what is left of it
    assert all(total <= open_amounts[invoice] if open_amounts[invoice] > 0 else open_amounts[invoice] <= total <= 0
               for invoice, total in per_invoice.items())
    assert all(b["unapplied_amount"] >= 0 for b in balances)
    suggested: dict[str, Decimal] = {}  # nor does what is suggested for review add up to more than the line
    for m in matches:
        suggested[m["bank_txn_id"]] = suggested.get(m["bank_txn_id"], Decimal(0)) + m["allocated_amount"]
    assert all(total <= brought[txn] for txn, total in suggested.items())
