"""Taxes a customer withholds from a supplier's invoice and pays to the state instead: the
payment is the invoice less a statutory share of its amount before tax, or of its tax (shortfalls.py
reads a short payment so). Money in thousandths of the major unit ("milli"), as in the matcher.

The customer's state makes the rule, so the shares tried are those of the customer's tax country
(customers.tax_country); all of them when it is not known. A shortfall in a country that withholds
nothing (the UK, Sweden, Australia, South Africa) is no withholding, however well a share fits it.
One share is tried before two together.
"""

from __future__ import annotations

from reconcilers.plan_types import money

BASIS = 10_000  # rates in basis points
Share = tuple[int, tuple[int, int]]  # (basis points of the amount before tax, (part, whole) of the tax)


def _base(*rates: int) -> tuple[Share, ...]:
    return tuple((rate, (0, 1)) for rate in rates)


def _gross(*rates: int) -> tuple[Share, ...]:
    """A share of the whole invoice, tax included."""
    return tuple((rate, (rate, BASIS)) for rate in rates)


WHOLE_TAX: Share = (0, (1, 1))
WITHHOLDINGS_BY_COUNTRY: dict[str, tuple[Share, ...]] = {
    # ritenuta d'acconto 20% (DPR 600/1973 art. 25), 4% by condominiums, 11.5% on agents' commissions
    # (23% of half); split payment: public bodies pay the VAT to the state (DPR 633/1972 art. 17-ter)
    "IT": _base(400, 1150, 2000) + (WHOLE_TAX,),
    "ES": _base(500, 700, 1500, 1900),  # IRPF on professionals' invoices (RIRPF art. 101)
    "PT": _base(2500),  # IRS category B (CIRS art. 101)
    "GR": _base(2000),  # on professionals' fees (ITC art. 64)
    "IN": _base(100, 200, 1000),  # TDS on the amount before GST: 194C, 194J (CBDT circular 23/2017)
    "PH": _base(100, 200, 500, 1000, 1500),  # expanded withholding tax (RR 2-98)
    "ID": _base(200),  # PPh 23 on services
    # retención en la fuente on purchases, services and fees, alone or with reteIVA (15% of the IVA)
    "CO": _base(250, 400, 1100) + tuple((rate, (15, 100)) for rate in (250, 400, 1100)),
    # a company paying a professional: two thirds of the IVA, with ISR 10% of the base (LISR art. 106,
    # RLIVA art. 3)
    "MX": _base(1000) + ((0, (2, 3)), (1000, (2, 3))),
    "BR": _gross(150, 465, 615),  # IRRF 1.5% and CSRF 4.65% on a service invoice's gross
    "PE": _gross(1200),  # detracción
    # Ganancias 2% on services and goods (AFIP RG 830), a province's Ingresos Brutos (about 3%) and
    # the two together; large buyers withhold half or four fifths of the IVA (AFIP RG 2854)
    "AR": _base(200, 300, 500) + ((0, (1, 2)), (0, (4, 5))),
    # split payment (MPP, VAT Act art. 108a): the VAT goes to the supplier's VAT account, the
    # main account is credited the invoice less its tax
    "PL": (WHOLE_TAX,),
    # KDV tevkifatı: buyers withhold 2/10 to 9/10 of the VAT by the service (VAT General Communiqué I/C-2.1.3)
    "TR": tuple((0, (tenths, 10)) for tenths in (2, 3, 4, 5, 7, 9)),
    # WHT 5% or 10% on services and fees; government bodies withhold the whole VAT (FIRS, Deduction
    # at Source Regulations 2024; VAT Act s. 13)
    "NG": _base(200, 500, 1000) + (WHOLE_TAX,) + tuple((rate, (1, 1)) for rate in (500, 1000)),
    "GH": _base(300, 500, 750),  # WHT on goods, works and services (Income Tax Act 2015, as amended 2023)
    # WHT 3% on contractual and 5% on professional fees, and VAT withheld at 2% of the taxable value
    "KE": _base(200, 300, 500, 700),
    "EG": _base(100, 300, 500),  # the advance-payment system: supplies, services, commissions
    # retenue à la source of the VAT: 75% for services, 100% for professionals (Finance Act 2024)
    "MA": ((0, (3, 4)), WHOLE_TAX),
    # East Asia, withheld from a foreign supplier's service fees and royalties: China's enterprise
    # income tax on a non-resident, 10% (EIT Law art. 3, 37); Korea's corporate tax with its local
    # income tax, 22% without a treaty, 16.5% or 11% under one, and 3.3% on a Korean
    # individual's business income (CTA art. 98, ITA art. 127); Taiwan's 20% on a non-resident's
    # income, 10% on a resident's professional fees (Income Tax Act art. 88, Withholding Rates
    # Standards); Japan's income tax on fees, 10.21%, 20.42% on a non-resident's royalties (Income
    # Tax Act art. 204, 212); Thailand's 3% on services, 5% on rent, 15% to a non-resident (Revenue
    # Code s. 50, 70)
    "CN": _base(1000),
    "KR": _base(330, 1100, 1650, 2200),
    "TW": _base(1000, 2000),
    "JP": _base(1021, 2042),
    "TH": _base(300, 500, 1500),
    # The Middle East and Pakistan, withheld from a (foreign) supplier's fees: Saudi Arabia's 5% on
    # services, 15% on royalties, 20% on management fees (Income Tax Law art. 68); Pakistan's income
    # tax on services, 3% to 10% by the service (Income Tax Ordinance 2001 s. 153(1)(b)); Israel's
    # ניכוי במקור at the rate of the supplier's certificate (commonly 3%, 5%, 10%; 20% or 30%
    # without one); Jordan's 5% or 10% (Income Tax Law No. 34 of 2014); Oman's 10% on a
    # non-resident's services (Income Tax Law art. 52)
    "SA": _base(500, 1500, 2000),
    "PK": _base(300, 400, 600, 800, 1000),
    "IL": _base(300, 500, 1000, 2000, 3000),
    "JO": _base(500, 1000),
    "OM": _base(1000),
    # Central Asia, the Caucasus and Ukraine, on a non-resident's service income: Kazakhstan 15% or
    # 20% (Tax Code art. 646), Uzbekistan 20% (Tax Code art. 353), Ukraine 15% (Tax Code art. 141.4),
    # Georgia 10% (Tax Code art. 134), Kyrgyzstan 10% (Tax Code art. 224)
    "KZ": _base(1500, 2000),
    "UZ": _base(2000),
    "UA": _base(1500),
    "GE": _base(1000),
    "KG": _base(1000),
}


def _parts(share: Share) -> int:
    rate, (part, whole) = share
    return 1 if part * BASIS == rate * whole else (rate > 0) + (part > 0)


# every country's shares, for a customer whose country is not known: one share before two
WITHHOLDINGS = tuple(sorted(dict.fromkeys(share for shares in WITHHOLDINGS_BY_COUNTRY.values() for share in shares),
                            key=lambda share: (_parts(share), share[1][0] * BASIS == share[0] * share[1][1],
                                               share[0], share[1][0] / share[1][1])))


def shares_of(countries: set[str | None]) -> tuple[Share, ...]:
    """The shares the customers' countries withhold (several: a parent paying its subsidiaries')."""
    if None in countries:
        return WITHHOLDINGS
    return tuple(dict.fromkeys(share for country in sorted(countries)
                               for share in WITHHOLDINGS_BY_COUNTRY.get(country, ())))


def withholding(opens: list[int], taxes: list[int], unit: int, short: int,
                shares: tuple[Share, ...] = WITHHOLDINGS) -> Share | None:
    """The share (of shares) that the invoices' shortfall is, each share rounded to the minor unit
    on each invoice (half a unit off per share and invoice)."""
    tax, before = sum(taxes), sum(opens) - sum(taxes)
    for rate, (part, whole) in shares:
        if 2 * abs((short * BASIS - before * rate) * whole - tax * part * BASIS) \
                <= unit * len(opens) * BASIS * whole * ((rate > 0) + (part > 0)):
            return rate, (part, whole)
    return None


def describe(share: Share, opens: list[int], taxes: list[int], short: int) -> str:
    """'short by 640.00, 20% of the 3200.00 before tax: a tax the customer withheld'."""
    rate, (part, whole) = share
    if part * BASIS == rate * whole:
        return f"short by {money(short)}, {rate / 100:g}% of the whole {money(sum(opens))}: a tax the customer withheld"
    shares = ([f"{rate / 100:g}% of the {money(sum(opens) - sum(taxes))} before tax"] if rate else []) \
        + (["the tax" if part == whole else f"{part}% of the tax" if whole == 100 else f"{part}/{whole} of the tax"]
           if part else [])
    return f"short by {money(short)}, {' and '.join(shares)}: a tax the customer withheld"


def paid_net(share: Share, opens: list[int], taxes: list[int], unit: int, amount: int) -> list[int]:
    """What the payment pays of each invoice: its amount less its own share, rounded half up to
    the minor unit; a rounding difference (or a bank's charge beside the share) against the amount
    falls on the last invoice."""
    paid = [open_milli - withheld for open_milli, withheld in zip(opens, _each(share, opens, taxes, unit), strict=True)]
    paid[-1] += amount - sum(paid)
    return paid


def _each(share: Share, opens: list[int], taxes: list[int], unit: int) -> list[int]:
    """The share of each invoice, rounded half up to the minor unit."""
    rate, (part, whole) = share
    denominator = BASIS * whole * unit
    return [unit * ((2 * ((open_milli - tax) * rate * whole + tax * part * BASIS) + denominator) // (2 * denominator))
            for open_milli, tax in zip(opens, taxes, strict=True)]


def withholding_and_charge(opens: list[int], taxes: list[int], unit: int, short: int, shares: tuple[Share, ...],
                           is_charge) -> tuple[Share, int] | None:
    """The share that leaves of the shortfall a bank's charge (is_charge: a wire's intermediary fee
    of a tariff's size), and that charge, as when a foreign customer withholds its tax and pays by
    wire: Ghana's 7.5% on two invoices and USD 30.00 taken on the way."""
    charges = ((share, short - sum(_each(share, opens, taxes, unit))) for share in shares)
    return next(((share, charge) for share, charge in charges if is_charge(charge)), None)
