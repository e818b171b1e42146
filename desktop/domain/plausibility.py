"""Plausibility warnings for entry forms: values that are allowed but look like typing slips.

These are warnings (the user may confirm and save), never errors. The price
checks use the user's dated USD rate table when it has a rate, and a coarse
per-currency bound otherwise; the most common slip they catch is a rupiah
price typed without its thousands ("150" for 150.000).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from desktop.domain.records import Observation, Seizure
from desktop.domain.validation import WARNING, Problem
from desktop.i18n import _, current_language, format_money, format_number

# Above this many US dollars per specimen an advert price is worth a second look.
USD_PER_SPECIMEN_CEILING = {
    "mammal": Decimal(30000),
    "bird": Decimal(15000),
    "reptile": Decimal(20000),
    "amphibian": Decimal(2000),
    "fish": Decimal(10000),
    "insect": Decimal(2000),
}
DEFAULT_USD_CEILING = Decimal(25000)
# Without a rate: whole amounts beyond these look like extra zeros.
AMOUNT_CEILING = {
    "IDR": Decimal(2_000_000_000),
    "MYR": Decimal(500_000),
    "SGD": Decimal(300_000),
    "USD": Decimal(250_000),
    "EUR": Decimal(250_000),
}
AMOUNT_FLOOR = {"IDR": Decimal(1000)}
MANY_SPECIMENS = Decimal(500)


def _decimal(text) -> Decimal | None:
    try:
        value = Decimal(str(text))
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def _species_name(ref, line) -> str:
    species = ref.species_by_id(line.species_id) if line.species_id else None
    if species is None:
        return line.other_name or ""
    return species.display_name(current_language())


def _price_problems(
    ref, rates, amount_field: str, amount_text: str, currency: str, day: str, lines, check_high: bool = True
) -> list[Problem]:
    amount = _decimal(amount_text) if amount_text else None
    if amount is None or amount <= 0 or not currency:
        return []
    out = []
    floor = AMOUNT_FLOOR.get(currency)
    if floor is not None and amount < floor:
        out.append(
            Problem(
                amount_field,
                _(
                    "{amount} looks unusually low; check that no digits were left off (for example 150 instead of "
                    "150,000)."
                ).format(amount=format_money(amount, currency)),
                WARNING,
            )
        )
        return out
    if not check_high:
        return out
    usd = rates.usd_value(amount, currency, day) if rates is not None else None
    specimens = sum(
        (_decimal(line.quantity) or Decimal(0)) for line in lines if not getattr(line, "unit", "")
    ) or Decimal(1)
    if usd is not None:
        per_specimen = usd.amount / specimens
        ceilings = []
        for line in lines:
            species = ref.species_by_id(line.species_id) if line.species_id else None
            ceilings.append(USD_PER_SPECIMEN_CEILING.get(getattr(species, "taxon_group", ""), DEFAULT_USD_CEILING))
        ceiling = max(ceilings) if ceilings else DEFAULT_USD_CEILING
        if per_specimen > ceiling:
            names = ", ".join(n for n in (_species_name(ref, line) for line in lines) if n)
            out.append(
                Problem(
                    amount_field,
                    _(
                        "The price looks unusually high for {species} (about {usd} per specimen); check the number "
                        "of zeros."
                    ).format(species=names or _("this species"), usd=format_money(per_specimen, "USD")),
                    WARNING,
                )
            )
        return out
    ceiling = AMOUNT_CEILING.get(currency)
    if ceiling is not None and amount > ceiling:
        out.append(
            Problem(
                amount_field,
                _("{amount} looks unusually high; check the number of zeros.").format(
                    amount=format_money(amount, currency)
                ),
                WARNING,
            )
        )
    return out


def _quantity_problems(prefix: str, lines) -> list[Problem]:
    out = []
    for i, line in enumerate(lines):
        quantity = _decimal(line.quantity)
        if quantity is not None and not getattr(line, "unit", "") and quantity > MANY_SPECIMENS:
            out.append(
                Problem(
                    f"{prefix}[{i}].quantity",
                    _("{n} specimens is unusually many; check the quantity and its unit.").format(
                        n=format_number(quantity)
                    ),
                    WARNING,
                )
            )
    return out


def entry_warnings(record, ref, rates=None) -> list[Problem]:
    """Plausibility warnings for an observation or a seizure (``rates``: a RateTable or None)."""
    if isinstance(record, Observation):
        return _price_problems(
            ref, rates, "price", record.price, record.currency, record.observed_at, record.species
        ) + _quantity_problems("species", record.species)
    if isinstance(record, Seizure):
        # Seizures can be very large; only the "digits left off" slip is checked.
        return _price_problems(
            ref,
            rates,
            "estimated_value",
            record.estimated_value,
            record.currency,
            record.seizure_date,
            record.items,
            check_high=False,
        )
    return []
