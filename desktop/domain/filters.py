"""The one filter type: which records a list, a search, a report or an export selects.

:class:`RecordFilter` is plain data (no SQL). The record lists and their search,
"Export this list…", ``pantau export``, the GeoJSON map and the summary reports
all describe their records with it, and one builder in the database layer
(:func:`desktop.db.filter_sql.where_clause`) turns it into SQL, so a list and a
report given the same filter select the same records.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

# "Malaysia" in protection figures and filters means Peninsular Malaysia (Act 716).
MALAYSIA_JURISDICTION = "MY-PEN"


def jurisdiction_of(country: str) -> str:
    """The protection list's jurisdiction for a country code ('MY' → 'MY-PEN')."""
    return MALAYSIA_JURISDICTION if country == "MY" else country


@dataclass(frozen=True)
class RecordFilter:
    kind: str = "observation"  # observation, seizure or response
    text: str = ""  # free-text search (observations and seizures)
    date_from: str = ""  # ISO date, inclusive; "" for no lower bound
    date_to: str = ""  # ISO date, inclusive (a datetime on that day counts); "" for no upper bound
    platform: str = ""  # reference platform id (observations), "" for all
    species_id: str = ""
    protection: str = ""  # category in the record's country (totally_protected, protected…, unknown)
    country: str = ""  # ISO 3166-1 alpha-2, "" for all
    reported: bool | None = None  # observations: reported to the platform, None for either
    removed: bool | None = None  # observations: advert removed, None for either
    include_deleted: bool = False
    sort: str = ""  # a list's sort column ("" for the kind's date), ignored by reports
    descending: bool = True

    def jurisdiction(self) -> str:
        """The protection jurisdiction of the filter's country ("" without a country)."""
        return jurisdiction_of(self.country)

    def of_kind(self, kind: str) -> RecordFilter:
        """The same selection for another kind of record (a report's seizures of its period)."""
        return replace(self, kind=kind)

    def selects_everything(self) -> bool:
        """True when nothing narrows the kind's live records (a sort order does not)."""
        return replace(self, sort="", descending=True) == RecordFilter(kind=self.kind)
