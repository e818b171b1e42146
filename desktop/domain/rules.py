"""Validation rules for every record kind.

``validate(record, ref, today=None)`` returns every problem at once as a list
of :class:`~desktop.domain.validation.Problem` (field name + message in the
current language); it never raises for bad data. ``ref`` is the loaded
reference data (species, platforms, countries, currencies, CITES codes).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from desktop.domain import limits
from desktop.domain.contacts import normalise_handle, parse_phone, split_handle
from desktop.domain.records import (
    FOLLOWUP_OUTCOMES,
    LEGAL_STATUSES,
    RESPONSE_STATUSES,
    SPECIMEN_TYPES,
    Observation,
    QuestionnaireResponse,
    Record,
    Seizure,
)
from desktop.domain.seizure_codes import DISPOSALS, LEGAL_OUTCOMES, REASONS
from desktop.domain.validation import WARNING, Problem
from desktop.i18n import N_, _


class _Checker:
    def __init__(self, ref, today: dt.date | None):
        self.ref = ref
        self.today = today or dt.date.today()
        self.problems: list[Problem] = []

    def prepare(self) -> "_Checker":
        ref = self.ref
        self.countries = {c.code for c in ref.countries}
        self.platforms = {p.id for p in ref.platforms}
        self.currencies = {c.code for c in ref.currencies}
        self.units = {u.code for u in ref.cites_units}
        self.terms = {t.code for t in ref.cites_terms}
        self.subdivisions = {s.code: s.country for s in ref.subdivisions}
        return self

    def add(self, field: str, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(field, message, severity))

    def required(self, field: str, value) -> bool:
        if value in (None, "") or (isinstance(value, str) and not value.strip()):
            self.add(field, _("This field is required."))
            return False
        return True

    def date(self, field: str, value: str, required: bool = True, future_ok: bool = False) -> None:
        if not value:
            if required:
                self.add(field, _("Enter a date."))
            return
        text = str(value)
        try:
            if not _DAY.fullmatch(text):
                raise ValueError(text)
            day = dt.date.fromisoformat(text)
        except ValueError:
            self.add(field, _("'{value}' is not a valid date (use YYYY-MM-DD).").format(value=value))
            return
        if day > self.today and not future_ok:
            self.add(field, _("The date cannot be in the future."))
        elif day < EARLIEST_DATE:
            self.add(field, _("The date is before 1975; check the year."))

    def decimal(self, field: str, value: str, positive: bool = False) -> Decimal | None:
        if value in (None, ""):
            return None
        try:
            number = Decimal(str(value))
            if not number.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            self.add(field, _("'{value}' is not a number.").format(value=value))
            return None
        if abs(number) >= MAX_AMOUNT:
            self.add(
                field, _("'{value}' is too large: amounts and quantities stay below a quadrillion.").format(value=value)
            )
        elif number < 0:
            self.add(field, _("The value cannot be negative."))
        elif positive and number == 0:
            self.add(field, _("The quantity must be greater than zero."))
        return number

    def choice(self, field: str, value: str, allowed, message: str, required: bool = True) -> None:
        """``message`` is an untranslated msgid (``N_``), translated only when it is needed."""
        if not value:
            if required:
                self.add(field, _("This field is required."))
            return
        if value not in allowed:
            self.add(field, _(message).format(value=value))

    def country(self, field: str, value: str, required: bool = True) -> None:
        self.choice(field, value, self.countries, N_("Unknown country code '{value}'."), required)

    def money(self, amount_field: str, amount: str, currency_field: str, currency: str) -> None:
        number = self.decimal(amount_field, amount)
        if number is not None and not currency:
            self.add(currency_field, _("Choose the currency of the amount."))
        if currency and currency not in self.currencies:
            self.add(currency_field, _("Unknown currency '{value}'.").format(value=currency))

    def species(self, prefix: str, species_id: str, other_name: str) -> None:
        if species_id:
            if self.ref.species_by_id(species_id) is None:
                self.add(
                    f"{prefix}.species_id",
                    _("Species '{value}' is not in the list; choose it from the list or enter it as 'other'.").format(
                        value=species_id
                    ),
                )
        elif not (other_name or "").strip():
            self.add(f"{prefix}.species_id", _("Choose a species, or enter it as 'other' with a name."))

    def subdivision(self, field: str, code: str, country: str) -> None:
        if not code:
            return
        if code not in self.subdivisions:
            self.add(field, _("Unknown province or state '{value}'.").format(value=code))
        elif country and self.subdivisions[code] != country:
            self.add(field, _("This province or state is not in the chosen country."))


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")  # a day, never a time-stamp
EARLIEST_DATE = dt.date(1975, 1, 1)  # CITES entered into force on 1 July 1975; earlier dates are typing errors
MAX_AMOUNT = Decimal(10) ** 15
# Control characters (NUL and the other C0 codes except tab, line feed and carriage return, and DEL):
# they break exports, terminals and other programs reading the data, and no one types them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _control_characters(c: "_Checker", record: Record) -> None:
    """An error for every text field that holds a control character (lines and answers included)."""
    _walk_text(c, "", record)


def _walk_text(c: "_Checker", path: str, value) -> None:
    # A module-level function, not a closure calling itself: such a closure is a reference cycle per
    # record, which imports (with the cycle collector paused) would keep until they end.
    if isinstance(value, str):
        if _CONTROL.search(value):
            c.add(path, _("This text contains control characters (such as NUL) that cannot be saved."))
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk_text(c, f"{path}.{key}" if path else str(key), item)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            _walk_text(c, f"{path}[{i}]", item)
    elif hasattr(value, "__dataclass_fields__"):
        for key in value.__dataclass_fields__:
            _walk_text(c, f"{path}.{key}" if path else key, getattr(value, key))


# 'http(s)://host' followed by a path, query, fragment or nothing: urlsplit would give an http(s) scheme and
# a non-empty netloc, so the common address needs no parsing (anything else is parsed: ports, user info...)
_PLAIN_WEB_ADDRESS = re.compile(r"https?://[A-Za-z0-9.-]+(?:[/?#]|\Z)")


def _web_address(url: str) -> bool:
    """Whether ``url`` (stripped) is an http or https address with a host and without spaces."""
    if _PLAIN_WEB_ADDRESS.match(url):
        return " " not in url
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in url


MAX_NAME_LENGTH = 200  # a seller's account or display name, a group: longer is a paste gone wrong


def _observation(c: _Checker, r: Observation) -> None:
    c.date("observed_at", r.observed_at)
    c.choice("platform", r.platform, c.platforms, N_("Unknown platform '{value}'."))
    c.country("country", r.country)
    if r.url and not _web_address(r.url.strip()):
        c.add("url", _("This is not a valid web address (it must start with http:// or https://)."))
    for name in ("seller_handle", "seller_name", "group_name"):
        if len(getattr(r, name) or "") > MAX_NAME_LENGTH:
            c.add(
                name,
                _("This is too long for a name: at most {n} characters (it has {length}).").format(
                    n=MAX_NAME_LENGTH, length=len(getattr(r, name))
                ),
            )
    if not r.species:
        c.add("species", _("Add at least one species."))
    for i, line in enumerate(r.species):
        prefix = f"species[{i}]"
        c.species(prefix, line.species_id, line.other_name)
        c.choice(f"{prefix}.specimen", line.specimen, SPECIMEN_TYPES, N_("Unknown specimen type '{value}'."))
        if c.required(f"{prefix}.quantity", line.quantity):
            c.decimal(f"{prefix}.quantity", line.quantity, positive=True)
        c.choice(f"{prefix}.unit", line.unit, c.units, N_("Unknown unit '{value}'."), required=False)
        c.choice(f"{prefix}.term", line.term, c.terms, N_("Unknown specimen description '{value}'."), required=False)
    c.money("price", r.price, "currency", r.currency)
    c.subdivision("seller_location", r.seller_location, r.country)
    c.date("reported_on", r.reported_on, required=False)
    if (r.removed or r.account_locked) and not r.reported:
        c.add("reported", _("The advert is marked removed or locked but not reported to the platform."), WARNING)
    _contacts_and_followup(c, r)


def _contacts_and_followup(c: _Checker, r: Observation) -> None:
    for i, raw in enumerate(r.contacts or []):
        if parse_phone(str(raw), r.country) is None:
            c.add(
                f"contacts[{i}]",
                _(
                    "'{value}' is not a phone number for the advert's country (write it as in "
                    "the advert, e.g. 0812-3456-7890 or +62 812 3456 7890)."
                ).format(value=raw),
            )
    for i, raw in enumerate(r.handles or []):
        if split_handle(str(raw)) is None:
            c.add(
                f"handles[{i}]",
                _(
                    "'{value}' is not a handle: write the platform, a colon and the name, "
                    "e.g. ig:kicau_jaya or wa:0812-3456-7890."
                ).format(value=raw),
            )
        elif normalise_handle(str(raw), r.country) is None:
            c.add(f"handles[{i}]", _("'{value}' is not a WhatsApp phone number.").format(value=raw))
    c.date("followup_due", r.followup_due, required=False, future_ok=True)
    c.date("followup_checked_on", r.followup_checked_on, required=False)
    c.choice(
        "followup_outcome",
        r.followup_outcome,
        FOLLOWUP_OUTCOMES,
        N_("Unknown follow-up outcome '{value}'."),
        required=False,
    )
    if r.followup_outcome and not r.followup_checked_on:
        c.add("followup_checked_on", _("Enter the date the advert was checked."))
    if r.reported and not r.evidence:
        c.add(
            "evidence",
            _(
                "The advert is marked reported but has no evidence attached: keep a screenshot "
                "before the platform removes it."
            ),
            WARNING,
        )


def _seizure(c: _Checker, r: Seizure) -> None:
    c.date("seizure_date", r.seizure_date)
    c.country("country", r.country)
    c.subdivision("subdivision", r.subdivision, r.country)
    for name in ("origin_country", "destination_country", "offender_nationality"):
        c.country(name, getattr(r, name), required=False)
    for code in (r.transit_countries or "").split():
        c.country("transit_countries", code, required=False)
    if not r.items:
        c.add("items", _("Add at least one seized item."))
    for i, item in enumerate(r.items):
        prefix = f"items[{i}]"
        c.species(prefix, item.species_id, item.other_name)
        c.choice(f"{prefix}.term", item.term, c.terms, N_("Unknown specimen description '{value}'."))
        if c.required(f"{prefix}.quantity", item.quantity):
            c.decimal(f"{prefix}.quantity", item.quantity, positive=True)
        c.choice(f"{prefix}.unit", item.unit, c.units, N_("Unknown unit '{value}'."), required=False)
    try:
        if int(r.suspects_count) < 0:
            c.add("suspects_count", _("The value cannot be negative."))
    except (TypeError, ValueError):
        c.add("suspects_count", _("'{value}' is not a number.").format(value=r.suspects_count))
    c.money("estimated_value", r.estimated_value, "currency", r.currency)
    c.choice("legal_status", r.legal_status, LEGAL_STATUSES, N_("Unknown legal status '{value}'."))
    c.country("export_country", r.export_country, required=False)
    _coordinates(c, r.latitude, r.longitude)
    c.choice("seizure_reason", r.seizure_reason, REASONS, N_("Unknown reason for seizure '{value}'."), required=False)
    c.choice("disposal", r.disposal, DISPOSALS, N_("Unknown disposal of specimens '{value}'."), required=False)
    c.choice("legal_outcome", r.legal_outcome, LEGAL_OUTCOMES, N_("Unknown legal outcome '{value}'."), required=False)


def _coordinates(c: _Checker, latitude: str, longitude: str) -> None:
    """Both or neither; decimal degrees within the globe."""
    if not latitude and not longitude:
        return
    for name, value, limit in (("latitude", latitude, 90), ("longitude", longitude, 180)):
        try:
            number = Decimal(str(value).strip())
            ok = number.is_finite() and -limit <= number <= limit
        except (InvalidOperation, ValueError):
            ok = False
        if not ok:
            c.add(
                name,
                _("'{value}' is not a coordinate: enter decimal degrees between -{limit} and {limit}.").format(
                    value=value, limit=limit
                ),
            )


def _response(c: _Checker, r: QuestionnaireResponse) -> None:
    c.required("form_id", r.form_id)
    c.required("form_version", r.form_version)
    c.choice("status", r.status, RESPONSE_STATUSES, N_("Unknown response status '{value}'."))
    c.country("respondent_country", r.respondent_country, required=False)
    if not isinstance(r.answers, dict):
        c.add("answers", _("The answers are not in the expected form."))


_CHECKS = {Observation: _observation, Seizure: _seizure, QuestionnaireResponse: _response}


class Validator:
    """Validates records against one set of reference data (built once, used many times)."""

    def __init__(self, ref):
        self.ref = ref
        self._base = _Checker(ref, None).prepare()

    def validate(self, record: Record, today: dt.date | None = None) -> list[Problem]:
        """Every problem of ``record``, errors and warnings, in the current language."""
        checker = _Checker.__new__(_Checker)
        checker.__dict__.update(self._base.__dict__)
        checker.today = today or dt.date.today()
        checker.problems = []
        _CHECKS[type(record)](checker, record)
        checker.problems += limits.check(record)  # field sizes (desktop/domain/limits.py)
        _control_characters(checker, record)
        return checker.problems


def validate(record: Record, ref, today: dt.date | None = None) -> list[Problem]:
    """Every problem of ``record``, errors and warnings, in the current language."""
    return Validator(ref).validate(record, today)
