"""Domain records: online-trade observations, seizures and questionnaire responses.

Every record carries the same *envelope* (id, kind, revision, timestamps,
device, officer, tombstone) so that records from many devices can be merged.
Records are plain dataclasses; ``to_dict``/``from_dict`` give the canonical
JSON-ready form used by the store, exports and sync bundles (decimals as
strings, dates as ISO strings).
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass, field, fields, is_dataclass
from functools import cache
from typing import Any, ClassVar

OBSERVATION = "observation"
SEIZURE = "seizure"
RESPONSE = "response"
KINDS = (OBSERVATION, SEIZURE, RESPONSE)

SPECIMEN_TYPES = ("live", "part", "product")
LEGAL_STATUSES = ("investigation", "charged", "convicted", "released")
RESPONSE_STATUSES = ("draft", "complete")
FOLLOWUP_OUTCOMES = ("still_online", "removed", "account_locked", "could_not_check")

ENVELOPE_FIELDS = (
    "id",
    "kind",
    "revision",
    "created_at",
    "updated_at",
    "device_id",
    "officer_id",
    "officer_name",
    "deleted",
)


@dataclass
class Envelope:
    id: str = ""
    revision: int = 0
    created_at: str = ""
    updated_at: str = ""
    device_id: str = ""
    officer_id: str = ""
    officer_name: str = ""
    deleted: bool = False


# How reports key a species written only in words (no listed id): this prefix + the grouped name.
NAMED_PREFIX = "~"


@dataclass
class SpeciesLine:
    """One species in an advert: what, in which form, how many."""

    species_id: str = ""  # reference species id, or "" when other_name is used
    other_name: str = ""  # free text for a species not in the list (flagged for review)
    specimen: str = "live"  # live | part | product
    quantity: str = "1"  # exact decimal as text
    unit: str = ""  # CITES unit code; "" = number of specimens
    term: str = ""  # CITES term code (optional for adverts, e.g. LIV, SKI, SCA)


@dataclass
class SeizureItem:
    """One seized item, in CITES annual-report terms."""

    species_id: str = ""
    other_name: str = ""
    term: str = "LIV"  # CITES description-of-specimen code
    quantity: str = "1"
    unit: str = ""  # CITES unit code; "" = number of specimens


@dataclass
class EvidenceRef:
    """A file attached to a record, identified by the SHA-256 of its content at attachment."""

    sha256: str = ""
    filename: str = ""
    media_type: str = ""
    size: int = 0
    added_at: str = ""  # UTC ISO-8601
    added_by: str = ""  # officer name
    device_id: str = ""


@cache
def _field_names(cls) -> frozenset[str]:
    """The dataclass field names of ``cls`` (looked up once: ``fields()`` is slow per record)."""
    return frozenset(f.name for f in fields(cls))


@cache
def _ordered_names(cls) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


_ATOMS = (str, int, bool, float, type(None))


def _plain(value):
    """A field value as ``dataclasses.asdict`` copies it."""
    if type(value) in _ATOMS:
        return value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return {name: _plain(getattr(value, name)) for name in _ordered_names(type(value))}
    if isinstance(value, tuple):
        return type(value)(_plain(v) for v in value)
    return deepcopy(value)


def _build(cls, values: dict):
    """``cls(**values)`` for known field names. When every field is given, the instance's attributes
    are set at once, which is what the generated ``__init__`` does (no defaults, no ``__post_init__``)
    without its per-field keyword handling (measurable in a 100,000-record import)."""
    if len(values) != len(_field_names(cls)):
        return cls(**values)
    obj = cls.__new__(cls)
    obj.__dict__.update(values)
    return obj


def _known_values(data: dict, known: frozenset[str]) -> dict:
    """A copy of ``data`` with only the ``known`` keys."""
    values = dict(data)
    for name in values.keys() - known:
        del values[name]
    return values


def _lines_from(items, cls):
    out = []
    known = _field_names(cls)
    for item in items or []:
        if isinstance(item, cls):
            out.append(item)
        else:
            values = _known_values(item if type(item) is dict else dict(item), known)
            if None in values.values():
                values = {k: ("" if v is None else v) for k, v in values.items()}
            out.append(_build(cls, values))
    return out


@dataclass
class Record(Envelope):
    kind: ClassVar[str] = ""
    line_field: ClassVar[str | None] = None

    def to_dict(self) -> dict[str, Any]:
        """What ``dataclasses.asdict`` gives (nested lines as dicts, lists and dicts copied), without its
        per-value ``deepcopy`` of strings and numbers (a third of a 100,000-row spreadsheet import)."""
        names = _ordered_names(type(self))  # type: ignore[arg-type]  # a class is hashable
        data = {name: _plain(getattr(self, name)) for name in names}
        data["kind"] = self.kind
        data["deleted"] = bool(self.deleted)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Record":
        values = _known_values(data, _field_names(cls))
        if cls.line_field and cls.line_field in values:
            values[cls.line_field] = _lines_from(values[cls.line_field], cls._line_class())
        if "evidence" in values:
            values["evidence"] = _lines_from(values["evidence"], EvidenceRef)
        values["deleted"] = bool(values.get("deleted", False))
        values["revision"] = int(values.get("revision") or 0)
        return _build(cls, values)

    @classmethod
    def _line_class(cls):
        return None

    def content(self) -> dict[str, Any]:
        """The record without its envelope (what a user edits)."""
        return {k: v for k, v in self.to_dict().items() if k not in ENVELOPE_FIELDS}


@dataclass
class Observation(Record):
    """One advertisement or post offering wildlife, seen online."""

    kind: ClassVar[str] = OBSERVATION
    line_field: ClassVar[str] = "species"

    observed_at: str = ""  # ISO date (YYYY-MM-DD) the advert was seen
    platform: str = ""  # reference platform id
    country: str = ""  # ISO 3166-1 alpha-2
    url: str = ""
    group_name: str = ""  # post, page or group name
    seller_handle: str = ""
    seller_name: str = ""
    species: list[SpeciesLine] = field(default_factory=list)
    price: str = ""  # exact decimal as text, "" when no price
    currency: str = ""  # ISO 4217
    price_text: str = ""  # the price as written in the advert
    price_usd: str = ""  # the price in US dollars (exact decimal text), set when saved
    usd_rate: str = ""  # US dollars per unit of ``currency`` used for price_usd ("" for USD prices)
    usd_rate_from: str = ""  # ISO date from which that rate was valid (the rate in force on observed_at)
    seller_location: str = ""  # ISO 3166-2 subdivision
    reported: bool = False  # reported to the platform
    reported_on: str = ""
    removed: bool = False
    account_locked: bool = False
    notes: str = ""
    evidence: list[EvidenceRef] = field(default_factory=list)
    contacts: list[str] = field(default_factory=list)  # phone numbers as written in the advert
    handles: list[str] = field(default_factory=list)  # other accounts: 'wa:+62812…', 'ig:kicau_jaya', 'tg:…', 'shop:…'
    session_id: str = ""  # the monitoring session that found the advert
    keyword: str = ""  # the search keyword that found it
    followup_due: str = ""  # ISO date the reported advert is to be checked again
    followup_outcome: str = ""  # FOLLOWUP_OUTCOMES, "" until checked
    followup_checked_on: str = ""  # ISO date of the last check

    @classmethod
    def _line_class(cls):
        return SpeciesLine


@dataclass
class Seizure(Record):
    """A physical seizure, with field names following the CITES illegal-trade report."""

    kind: ClassVar[str] = SEIZURE
    line_field: ClassVar[str] = "items"

    seizure_date: str = ""
    country: str = ""
    subdivision: str = ""
    place: str = ""  # location of incident
    agency: str = ""  # detecting agency (reference id or text)
    case_reference: str = ""
    detection_method: str = ""
    transport_mode: str = ""  # mode of transport / courier
    concealment_method: str = ""
    origin_country: str = ""  # alleged country of origin
    destination_country: str = ""  # alleged final destination
    transit_countries: str = ""  # space-separated ISO codes
    offender_nationality: str = ""
    suspects_count: int = 0
    suspects_initials: str = ""
    items: list[SeizureItem] = field(default_factory=list)
    estimated_value: str = ""
    currency: str = ""
    legal_status: str = "investigation"
    law_sections: str = ""  # law under which charges were brought
    notes: str = ""
    evidence: list[EvidenceRef] = field(default_factory=list)
    # CITES illegal-trade report fields (codes: desktop.domain.seizure_codes), free text beside each code
    export_country: str = ""  # country of export or re-export (ISO code)
    seizure_reason: str = ""
    seizure_reason_text: str = ""
    disposal: str = ""  # disposal of the confiscated specimens
    disposal_text: str = ""
    legal_outcome: str = ""
    legal_outcome_text: str = ""
    latitude: str = ""  # WGS 84 decimal degrees of the place of the incident, when known (maps)
    longitude: str = ""

    @classmethod
    def _line_class(cls):
        return SeizureItem


@dataclass
class QuestionnaireResponse(Record):
    """One respondent's answers to one version of a questionnaire form."""

    kind: ClassVar[str] = RESPONSE

    form_id: str = ""
    form_version: str = ""
    language: str = ""
    respondent_country: str = ""
    respondent_agency: str = ""
    respondent_role: str = ""
    answers: dict[str, Any] = field(default_factory=dict)
    status: str = "draft"
    workshop_id: str = ""


RECORD_CLASSES: dict[str, type[Record]] = {OBSERVATION: Observation, SEIZURE: Seizure, RESPONSE: QuestionnaireResponse}


def record_from_dict(data: dict[str, Any]) -> Record:
    kind = data.get("kind")
    if kind not in RECORD_CLASSES:
        raise ValueError(f"unknown record kind: {kind!r}")
    return RECORD_CLASSES[kind].from_dict(data)
