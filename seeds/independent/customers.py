"""The customer list: identity (name, number, currency, numbering style, tier) and fixed payment habits.

Habits are drawn once per customer, with weights that depend on what the customer is: only customers with
POs quote POs, only US customers send NACHA addenda, only EUR customers send RF references, and customers in
DE/FR/ES/NL mostly write in their language. Names with diacritics are often folded by the bank.
"""

import random

from .company_names import COUNTRIES, SUFFIX_ALTS, company_name, confusable_variant, full_name
from .draws import weighted_choice
from .model import Customer
from .numbering import MIX_WEIGHTS, STYLES, Numberer
from .payer_names import AGENTS, has_diacritics

TIERS = [("smb", 55), ("mid", 32), ("ent", 13)]
TERMS = [(30, 60), (15, 10), (45, 8), (60, 10), (0, 7), (10, 5)]
LAG_CLASSES = [("early", 15), ("on_due", 35), ("late", 35), ("very_late", 15)]
PAY_PROBABILITIES = [(0.0, 8), (0.25, 25), (0.5, 37), (0.85, 30)]
ERROR_RATES = [(0.0, 60), (0.08, 25), (0.25, 15)]
LANGUAGES = {"DE": "lang_de", "FR": "lang_fr", "ES": "lang_es", "NL": "lang_nl"}
UNRELATED_OWNERS = ["Meridian Capital Partners", "Harbourside Holdings Ltd", "Blackstone Ridge Group LLC",
                    "Nordic Industrial Holding AB", "Atlantic Brands Group Inc", "Rhein-Main Beteiligungs GmbH"]


def make_customers(rng: random.Random, count: int, numbering: str, numberer: Numberer) -> list[Customer]:
    """`count` customers with unique names (after 50 tries a repeat is kept) and unique customer numbers."""
    customers: list[Customer] = []
    names_used: set[str] = set()
    ids_used: set[str] = set()
    for idx in range(count):
        base, suffix, country = _name(rng, customers, names_used)
        name = full_name(base, suffix)
        names_used.add(name)
        while True:
            customer_id = f"CUST{rng.randint(1000, 99999):05d}"
            if customer_id not in ids_used:
                ids_used.add(customer_id)
                break
        currency = _currency(rng, country)
        style = numbering if numbering != "mixed" else rng.choices(STYLES, weights=MIX_WEIGHTS)[0]
        tier = weighted_choice(rng, TIERS)
        account_name = _crm_account_name(rng, base, suffix, name)
        stripe_prefix = numberer.stripe_prefix() if style == "stripe" else ""
        stripe_seq = rng.randint(0, 30) if style == "stripe" else 0
        plan = rng.random() < 0.40
        terms = weighted_choice(rng, TERMS)
        lag_class = weighted_choice(rng, LAG_CLASSES)
        pay_prob = weighted_choice(rng, PAY_PROBABILITIES)
        pos = _purchase_orders(rng, tier)
        ref_style = weighted_choice(rng, _reference_weights(country, currency, pos))
        err_rate = weighted_choice(rng, ERROR_RATES)
        trunc_ref = rng.random() < 0.10
        name_weights = [("exact", 30), ("upper", 16), ("truncated", 12), ("suffix_changed", 8),
                        ("abbreviated", 5), ("bank_prefix", 9), ("agent", 5), ("empty", 5)]
        if has_diacritics(name):
            name_weights.append(("ascii_folded", 45))
        name_style = weighted_choice(rng, name_weights)
        trunc_len = rng.choice([16, 22, 35])
        agent = weighted_choice(rng, AGENTS)
        parent = _parent_company(rng, base)
        if parent is not None:
            name_style = "parent"
        fee_payer = (country != "US" and rng.random() < 0.35) or rng.random() < 0.04
        discount_taker = rng.random() < 0.05
        if discount_taker:
            lag_class = "discount_window"
        batch_payer = rng.random() < (0.30 if tier != "smb" else 0.10)
        fx_payer = currency in ("EUR", "GBP") and rng.random() < 0.04
        customers.append(Customer(
            idx=idx, customer_id=customer_id, base=base, suffix=suffix, name=name, account_name=account_name,
            country=country, currency=currency, style=style, tier=tier, stripe_prefix=stripe_prefix,
            stripe_seq=stripe_seq, plan=plan, terms=terms, lag_class=lag_class, pay_prob=pay_prob, pos=pos,
            ref_style=ref_style, err_rate=err_rate, trunc_ref=trunc_ref, name_style=name_style,
            trunc_len=trunc_len, agent=agent, parent=parent, fee_payer=fee_payer,
            discount_taker=discount_taker, batch_payer=batch_payer, fx_payer=fx_payer))
    return customers


def _name(rng: random.Random, customers: list[Customer], names_used: set[str]) -> tuple[str, str, str]:
    """(base, suffix, country) of a new customer: 7% of tries copy an earlier customer confusably."""
    country = weighted_choice(rng, COUNTRIES)
    for _ in range(50):
        if customers and rng.random() < 0.07:
            source = rng.choice(customers)
            base, suffix = confusable_variant(rng, source.base, source.suffix, source.country)
            # the look-alike's country also holds for the later tries
            country = source.country
        else:
            base, suffix = company_name(rng, country)
        if full_name(base, suffix) not in names_used:
            break
    return base, suffix, country


def _currency(rng: random.Random, country: str) -> str:
    # all three draws are spent whatever the country (the reference outputs depend on it)
    canadian = weighted_choice(rng, [("CAD", 70), ("USD", 30)])
    british = weighted_choice(rng, [("GBP", 75), ("USD", 20), ("EUR", 5)])
    other = weighted_choice(rng, [("EUR", 80), ("USD", 20)])
    return {"US": "USD", "CA": canadian, "UK": british}.get(country, other)


def _crm_account_name(rng: random.Random, base: str, suffix: str, name: str) -> str:
    """The CRM's name for the account: about 82% the billed name; otherwise without or with another suffix,
    "The …", "&" spelt "and", or upper case."""
    r = rng.random()
    if r < 0.10:
        return base
    if r < 0.14 and suffix in SUFFIX_ALTS:
        return full_name(base, rng.choice([s for s in SUFFIX_ALTS[suffix] if s] or [suffix]))
    if r < 0.16:
        return "The " + name
    if r < 0.18:
        return name.replace(" & ", " and ") if " & " in name else name.upper()
    return name


def _purchase_orders(rng: random.Random, tier: str) -> list[str]:
    """1-3 PO numbers in one of the customer's procurement system's formats (enterprise and some mid
    customers); an invoice quotes one of them, so blanket POs are shared by several invoices."""
    if not ((tier == "ent" and rng.random() < 0.75) or (tier == "mid" and rng.random() < 0.15)):
        return []
    form = rng.choice(["sap", "dash", "plain", "oracle", "year"])
    pos = []
    for _ in range(rng.randint(1, 3)):
        if form == "sap":
            pos.append(f"45{rng.randint(0, 99999999):08d}")
        elif form == "dash":
            pos.append(f"PO-{rng.randint(100000, 999999)}")
        elif form == "plain":
            pos.append(f"PO{rng.randint(10000000, 99999999)}")
        elif form == "oracle":
            pos.append(f"P{rng.randint(1000000, 9999999)}")
        else:
            pos.append(f"PO {rng.choice([2025, 2026])}-{rng.randint(1, 999):04d}")
    return pos


def _reference_weights(country: str, currency: str, pos: list[str]) -> list[tuple[str, float]]:
    weights: list[tuple[str, float]] = [
        ("exact", 22), ("words", 15), ("reformat", 6), ("lower", 3), ("last_digits", 3),
        ("customer_number", 3), ("none", 9), ("ap_noise", 6), ("iso20022", 3)]
    if pos:
        weights.append(("po", 30))
    if country == "US":
        weights += [("nacha_ccd_rmr", 7), ("nacha_ctx_820", 2)]
    if currency == "EUR":
        weights.append(("sepa_rf", 5))
    if country in LANGUAGES:
        weights.append((LANGUAGES[country], 30))
    return weights


def _parent_company(rng: random.Random, base: str) -> str | None:
    """The parent that pays for 4% of customers: the group's holding (70%) or an unrelated PE owner."""
    if rng.random() >= 0.04:
        return None
    if rng.random() < 0.7:
        holding = base.split()[0] + " " + rng.choice(["Holdings", "Group", "Holding", "Global"])
        return full_name(holding, rng.choice(["Inc", "Ltd", "LLC", "GmbH", "B.V.", "AB", ""]))
    return rng.choice(UNRELATED_OWNERS)
