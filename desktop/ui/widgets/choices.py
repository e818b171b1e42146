"""Combo boxes over reference lists: the value is a code, the text is a name in the user's language.

Typing on a closed combo jumps to the entry starting with the typed text
(spaces, accents and case included or ignored as a reader expects), so
choosing from a list never needs the mouse; the change is announced once the
typing pauses, on Enter or when the focus leaves. A stored code that is
not in the list (an entry dropped from a newer reference list) is kept and
shown as it is, never silently replaced.
"""

from __future__ import annotations

import time

from babel.numbers import get_currency_name
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QStylePainter

from desktop.domain.records import LEGAL_STATUSES, SPECIMEN_TYPES
from desktop.i18n import N_, _, current_language
from desktop.reference.normalise import fold
from desktop.reference.translated_names import local_name

TYPE_AHEAD_SECONDS = 1.0
ANNOUNCE_AFTER_MS = 400
PREFERRED_COUNTRIES = ("ID", "MY", "SG")
PREFERRED_CURRENCIES = ("IDR", "MYR", "SGD", "USD")
SPECIMEN_LABELS = {"live": N_("Live"), "part": N_("Part or derivative"), "product": N_("Product")}
LEGAL_STATUS_LABELS = {
    "investigation": N_("Under investigation"),
    "charged": N_("Charged"),
    "convicted": N_("Convicted"),
    "released": N_("Released"),
}


class ChoiceCombo(QComboBox):
    """A non-editable combo whose value is the code in each item's data."""

    value_changed = Signal(str)

    def __init__(self, items: list[tuple[str, str]], empty_label: str | None = None, parent=None):
        super().__init__(parent)
        self._typed, self._typed_at = "", 0.0
        self._typing = False
        self._announce = QTimer(self)
        self._announce.setSingleShot(True)
        self._announce.setInterval(ANNOUNCE_AFTER_MS)
        self._announce.timeout.connect(self._announce_value)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(8)
        self.set_items(items, empty_label)
        self._announced = self.value()
        self.currentIndexChanged.connect(self._index_changed)

    def _index_changed(self, _index: int) -> None:
        if self._typing:
            self._announce.start()  # wait until the typing pauses
        else:
            self._announce_value()

    def _announce_value(self) -> None:
        self._announce.stop()
        if self.value() != self._announced:
            self._announced = self.value()
            self.value_changed.emit(self._announced)

    def flush(self) -> None:
        """Announce a change made by typing now rather than after the pause."""
        if self._announce.isActive():
            self._announce_value()

    def set_items(self, items: list[tuple[str, str]], empty_label: str | None = None) -> None:
        current = self.value() if self.count() else ""
        self.blockSignals(True)
        self.clear()
        if empty_label is not None:
            self.addItem(empty_label, "")
        for code, text in items:
            self.addItem(text, code)
        self.blockSignals(False)
        if current or empty_label is not None:
            self.set_value(current, emit=False)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        """Type-ahead over the whole typed text (spaces included, accents and case ignored), so
        "Jawa Timur" or "SCA" picks its entry instead of opening the list at the space."""
        text = event.text()
        plain = not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        now = time.monotonic()
        if now - self._typed_at > TYPE_AHEAD_SECONDS:
            self._typed = ""
        if plain and text and text.isprintable() and (text != " " or self._typed):
            self._typed += text
            self._typed_at = now
            wanted = fold(self._typed)
            texts = [fold(self.itemText(i)) for i in range(self.count())]
            codes = [fold(d) if isinstance(d, str) else "" for d in (self.itemData(i) for i in range(self.count()))]
            exact = [i for i in range(self.count()) if wanted in (texts[i], codes[i])]
            prefix = [i for i in range(self.count()) if texts[i].startswith(wanted)]
            if exact or prefix:
                self._typing = True
                self.setCurrentIndex((exact or prefix)[0])
                self._typing = False
            self._typed_at = time.monotonic()  # the pause counts from the end of this key's work
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.flush()
        super().keyPressEvent(event)

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        """Draw the current text shortened with "…" when the box is narrower than it, never cut off."""
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        option.currentText = self.fontMetrics().elidedText(
            option.currentText, Qt.TextElideMode.ElideRight, max(field.width() - 2, 0)
        )
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)
        painter.end()

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._typed = ""
        self.flush()
        super().focusOutEvent(event)

    def value(self) -> str:
        data = self.currentData()
        return data if isinstance(data, str) else ""

    def set_value(self, code: str, emit: bool = True) -> None:
        code = code or ""
        self._typed = ""
        index = self.findData(code)
        if index < 0 and code:
            self.addItem(code, code)  # keep a code the list no longer has
            index = self.count() - 1
        self._announce.stop()
        if not emit:
            self.blockSignals(True)
        self.setCurrentIndex(index)
        if not emit:
            self.blockSignals(False)
            self._announced = self.value()


def country_name(country, lang: str | None = None) -> str:
    return country.name(lang or current_language())


def country_items(ref) -> list[tuple[str, str]]:
    countries = {c.code: c for c in ref.countries}
    first = [countries[c] for c in PREFERRED_COUNTRIES if c in countries]
    rest = sorted((c for c in countries.values() if c.code not in PREFERRED_COUNTRIES), key=country_name)
    return [(c.code, country_name(c)) for c in first + rest]


def platform_items(ref) -> list[tuple[str, str]]:
    return sorted(((p.id, local_name(p.name)) for p in ref.platforms), key=lambda item: item[1].lower())


def subdivision_items(ref, country: str) -> list[tuple[str, str]]:
    rows = [s for s in ref.subdivisions if not country or s.country == country]
    return sorted(((s.code, s.name) for s in rows), key=lambda item: item[1].lower())


def currency_items(ref) -> list[tuple[str, str]]:
    codes = [c.code for c in ref.currencies]
    ordered = [c for c in PREFERRED_CURRENCIES if c in codes] + sorted(
        c for c in codes if c not in PREFERRED_CURRENCIES
    )
    out = []
    for code in ordered:
        try:
            name = get_currency_name(code, locale=current_language())
        except (ValueError, LookupError):
            name = ""
        out.append((code, f"{code} — {name}" if name and name != code else code))
    return out


def _coded_name(item) -> str:
    """'KIL — Kilogram' in Indonesian: the code, then its name in the officer's language."""
    english = getattr(item, "name_en", "") or ""
    name = getattr(item, f"name_{current_language()}", "") or (_(english) if english else "")
    return f"{item.code} — {name}" if name else item.code


def unit_items(ref) -> list[tuple[str, str]]:
    return [(u.code, _coded_name(u)) for u in ref.cites_units]


def term_items(ref) -> list[tuple[str, str]]:
    return [(t.code, _coded_name(t)) for t in ref.cites_terms]


def specimen_items() -> list[tuple[str, str]]:
    return [(code, _(SPECIMEN_LABELS[code])) for code in SPECIMEN_TYPES]


def legal_status_items() -> list[tuple[str, str]]:
    return [(code, _(LEGAL_STATUS_LABELS[code])) for code in LEGAL_STATUSES]


def coded_items(table: dict[str, str]) -> list[tuple[str, str]]:
    """(code, translated label) of a fixed code list such as desktop.domain.seizure_codes.REASONS."""
    return [(code, _(label)) for code, label in table.items()]
