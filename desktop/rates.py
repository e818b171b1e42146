"""The dated USD exchange-rate table, typed in by the user (never fetched online).

Each rate says how many US dollars one unit of a currency was worth from a
given day on; the value of an amount on a day uses the newest rate that
started on or before that day. Amounts stay exact decimals.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from desktop.domain.validation import Problem
from desktop.errors import ValidationFailed
from desktop.i18n import _

USD = "USD"


@dataclass(frozen=True)
class Rate:
    currency: str
    valid_from: str  # ISO date
    usd_per_unit: Decimal
    note: str = ""


@dataclass(frozen=True)
class UsdValue:
    amount: Decimal  # in USD, rounded to cents
    rate: Rate | None  # None when the amount already was in USD


class RateTable:
    def __init__(self, rates: list[Rate]):
        self._by_currency: dict[str, list[Rate]] = {}
        for rate in sorted(rates, key=lambda r: (r.currency, r.valid_from)):
            self._by_currency.setdefault(rate.currency, []).append(rate)

    @classmethod
    def load(cls, store) -> "RateTable":
        return cls(list_rates(store))

    def rates(self) -> list[Rate]:
        return [r for rates in self._by_currency.values() for r in rates]

    def rate_on(self, currency: str, day: str | dt.date | None = None) -> Rate | None:
        """The rate for ``currency`` in force on ``day`` (today when not given)."""
        day_text = (day.isoformat() if isinstance(day, dt.date) else (day or "")[:10]) or dt.date.today().isoformat()
        found = None
        for rate in self._by_currency.get(currency, []):
            if rate.valid_from <= day_text:
                found = rate
        return found

    def usd_value(self, amount: Decimal | str, currency: str, day: str | dt.date | None = None) -> UsdValue | None:
        """``amount`` of ``currency`` in USD on ``day``, or None when no rate is known."""
        try:
            number = Decimal(str(amount))
        except (InvalidOperation, ValueError):
            return None
        if not number.is_finite():
            return None
        if currency == USD:
            return UsdValue(number.quantize(Decimal("0.01"), ROUND_HALF_UP), None)
        rate = self.rate_on(currency, day)
        if rate is None:
            return None
        return UsdValue((number * rate.usd_per_unit).quantize(Decimal("0.01"), ROUND_HALF_UP), rate)


def list_rates(store) -> list[Rate]:
    out = []
    for row in store.queries.drafts.read_rates():
        try:
            out.append(Rate(row["currency"], row["valid_from"], Decimal(row["usd_per_unit"]), row["note"] or ""))
        except (InvalidOperation, ValueError):
            continue
    return out


def check_rate(store, currency: str, valid_from: str, usd_per_unit: str) -> list[Problem]:
    problems = []
    if currency not in {c.code for c in store.ref.currencies}:
        problems.append(Problem("currency", _("Unknown currency '{value}'.").format(value=currency)))
    elif currency == USD:
        problems.append(Problem("currency", _("US dollars need no exchange rate.")))
    try:
        dt.date.fromisoformat(valid_from)
    except (TypeError, ValueError):
        problems.append(
            Problem("valid_from", _("'{value}' is not a valid date (use YYYY-MM-DD).").format(value=valid_from))
        )
    try:
        number = Decimal(str(usd_per_unit))
        if not number.is_finite() or number <= 0:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        problems.append(Problem("usd_per_unit", _("The rate must be a number greater than zero.")))
    return problems


def save_rate(store, currency: str, valid_from: str, usd_per_unit: str, note: str = "") -> Rate:
    """Add or replace the rate of ``currency`` from ``valid_from``; raises ValidationFailed."""
    problems = check_rate(store, currency, valid_from, usd_per_unit)
    if problems:
        raise ValidationFailed(problems[0].message, problems)
    with store.transaction():
        store.queries.drafts.upsert_rate(currency, valid_from, str(Decimal(str(usd_per_unit))), note)
    return Rate(currency, valid_from, Decimal(str(usd_per_unit)), note)


def delete_rate(store, currency: str, valid_from: str) -> None:
    with store.transaction():
        store.queries.drafts.delete_rate(currency, valid_from)


def apply_usd_value(record, rates: RateTable):
    """Store on an observation its price in US dollars, with the rate and the rate's start date used:
    the rate in force on the day the advert was seen, as the table stands when the record is saved.
    The three fields are emptied when there is no price, no currency or no rate. Returns ``record``."""
    if not hasattr(record, "price_usd"):
        return record
    value = (
        rates.usd_value(record.price, record.currency, record.observed_at) if record.price and record.currency else None
    )
    record.price_usd = format(value.amount, "f") if value else ""
    record.usd_rate = format(value.rate.usd_per_unit, "f") if value and value.rate else ""
    record.usd_rate_from = value.rate.valid_from if value and value.rate else ""
    return record
