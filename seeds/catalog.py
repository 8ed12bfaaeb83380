"""Static reference data of the demo world: products, price book, tax rates, places, names."""

from __future__ import annotations

from decimal import Decimal

from contract.money import money

CURRENCIES = ("USD", "EUR", "GBP", "JPY")
# Multiplier from the USD list price to each currency's list price (a price-list decision, not FX).
PRICE_LIST_FACTOR = {"USD": Decimal("1"), "EUR": Decimal("0.92"), "GBP": Decimal("0.79"), "JPY": Decimal("150")}

# Monthly (recurring) or one-off list prices in USD.
RECURRING_PRODUCTS = {"SEATS-STD": Decimal("45.00"), "SEATS-PRO": Decimal("95.00"),
                      "PLATFORM": Decimal("1500.00"), "ADDON-SSO": Decimal("400.00")}
ONE_TIME_PRODUCTS = {"SETUP": Decimal("2500.00"), "IMPLEMENTATION": Decimal("12000.00")}

# Usage price book in USD: (up_to, unit_price, flat_fee); flat fees only from tier 2 on, so a
# period without usage costs nothing under either reading of "tier entered".
USAGE_TIERS = {
    "API-CALLS": ("graduated", ((1000, "0.50", "0"), (10000, "0.40", "25.00"), (None, "0.30", "100.00"))),
    "STORAGE-GB": ("volume", ((500, "0.25", "0"), (5000, "0.20", "50.00"), (None, "0.15", "200.00"))),
}


def list_price(usd_price: Decimal, currency: str) -> Decimal:
    return money(usd_price * PRICE_LIST_FACTOR[currency], currency)


def price_book() -> list[dict[str, str]]:
    rows = []
    for product, (model, tiers) in USAGE_TIERS.items():
        for currency in CURRENCIES:
            for number, (up_to, unit_price, flat_fee) in enumerate(tiers, start=1):
                rows.append({
                    "product_code": product, "pricing_model": model, "tier": str(number),
                    "up_to": "" if up_to is None else str(up_to),
                    "unit_price": str(list_price(Decimal(unit_price), currency)),
                    "flat_fee": str(list_price(Decimal(flat_fee), currency)), "currency": currency,
                })
    return rows


def tiers_for(product: str, currency: str) -> tuple[str, list[tuple[int | None, Decimal, Decimal]]]:
    model, tiers = USAGE_TIERS[product]
    return model, [(up_to, list_price(Decimal(price), currency), list_price(Decimal(flat), currency))
                   for up_to, price, flat in tiers]


def rate_usage(product: str, currency: str, units: int) -> list[tuple[int, Decimal]]:
    """The invoice lines (quantity, unit price) that bill `units` of a product for one period.

    Graduated: one line per tier entered plus its flat fee; volume: all units at the tier the
    total falls in plus that tier's flat fee. Integer units and minor-unit prices keep every line
    exact, so quantity × unit_price is the line amount with no rounding.
    """
    if units <= 0:
        return []
    model, tiers = tiers_for(product, currency)
    lines: list[tuple[int, Decimal]] = []
    if model == "graduated":
        lower = 0
        for up_to, price, flat in tiers:
            in_tier = min(units, up_to if up_to is not None else units) - lower
            if in_tier <= 0:
                break
            lines.append((in_tier, price))
            if flat:
                lines.append((1, flat))
            lower = up_to if up_to is not None else units
        return lines
    for up_to, price, flat in tiers:
        if up_to is None or units <= up_to:
            lines.append((units, price))
            if flat:
                lines.append((1, flat))
            return lines
    raise AssertionError("the last tier has no upper bound")


def rated_amount(product: str, currency: str, units: int) -> Decimal:
    return sum((qty * price for qty, price in rate_usage(product, currency, units)), Decimal(0))


EU_COUNTRIES = ("DE", "FR", "NL", "IE", "ES")
# (country, region, rate, software_taxable). US-CA taxes goods but not SaaS; OR has no row and
# falls back to the country row; HK has no sales tax at all.
TAX_RATES = (
    ("US", "", "0", True), ("US", "NY", "0.04", True), ("US", "TX", "0.0625", True),
    ("US", "WA", "0.065", True), ("US", "PA", "0.06", True), ("US", "CA", "0.0725", False),
    ("US", "MA", "0.0625", True), ("US", "CO", "0.029", True),
    ("DE", "", "0.19", True), ("FR", "", "0.20", True), ("NL", "", "0.21", True),
    ("IE", "", "0.23", True), ("ES", "", "0.21", True), ("GB", "", "0.20", True),
    ("JP", "", "0.10", True), ("HK", "", "0", False),
)
US_STATES = ("NY", "TX", "WA", "PA", "CA", "MA", "CO", "OR")
COUNTRY_WEIGHTS = (("US", 52), ("DE", 8), ("FR", 6), ("NL", 5), ("IE", 3), ("ES", 3), ("GB", 9),
                   ("JP", 7), ("HK", 3))
CURRENCY_OF_COUNTRY = {"US": "USD", "HK": "USD", "GB": "GBP", "JP": "JPY", **{c: "EUR" for c in EU_COUNTRIES}}
LEGAL_SUFFIX = {"US": ("Inc.", "LLC", "Corp."), "DE": ("GmbH", "AG"), "FR": ("SAS", "SA"),
                "NL": ("B.V.",), "IE": ("Ltd",), "ES": ("S.L.",), "GB": ("Ltd", "PLC"),
                "JP": ("K.K.",), "HK": ("Limited",)}
NAME_FIRST = ("Acme", "Northwind", "Blue Harbor", "Granite", "Silverline", "Redwood", "Polaris",
              "Summit", "Ironclad", "Brightpath", "Cobalt", "Evergreen", "Falcon", "Harbor Point",
              "Juniper", "Keystone", "Lighthouse", "Meridian", "Nimbus", "Orchard", "Pinnacle",
              "Quantum", "Riverbend", "Sterling", "Tidewater", "Umbra", "Vantage", "Westwind",
              "Yellowstone", "Zenith", "Aurora", "Beacon", "Cascade", "Driftwood", "Ember")
NAME_SECOND = ("Analytics", "Logistics", "Health", "Foods", "Robotics", "Media", "Capital",
               "Energy", "Software", "Retail", "Manufacturing", "Labs", "Systems", "Holdings",
               "Technologies", "International", "Networks", "Partners", "Biotech", "Consulting")
ABBREVIATIONS = {"International": "Intl", "Technologies": "Tech", "Manufacturing": "Mfg",
                 "Corporation": "Corp", "Holdings": "Hldgs", "Systems": "Sys", "Logistics": "Log"}
OWNERS = ("maria.lopez", "james.chen", "priya.nair", "tom.becker", "sofia.rossi", "kenji.ito",
          "olivia.martin", "david.okafor")
