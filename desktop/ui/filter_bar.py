"""The filter bar above a record list: period, platform, species, protection, country, follow-up.

Every change applies at once (filtering happens in SQL through RecordFilter).
Dates may be whole years or months ("2026", "2026-05") as well as days.
``summary()`` names the active filters in words for the count line.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from desktop.i18n import N_, _
from desktop.ui.widgets.choices import ChoiceCombo, country_items, platform_items
from desktop.ui.widgets.species_picker import CATEGORY_LABELS, SpeciesEdit

DATE_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
YES_NO = {"yes": True, "no": False}
PROTECTION_ORDER = ("totally_protected", "protected", "not_protected", "unknown")
REPORTED_LABELS = {"yes": N_("Reported"), "no": N_("Not reported")}
REMOVED_LABELS = {"yes": N_("Removed"), "no": N_("Not removed")}


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, ref, kind: str, parent=None):
        super().__init__(parent)
        self.ref = ref
        self.kind = kind
        self.setObjectName("filterBar")
        validator = QRegularExpressionValidator(QRegularExpression(r"\d{0,4}(-\d{0,2}(-\d{0,2})?)?"), self)
        self.date_from = QLineEdit()
        self.date_from.setObjectName("filterDateFrom")
        self.date_to = QLineEdit()
        self.date_to.setObjectName("filterDateTo")
        for edit, tip in (
            (self.date_from, _("From (YYYY, YYYY-MM or YYYY-MM-DD)")),
            (self.date_to, _("To (YYYY, YYYY-MM or YYYY-MM-DD)")),
        ):
            edit.setValidator(validator)
            edit.setPlaceholderText(_("YYYY-MM-DD"))
            edit.setToolTip(tip)
            edit.setAccessibleName(tip)
            edit.setMaximumWidth(120)
            edit.editingFinished.connect(self._date_finished)
        self.platform = ChoiceCombo(platform_items(ref), _("All platforms"))
        self.platform.setObjectName("filterPlatform")
        self.country = ChoiceCombo(country_items(ref), _("All countries"))
        self.country.setObjectName("filterCountry")
        self.species = SpeciesEdit(ref)
        self.species.setObjectName("filterSpecies")
        self.species.setPlaceholderText(_("All species"))
        self.species.setAccessibleName(_("Species"))
        self.protection = ChoiceCombo([(c, _(CATEGORY_LABELS[c])) for c in PROTECTION_ORDER], _("Any protection"))
        self.protection.setObjectName("filterProtection")
        self.protection.setToolTip(_("Protection of a species of the record in the record's country"))
        self.reported = ChoiceCombo([(k, _(v)) for k, v in REPORTED_LABELS.items()], _("Reported or not"))
        self.reported.setObjectName("filterReported")
        self.removed = ChoiceCombo([(k, _(v)) for k, v in REMOVED_LABELS.items()], _("Removed or not"))
        self.removed.setObjectName("filterRemoved")
        self.clear_button = QPushButton(_("Clear filters"))
        self.clear_button.setObjectName("clearFilters")
        self.clear_button.clicked.connect(self.clear)
        for combo in (self.platform, self.country, self.protection, self.reported, self.removed):
            combo.value_changed.connect(lambda _v: self.changed.emit())
        self.species.chosen.connect(self._species_changed)

        period = QHBoxLayout()
        period.addWidget(QLabel(_("Period:")))
        period.addWidget(self.date_from)
        period.addWidget(QLabel("–"))
        period.addWidget(self.date_to)
        clear = QHBoxLayout()
        clear.addStretch(1)
        clear.addWidget(self.clear_button)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addLayout(period, 0, 0)
        grid.addWidget(self.species, 0, 1)
        grid.addWidget(self.country, 0, 2)
        grid.addWidget(self.platform, 0, 3)
        grid.addLayout(clear, 1, 0)
        grid.addWidget(self.protection, 1, 1)
        grid.addWidget(self.reported, 1, 2)
        grid.addWidget(self.removed, 1, 3)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 1)
        grid.setColumnStretch(3, 1)
        observation_only = kind == "observation"
        for widget in (self.platform, self.reported, self.removed):
            widget.setVisible(observation_only)

    def _date_finished(self) -> None:
        self.changed.emit()  # the page ignores a filter that did not change

    def _species_changed(self) -> None:
        if self.species.species_id or not self.species.text().strip():
            self.changed.emit()

    def values(self) -> dict:
        """The RecordFilter fields this bar sets."""
        values = {
            "date_from": self._date(self.date_from),
            "date_to": self._date(self.date_to),
            "country": self.country.value(),
            "species_id": self.species.species_id,
            "protection": self.protection.value(),
            "platform": "",
            "reported": None,
            "removed": None,
        }
        if self.kind == "observation":
            values["platform"] = self.platform.value()
            values["reported"] = YES_NO.get(self.reported.value())
            values["removed"] = YES_NO.get(self.removed.value())
        return values

    @staticmethod
    def _date(edit: QLineEdit) -> str:
        text = edit.text().strip().rstrip("-")
        return text if DATE_PREFIX.match(text) else ""

    def clear(self) -> None:
        for edit in (self.date_from, self.date_to):
            edit.clear()
        self.species.set_value("")
        for combo in (self.platform, self.country, self.protection, self.reported, self.removed):
            combo.set_value("", emit=False)
        self.changed.emit()

    def summary(self) -> str:
        """The active filters in words ("" when none)."""
        v = self.values()
        parts = []
        if v["date_from"] and v["date_to"]:
            parts.append(_("from {start} to {end}").format(start=v["date_from"], end=v["date_to"]))
        elif v["date_from"]:
            parts.append(_("from {start}").format(start=v["date_from"]))
        elif v["date_to"]:
            parts.append(_("until {end}").format(end=v["date_to"]))
        for key, combo in (
            ("species_id", None),
            ("platform", self.platform),
            ("country", self.country),
            ("protection", self.protection),
            ("reported", self.reported),
            ("removed", self.removed),
        ):
            if key == "species_id":
                if v["species_id"]:
                    parts.append(self.species.text())
            elif v[key] not in ("", None):
                parts.append(combo.currentText())
        return "; ".join(parts)
