"""The seizure form, with fields following the CITES illegal-trade report."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QSpinBox

from desktop.domain.records import Seizure
from desktop.domain.seizure_codes import DISPOSALS, LEGAL_OUTCOMES, REASONS
from desktop.i18n import _
from desktop.ui.forms.base_form import EVIDENCE, LINES, RecordForm
from desktop.ui.forms.fields import DateField
from desktop.ui.forms.observation_form import currency_for_country
from desktop.ui.widgets.choices import ChoiceCombo, coded_items, country_items, legal_status_items
from desktop.ui.widgets.money_edit import MoneyEdit
from desktop.ui.widgets.species_picker import malaysian_jurisdiction

DETECTION_METHODS = (
    "x-ray",
    "tip-off",
    "online monitoring",
    "routine inspection",
    "sniffer dog",
    "intelligence",
    "controlled delivery",
)
TRANSPORT_MODES = ("air", "sea", "road", "rail", "courier", "post", "on foot")


def _completing_edit(words) -> QLineEdit:
    edit = QLineEdit()
    completer = QCompleter(QStringListModel(list(words)), edit)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    edit.setCompleter(completer)
    return edit


class SeizureForm(RecordForm):
    kind = "seizure"
    record_class = Seizure
    lines_field = "items"
    context_fields = ("seizure_date", "country", "subdivision", "agency")
    field_order = (
        "seizure_date",
        "country",
        "subdivision",
        "place",
        "agency",
        "case_reference",
        "detection_method",
        "transport_mode",
        "concealment_method",
        "origin_country",
        "transit_countries",
        "destination_country",
        "suspects_count",
        "suspects_initials",
        "offender_nationality",
        LINES,
        "estimated_value",
        "currency",
        "legal_status",
        "law_sections",
        "export_country",
        "seizure_reason",
        "seizure_reason_text",
        "disposal",
        "disposal_text",
        "legal_outcome",
        "legal_outcome_text",
        "latitude",
        "longitude",
        "notes",
        EVIDENCE,
    )

    def build_body(self, body) -> None:
        ref = self.ref
        self.money = MoneyEdit(ref)
        countries = country_items(ref)
        where, where_form = self.group(_("Seizure"))
        self.add_field(where_form, "seizure_date", _("Date of seizure:"), DateField())
        self.add_field(where_form, "country", _("Country:"), ChoiceCombo(countries, _("— choose —")))
        self.add_field(where_form, "subdivision", _("Province or state:"), ChoiceCombo([], _("— not known —")))
        self.add_field(
            where_form,
            "place",
            _("Place:"),
            QLineEdit(),
            _("Where it happened, for example a port, airport, market or courier depot."),
        )
        self.agencies = {a.id: a for a in ref.agencies}
        self.add_field(
            where_form,
            "agency",
            _("Detecting agency:"),
            _completing_edit(sorted({a.name for a in ref.agencies} | {a.name_en for a in ref.agencies})),
        )
        self.add_field(where_form, "case_reference", _("Case reference:"), QLineEdit())

        how, how_form = self.group(_("Detection and transport"))
        self.add_field(how_form, "detection_method", _("Detection method:"), _completing_edit(DETECTION_METHODS))
        self.add_field(how_form, "transport_mode", _("Mode of transport:"), _completing_edit(TRANSPORT_MODES))
        self.add_field(how_form, "concealment_method", _("Concealment:"), QLineEdit())
        self.add_field(how_form, "origin_country", _("Country of origin:"), ChoiceCombo(countries, _("— not known —")))
        self.add_field(
            how_form,
            "transit_countries",
            _("Transit countries:"),
            QLineEdit(),
            _("Country codes separated by spaces, for example TH VN."),
        )
        self.widget("transit_countries").setPlaceholderText(_("for example TH VN"))
        self.add_field(how_form, "destination_country", _("Destination:"), ChoiceCombo(countries, _("— not known —")))

        people, people_form = self.group(_("Suspects"))
        count = QSpinBox()
        count.setRange(0, 9999)
        self.add_field(people_form, "suspects_count", _("Number of suspects:"), count)
        self.add_field(
            people_form,
            "suspects_initials",
            _("Initials:"),
            QLineEdit(),
            _("Initials only, never full names, for example A.B. C.D."),
        )
        self.add_field(
            people_form, "offender_nationality", _("Nationality:"), ChoiceCombo(countries, _("— not known —"))
        )

        items_box, items_form = self.group(_("Seized items"))
        items_form.addRow(self.lines)
        self.errors["items"] = self.lines.list_error

        legal, legal_form = self.group(_("Value and legal status"))
        self.add_field(legal_form, "estimated_value", _("Estimated value:"), self.money.amount)
        self.add_field(legal_form, "currency", _("Currency:"), self.money.currency)
        legal_form.addRow("", self.money.usd_label)
        self.add_field(legal_form, "legal_status", _("Legal status:"), ChoiceCombo(legal_status_items()))
        self.add_field(
            legal_form,
            "law_sections",
            _("Law and sections:"),
            QLineEdit(),
            _("The law and sections under which charges were brought."),
        )
        cites, cites_form = self.group(_("For the CITES report and the map"))
        self.add_field(
            cites_form,
            "export_country",
            _("Country of export or re-export:"),
            ChoiceCombo(countries, _("— not known —")),
        )
        for code, text, label, details, items in (
            ("seizure_reason", "seizure_reason_text", _("Reason for seizure:"), _("Reason details:"), REASONS),
            ("disposal", "disposal_text", _("Disposal of specimens:"), _("Disposal details:"), DISPOSALS),
            ("legal_outcome", "legal_outcome_text", _("Legal outcome:"), _("Outcome details:"), LEGAL_OUTCOMES),
        ):
            self.add_field(cites_form, code, label, ChoiceCombo(coded_items(items), _("— not known —")))
            self.add_field(cites_form, text, details, QLineEdit(), _("Details in your own words (optional)."))
        for name, label in (("latitude", _("Latitude:")), ("longitude", _("Longitude:"))):
            self.add_field(
                cites_form,
                name,
                label,
                QLineEdit(),
                _("Decimal degrees (WGS 84), for example -6.2088 and 106.8456; leave empty when not known."),
            )

        notes, evidence = self.notes_and_evidence()
        self.lay_out(body, [[where, how], [people, legal], [items_box], [cites], [notes], [evidence]])

        agency = self.bindings["agency"]
        agency.get = self._agency_value
        agency.put = self._show_agency

    def title_text(self) -> str:
        return _("Edit seizure") if self.record_id else _("New seizure")

    def defaults(self) -> dict:
        country = (self.settings.country if self.settings else "") or ""
        return {
            "seizure_date": dt.date.today().isoformat(),
            "country": country,
            "legal_status": "investigation",
            "currency": currency_for_country(self.ref, country),
        }

    def convert(self, values: dict) -> dict:
        values["transit_countries"] = " ".join(
            (values.get("transit_countries") or "").upper().replace(",", " ").split()
        )
        try:
            values["suspects_count"] = int(values.get("suspects_count") or 0)
        except (TypeError, ValueError):
            values["suspects_count"] = 0
        return values

    # -- agency: a reference id when the name is in the list, else the text as typed -------
    def _agency_value(self) -> str:
        text = self.widget("agency").text().strip()
        for agency in self.agencies.values():
            if text and text in (agency.name, agency.name_en):
                return agency.id
        return text

    def _show_agency(self, value) -> None:
        agency = self.agencies.get(value or "")
        self.widget("agency").setText(agency.name if agency else str(value or ""))

    # -- dependent fields -------------------------------------------------------------
    def on_committed(self, name: str) -> None:
        if name == "country" and not self.money.amount.text().strip():
            currency = currency_for_country(self.ref, self.value("country"))
            if currency:
                self.bindings["currency"].put(currency)
        self.after_load()

    def after_load(self) -> None:
        self.refresh_subdivisions("subdivision")
        self.money.update_usd(self.rates, self.value("seizure_date"))
        self.lines.set_context(
            self.value("seizure_date"), ("ID", malaysian_jurisdiction(self.ref, self.value("subdivision")))
        )
