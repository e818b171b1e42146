"""Exchange rates for showing prices in US dollars.

Reports prefer the user's own dated rates (``desktop.rates``, USD per unit
from a day on). When a database has none, or it is empty, a small
built-in table of approximate yearly average rates is used instead, and the
report says so. Rates are never fetched online.
"""

from __future__ import annotations

from desktop.i18n import N_, _
from desktop.rates import list_rates

SOURCE_DATABASE = "database"
SOURCE_BUILTIN = "builtin"
SOURCE_TEXT = {
    SOURCE_DATABASE: N_("USD amounts use the dated exchange rates kept in this database."),
    SOURCE_BUILTIN: N_(
        "USD amounts use Pantau's built-in approximate yearly average exchange rates "
        "(not official; for orientation only), because this database has no exchange rates."
    ),
}


def source_text(source: str) -> str:
    """The translated sentence saying where USD amounts come from."""
    message = SOURCE_TEXT[source]
    return _(message)


# Units of each currency per US dollar from 1 January of each year: rounded yearly
# averages, approximate, for orientation only. Replace them with dated official rates
# in the database's rates table for anything that must be exact.
BUILTIN_RATES: dict[str, dict[int, float]] = {
    "IDR": {2019: 14148, 2020: 14582, 2021: 14308, 2022: 14850, 2023: 15237, 2024: 15850, 2025: 16400, 2026: 16600},
    "MYR": {2019: 4.14, 2020: 4.20, 2021: 4.14, 2022: 4.40, 2023: 4.56, 2024: 4.58, 2025: 4.35, 2026: 4.20},
    "SGD": {2019: 1.36, 2020: 1.38, 2021: 1.34, 2022: 1.38, 2023: 1.34, 2024: 1.34, 2025: 1.31, 2026: 1.29},
    "CNY": {2019: 6.91, 2020: 6.90, 2021: 6.45, 2022: 6.73, 2023: 7.08, 2024: 7.19, 2025: 7.20, 2026: 7.10},
    "VND": {2019: 23050, 2020: 23208, 2021: 23160, 2022: 23271, 2023: 23787, 2024: 24850, 2025: 25800, 2026: 26200},
    "TZS": {2019: 2290, 2020: 2300, 2021: 2300, 2022: 2320, 2023: 2400, 2024: 2600, 2025: 2550, 2026: 2500},
    "XAF": {2019: 586, 2020: 575, 2021: 554, 2022: 623, 2023: 606, 2024: 607, 2025: 580, 2026: 565},
    "EUR": {2019: 0.89, 2020: 0.88, 2021: 0.85, 2022: 0.95, 2023: 0.92, 2024: 0.92, 2025: 0.88, 2026: 0.86},
    "GBP": {2019: 0.78, 2020: 0.78, 2021: 0.73, 2022: 0.81, 2023: 0.80, 2024: 0.78, 2025: 0.76, 2026: 0.75},
    "THB": {2019: 31.0, 2020: 31.3, 2021: 32.0, 2022: 35.1, 2023: 34.8, 2024: 35.3, 2025: 33.5, 2026: 32.5},
    "PHP": {2019: 51.8, 2020: 49.6, 2021: 49.3, 2022: 54.5, 2023: 55.6, 2024: 57.3, 2025: 57.5, 2026: 58.0},
}


def builtin_rows() -> list[tuple[str, str, float]]:
    """The built-in table as (currency, valid_from, USD per unit)."""
    return [
        (currency, f"{year:04d}-01-01", 1.0 / float(rate))
        for currency, years in BUILTIN_RATES.items()
        for year, rate in years.items()
    ]


def database_rows(store) -> list[tuple[str, str, float]]:
    """The user's dated rates (``desktop.rates``) as (currency, valid_from, USD per unit)."""
    rates = list_rates(store)
    return [(r.currency, r.valid_from, float(r.usd_per_unit)) for r in rates if r.usd_per_unit > 0]


def prepare_rates(store) -> str:
    """Load the rates the next price query uses; returns SOURCE_DATABASE or SOURCE_BUILTIN."""
    rows = database_rows(store)
    source = SOURCE_DATABASE if rows else SOURCE_BUILTIN
    store.queries.report.load_fx(rows or builtin_rows())
    return source
