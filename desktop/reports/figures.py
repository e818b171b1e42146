"""Monitoring figures for a period: what the summary report, the dashboard and
``pantau report summary --json`` show. Every number is computed in SQL
(``desktop.db.report_sql``); this module only names and shapes them.

Definitions (documented once, used everywhere):

* adverts — live observations seen in the period (country and platform filters apply);
* platforms — distinct platforms among them; seller_accounts — distinct
  (platform, seller handle) pairs; groups — distinct (platform, group or page name);
* live_individuals — summed quantity of live specimen lines counted in specimens (no unit);
* parts — number of part or product lines (``parts_by_unit`` sums their quantities per unit);
* species — distinct species: listed species, and species named only in words (typed as 'other' or
  imported by a name not in the list), grouped case- and spacing-insensitively; these are not
  verified: ``species_unidentified`` counts them, ``species_not_verified`` names them;
* species_by_protection — distinct species per protection category in the chosen country
  (Malaysia means Peninsular Malaysia, MY-PEN) on the advert's date; without a country each
  advert's own country decides, so a species can count under two categories;
* price_range_by_species — over adverts offering exactly one species with a price;
  USD through dated rates (see ``desktop.reports.fx``);
* reported / removed / accounts_locked — adverts so marked; seizures — seizures dated in the
  period in the chosen country.
"""

from __future__ import annotations

import datetime as dt

from desktop.domain.filters import RecordFilter
from desktop.domain.records import NAMED_PREFIX
from desktop.i18n import current_language
from desktop.intel.effort import MIN_SEARCHES_TO_PRUNE, effort
from desktop.progress import Progress
from desktop.reports import fx

STEPS = 11


def countries_seen(store) -> list[str]:
    """Countries of live observations and seizures (the dashboard's country filter)."""
    return store.queries.report.observation_countries()


def platforms_seen(store) -> list[str]:
    """Platforms of live observations (the dashboard's platform filter)."""
    return store.queries.report.observation_platforms()


def as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def number(value):
    """An SQL sum as int when whole, else a float rounded to 6 places (JSON-ready)."""
    if value is None:
        return 0
    if isinstance(value, float):
        return int(value) if value.is_integer() else round(value, 6)
    return value


def months_between(start: dt.date, end: dt.date) -> list[str]:
    out, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def platform_names(ref) -> dict[str, str]:
    return {p.id: getattr(p, "name", p.id) for p in ref.platforms}


def species_names(ref, species_id: str, lang: str, written: str = "") -> dict:
    """Names of a figure's species key: a listed species' id, or '~' + a name given only in words
    (``verified`` False: nobody has matched it to the list)."""
    if species_id.startswith(NAMED_PREFIX):
        name = written or species_id[len(NAMED_PREFIX) :]
        return {"species_id": "", "scientific_name": "", "name": name, "verified": False}
    entry = ref.species_by_id(species_id)
    return {
        "species_id": species_id,
        "scientific_name": entry.scientific_name if entry else "",
        "name": entry.display_name(lang) if entry else species_id,
        "verified": entry is not None,
    }


def monitoring_figures(
    store,
    date_from,
    date_to,
    country: str | None = None,
    platform: str | None = None,
    progress: Progress | None = None,
    top: int = 10,
) -> dict:
    """Every monitoring figure for [date_from, date_to] (inclusive), as a JSON-ready dict."""
    start, end = as_date(date_from), as_date(date_to)
    scope = RecordFilter(
        date_from=start.isoformat(), date_to=end.isoformat(), country=country or "", platform=platform or ""
    )
    lang = current_language()
    done = [0]

    def step():
        done[0] += 1
        if progress:
            progress(done[0], STEPS)

    figures: dict = {
        "period": {"from": scope.date_from, "to": scope.date_to},
        "country": country or None,
        "platform": platform or None,
        "jurisdiction": scope.jurisdiction() or None,
    }
    store.queries.report.prepare_scope(scope)
    head = store.queries.report.headline()
    step()
    lines = store.queries.report.line_totals()
    step()
    figures.update(
        {
            "adverts": head["adverts"],
            "platforms": head["platforms"],
            "seller_accounts": head["seller_accounts"],
            "groups": head["groups"],
            "live_individuals": number(lines["live_individuals"]),
            "adverts_with_live": lines["adverts_live"],
            "parts": lines["parts"],
            "species": lines["species"],
            "species_unidentified": lines["species_unidentified"],
            "reported": head["reported"],
            "removed": head["removed"],
            "accounts_locked": head["accounts_locked"],
            "reported_removed": head["reported_removed"],
            "reported_locked": head["reported_locked"],
        }
    )
    figures["parts_by_unit"] = [
        {"unit": unit, "quantity": number(qty), "lines": n} for unit, qty, n in store.queries.report.parts_by_unit()
    ]
    step()
    figures["species_by_protection"] = dict(store.queries.report.species_by_protection(scope))
    step()
    groups = store.queries.report.species_by_taxon_group()
    total_species = sum(n for _g, n in groups)
    figures["species_by_taxon_group"] = {
        group: {"species": n, "share": round(n / total_species, 4) if total_species else 0.0} for group, n in groups
    }
    step()
    names = platform_names(store.ref)
    figures["by_platform"] = {
        pid: {
            "name": names.get(pid, pid or ""),
            "adverts": n,
            "reported": number(rep),
            "removed": number(rem),
            "accounts_locked": number(locked),
            "live_individuals": number(live),
        }
        for pid, n, rep, rem, locked, live in store.queries.report.by_platform()
    }
    step()
    figures["top_species"] = [
        dict(
            species_names(store.ref, sid, lang, written or ""),
            live_individuals=number(live),
            adverts=adverts,
            part_lines=number(parts),
        )
        for sid, live, adverts, parts, written in store.queries.report.top_species(top)
    ]
    figures["species_not_verified"] = [
        {"name": written, "adverts": n} for _key, written, n in store.queries.report.named_species()
    ]
    step()
    figures["rates_source"] = fx.prepare_rates(store)
    figures["price_range_by_species"] = [
        dict(
            species_names(store.ref, sid, lang),
            currency=currency,
            adverts=n,
            min=number(low),
            max=number(high),
            min_usd=round(low_usd, 2) if low_usd is not None else None,
            max_usd=round(high_usd, 2) if high_usd is not None else None,
            adverts_without_rate=number(no_rate),
        )
        for sid, currency, n, low, high, low_usd, high_usd, no_rate in store.queries.report.price_ranges()
    ]
    step()
    seizures = store.queries.report.seizure_totals(scope)
    step()
    by_month = dict(store.queries.report.seizures_by_month(scope))
    step()
    figures["seizures"] = {
        "count": seizures["count"],
        "live_individuals": number(seizures["live_individuals"]),
        "species": seizures["species"],
        "by_month": {month: by_month.get(month, 0) for month in months_between(start, end)},
        "by_country": dict(store.queries.report.seizures_by_country(scope)),
    }
    step()
    return figures


def effort_figures(store, date_from, date_to) -> dict:
    """Effort figures of every monitoring session in the period, as plain numbers."""
    figures = effort(store, str(date_from), str(date_to)).as_dict()
    figures["min_searches_to_prune"] = MIN_SEARCHES_TO_PRUNE
    return figures


def summary_figures(
    store, date_from, date_to, country: str | None = None, platform: str | None = None, progress: Progress | None = None
) -> dict:
    """The monitoring figures of the period with the monitoring effort (key ``effort``): what the
    dashboard shows and the summary PDF prints (this module loads no PDF library)."""
    figures = monitoring_figures(store, date_from, date_to, country, platform, progress=progress)
    figures["effort"] = effort_figures(store, date_from, date_to)
    return figures
