"""The narrative paragraph of the monitoring summary, written from the figures in
donor-report style. Each sentence is one translatable message chosen by
``ngettext`` for its subject's count; the other counts are noun phrases with
their own plural forms, so every language gets correct plurals."""

from __future__ import annotations

from desktop.i18n import _, format_date, format_list, format_money, format_number, ngettext
from desktop.reports.figures import as_date


def _n(value) -> str:
    return format_number(value)


def adverts_phrase(n: int) -> str:
    return ngettext("{n} advert", "{n} adverts", n).format(n=_n(n))


def platforms_phrase(n: int) -> str:
    return ngettext("{n} platform", "{n} platforms", n).format(n=_n(n))


def live_phrase(n) -> str:
    return ngettext("{n} live individual", "{n} live individuals", int(n)).format(n=_n(n))


def species_phrase(n: int) -> str:
    return ngettext("{n} species", "{n} species", n).format(n=_n(n))


def accounts_phrase(n: int) -> str:
    return ngettext("{n} seller account", "{n} seller accounts", n).format(n=_n(n))


def groups_phrase(n: int) -> str:
    return ngettext("{n} group or page", "{n} groups or pages", n).format(n=_n(n))


def period_dates(figures: dict) -> tuple[str, str]:
    return (
        format_date(as_date(figures["period"]["from"]), "long"),
        format_date(as_date(figures["period"]["to"]), "long"),
    )


def money(amount, currency: str) -> str:
    return format_money(amount, currency) if amount is not None else ""


def summary_sentences(figures: dict, country_name: str = "") -> list[str]:
    """The narrative as a list of sentences (one paragraph in the report)."""
    start, end = period_dates(figures)
    adverts = figures["adverts"]
    out: list[str] = []
    if not adverts:
        out.append(_("No adverts were recorded between {start} and {end}.").format(start=start, end=end))
    else:
        out.append(
            ngettext(
                "Between {start} and {end}, {n} advert was recorded on {platforms}, offering {live} of {species}.",
                "Between {start} and {end}, {n} adverts were recorded on {platforms}, offering {live} of {species}.",
                adverts,
            ).format(
                start=start,
                end=end,
                n=_n(adverts),
                platforms=platforms_phrase(figures["platforms"]),
                live=live_phrase(figures["live_individuals"]),
                species=species_phrase(figures["species"]),
            )
        )
        if figures["seller_accounts"]:
            if figures["groups"]:
                text = ngettext(
                    "The advert was posted by {accounts} in {groups}.",
                    "The adverts were posted by {accounts} in {groups}.",
                    adverts,
                )
            else:
                text = ngettext(
                    "The advert was posted by {accounts}.", "The adverts were posted by {accounts}.", adverts
                )
            out.append(
                text.format(
                    accounts=accounts_phrase(figures["seller_accounts"]), groups=groups_phrase(figures["groups"])
                )
            )
        out.extend(_reporting_sentences(figures))
        out.extend(_species_sentences(figures, country_name))
    seizures = figures["seizures"]["count"]
    if seizures:
        out.append(
            ngettext(
                "{n} seizure was recorded in the same period.",
                "{n} seizures were recorded in the same period.",
                seizures,
            ).format(n=_n(seizures))
        )
    return out


def _reporting_sentences(figures: dict) -> list[str]:
    reported, removed = figures["reported"], figures["reported_removed"]
    if not reported:
        return [_("No adverts were reported to the platforms.")]
    out = [
        ngettext(
            "Of the {reported} reported to the platforms, {n} was removed.",
            "Of the {reported} reported to the platforms, {n} were removed.",
            removed,
        ).format(reported=adverts_phrase(reported), n=_n(removed))
    ]
    locked = figures["accounts_locked"]
    if locked:
        out.append(
            ngettext(
                "In {n} case the seller's account was locked.", "In {n} cases the seller's account was locked.", locked
            ).format(n=_n(locked))
        )
    return out


def _species_sentences(figures: dict, country_name: str) -> list[str]:
    out: list[str] = []
    by_status = figures["species_by_protection"]
    protected = by_status.get("protected", 0) + by_status.get("totally_protected", 0)
    if figures["species"] and protected:
        species = species_phrase(figures["species"])
        totally = by_status.get("totally_protected", 0)
        if country_name and totally:
            text = ngettext(
                "{n} of the {species} advertised was protected in {country}, {totally} of them totally.",
                "{n} of the {species} advertised were protected in {country}, {totally} of them totally.",
                protected,
            )
        elif country_name:
            text = ngettext(
                "{n} of the {species} advertised was protected in {country}.",
                "{n} of the {species} advertised were protected in {country}.",
                protected,
            )
        else:
            text = ngettext(
                "{n} of the {species} advertised was protected in the country where it was advertised.",
                "{n} of the {species} advertised were protected in the country where they were advertised.",
                protected,
            )
        out.append(text.format(n=_n(protected), species=species, country=country_name, totally=_n(totally)))
    top = [s for s in figures["top_species"] if s["live_individuals"]][:3]
    if top:
        items = [
            _("{name} ({n})").format(name=s["name"] or s["scientific_name"], n=_n(s["live_individuals"])) for s in top
        ]
        out.append(
            ngettext(
                "The species most offered alive was {list}.", "The species most offered alive were {list}.", len(items)
            ).format(list=format_list(items))
        )
    priced = [p for p in figures["price_range_by_species"] if p["max_usd"] is not None]
    if priced:
        best = max(priced, key=lambda p: p["max_usd"])
        out.append(
            _("The highest asking price was for {name}: {price} (about {usd}).").format(
                name=best["name"] or best["scientific_name"],
                price=money(best["max"], best["currency"]),
                usd=money(best["max_usd"], "USD"),
            )
        )
    return out


def summary_paragraph(figures: dict, country_name: str = "") -> str:
    return " ".join(summary_sentences(figures, country_name))
