"""Names of record fields and readable values, for the detail view, its history and filters."""

from __future__ import annotations

import datetime as dt
import re

from desktop.domain.seizure_codes import DISPOSALS, LEGAL_OUTCOMES, REASONS
from desktop.i18n import N_, _, current_language, format_date
from desktop.reference.translated_names import local_name
from desktop.ui.widgets.choices import LEGAL_STATUS_LABELS, SPECIMEN_LABELS
from desktop.ui.widgets.money_edit import display_decimal
from desktop.ui.widgets.species_picker import species_label

FIELD_LABELS = {
    "observed_at": N_("Date seen"),
    "platform": N_("Platform"),
    "country": N_("Country"),
    "url": N_("Web address"),
    "group_name": N_("Group, page or shop"),
    "seller_handle": N_("Seller account"),
    "seller_name": N_("Seller display name"),
    "species": N_("Species"),
    "price": N_("Price"),
    "currency": N_("Currency"),
    "price_text": N_("Price as written"),
    "price_usd": N_("Price in US dollars"),
    "usd_rate": N_("US dollars per unit (rate used)"),
    "usd_rate_from": N_("Rate valid from"),
    "seller_location": N_("Seller's province or state"),
    "reported": N_("Reported to the platform"),
    "reported_on": N_("Reported on"),
    "removed": N_("Advert removed"),
    "account_locked": N_("Seller account locked"),
    "notes": N_("Notes"),
    "evidence": N_("Evidence"),
    "seizure_date": N_("Date of seizure"),
    "subdivision": N_("Province or state"),
    "place": N_("Place"),
    "agency": N_("Detecting agency"),
    "case_reference": N_("Case reference"),
    "detection_method": N_("Detection method"),
    "transport_mode": N_("Mode of transport"),
    "concealment_method": N_("Concealment"),
    "origin_country": N_("Country of origin"),
    "destination_country": N_("Destination"),
    "transit_countries": N_("Transit countries"),
    "offender_nationality": N_("Nationality of suspects"),
    "suspects_count": N_("Number of suspects"),
    "suspects_initials": N_("Initials of suspects"),
    "items": N_("Seized items"),
    "estimated_value": N_("Estimated value"),
    "legal_status": N_("Legal status"),
    "law_sections": N_("Law and sections"),
    "export_country": N_("Country of export or re-export"),
    "seizure_reason": N_("Reason for seizure"),
    "seizure_reason_text": N_("Reason for seizure (details)"),
    "disposal": N_("Disposal of specimens"),
    "disposal_text": N_("Disposal (details)"),
    "legal_outcome": N_("Legal outcome"),
    "legal_outcome_text": N_("Legal outcome (details)"),
    "latitude": N_("Latitude"),
    "longitude": N_("Longitude"),
    "deleted": N_("Deleted"),
    "contacts": N_("Phone numbers"),
    "handles": N_("Other accounts"),
    "session_id": N_("Monitoring session"),
    "keyword": N_("Search keyword"),
    "followup_due": N_("Check again on"),
    "followup_outcome": N_("Follow-up result"),
    "followup_checked_on": N_("Last checked on"),
}
SEIZURE_CODES = {"seizure_reason": REASONS, "disposal": DISPOSALS, "legal_outcome": LEGAL_OUTCOMES}
LINE_LABELS = {
    "species_id": N_("species"),
    "other_name": N_("other species"),
    "specimen": N_("specimen"),
    "quantity": N_("quantity"),
    "unit": N_("unit"),
    "term": N_("description"),
    "sha256": N_("file"),
    "filename": N_("file name"),
}
COUNTRY_FIELDS = ("country", "origin_country", "destination_country", "offender_nationality", "export_country")
DATE_FIELDS = ("observed_at", "seizure_date", "reported_on", "followup_due", "followup_checked_on", "usd_rate_from")
_LINE = re.compile(r"^(\w+)\[(\d+)\](?:\.(\w+))?$")


def field_label(field: str) -> str:
    """'price' → 'Price'; 'species[1].quantity' → 'Species 2: quantity'."""
    match = _LINE.match(field)
    if match:
        base, index, sub = match.group(1), int(match.group(2)) + 1, match.group(3)
        if sub:
            return _("{field} {n}: {part}").format(
                field=_(FIELD_LABELS.get(base, base)), n=index, part=_(LINE_LABELS.get(sub, sub))
            )
        return _("{field} {n}").format(field=_(FIELD_LABELS.get(base, base)), n=index)
    return _(FIELD_LABELS.get(field, field))


def display_value(ref, field: str, value) -> str:
    """A stored value as a reader expects it (names instead of codes, local dates and numbers)."""
    name = field.rsplit(".", 1)[-1] if "." in field else field
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) if value else "—"
    if name in DATE_FIELDS:
        try:
            return format_date(dt.date.fromisoformat(str(value)[:10]))
        except ValueError:
            return str(value)
    if name == "platform":
        return next((local_name(p.name) for p in ref.platforms if p.id == value), str(value))
    if name in COUNTRY_FIELDS:
        country = ref.country(str(value))
        return country.name(current_language()) if country else str(value)
    if name in ("subdivision", "seller_location"):
        sub = ref.subdivision(str(value))
        return sub.name if sub else str(value)
    if name == "species_id":
        species = ref.species_by_id(str(value))
        return species_label(species) if species else str(value)
    if name in ("price", "estimated_value", "quantity"):
        return display_decimal(str(value))
    if name == "legal_status":
        return _(LEGAL_STATUS_LABELS.get(value, value))
    if name == "specimen":
        return _(SPECIMEN_LABELS.get(value, value))
    if name in SEIZURE_CODES:
        return _(SEIZURE_CODES[name].get(value, value))
    if name == "agency":
        return next((a.name for a in ref.agencies if a.id == value), str(value))
    if name in ("updated_at", "created_at", "added_at"):
        return local_time(str(value))
    return str(value)


def local_time(utc_text: str) -> str:
    """A stored UTC timestamp ("2026-05-01T03:04:05.000000Z") as a local date and time."""
    try:
        moment = dt.datetime.fromisoformat(utc_text.replace("Z", "+00:00"))
    except ValueError:
        return utc_text
    return format_date(moment.astimezone().replace(tzinfo=None, microsecond=0))
