"""Species entry: an autocompleting field and a badge with CITES and protection status.

Typing any name (Indonesian, Malay, English, scientific or a synonym; case and
accents ignored) lists matches from the reference list. Enter takes the
highlighted match (or the first), Tab takes a highlighted one. A species not in
the list can be entered as "other" with free text; such lines are flagged for
the coordinator. The badge states CITES appendix and the protection status in
Indonesia and Malaysia in words, with colour only as a second cue.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLabel, QLineEdit

from desktop.i18n import N_, _, current_language, translated

SEARCH_LIMIT = 12
ID_ROLE = Qt.ItemDataRole.UserRole + 1
NAME_ROLE = Qt.ItemDataRole.UserRole + 2
OTHER = "\x00other"
JURISDICTION_LABELS = {
    "ID": N_("ID"),
    "MY-PEN": N_("MY"),
    "MY-SBH": N_("MY (Sabah)"),
    "MY-SWK": N_("MY (Sarawak)"),
    "SG": N_("SG"),
}

CATEGORY_LABELS = {
    "totally_protected": N_("Totally protected"),
    "protected": N_("Protected"),
    "not_protected": N_("Not protected"),
    "unknown": N_("Status unknown"),
}
CATEGORY_COLOURS = {
    "totally_protected": ("#8e1b1b", "#ffffff"),
    "protected": ("#f0b429", "#1d1d1d"),
    "not_protected": ("#d7dbd6", "#1d1d1d"),
    "unknown": ("#eeeeee", "#444444"),
}
CITES_COLOURS = {
    "I": ("#8e1b1b", "#ffffff"),
    "I/II": ("#8e1b1b", "#ffffff"),
    "II": ("#f0b429", "#1d1d1d"),
    "III": ("#f6e27a", "#1d1d1d"),
    "": ("#d7dbd6", "#1d1d1d"),
}


def malaysian_jurisdiction(ref, subdivision: str) -> str:
    """MY-PEN (Peninsular Malaysia and Labuan), MY-SBH or MY-SWK for a Malaysian state code."""
    for item in ref.subdivisions:
        if item.code == subdivision and item.country == "MY" and item.region:
            return f"MY-{item.region}"
    return "MY-PEN"


def species_label(species) -> str:
    """What the field shows for a chosen species: the name in the user's language."""
    return species.display_name(current_language())


def species_choice_text(species) -> str:
    name = species.display_name(current_language())
    return name if name == species.scientific_name else f"{name} — {species.scientific_name}"


class SpeciesEdit(QLineEdit):
    """The species field. ``species_id`` is set when a list entry was chosen; ``other_name`` for 'other'."""

    chosen = Signal()  # a species (or 'other') was chosen, or the choice was cleared
    advance = Signal()  # Enter took a match: move on to the next field

    def __init__(self, ref, parent=None):
        super().__init__(parent)
        self.ref = ref
        if hasattr(ref, "prepare_search"):
            ref.prepare_search()  # a large imported list indexes in the background while the form fills
        self.species_id = ""
        self.other = False
        self._chosen_text = ""
        self.setPlaceholderText(_("Type a name: local, English or scientific"))
        self.model = QStandardItemModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCompletionRole(NAME_ROLE)
        self.completer.setMaxVisibleItems(SEARCH_LIMIT + 1)
        self.completer.setWidget(self)
        self.completer.activated[QModelIndex].connect(self._activated)
        self._highlighted = -1
        self.completer.highlighted[QModelIndex].connect(self._remember_highlight)
        self.textEdited.connect(self._search)

    # -- value ----------------------------------------------------------------
    @property
    def other_name(self) -> str:
        return self.text().strip() if self.other else ""

    def set_value(self, species_id: str, other_name: str = "") -> None:
        species = self.ref.species_by_id(species_id) if species_id else None
        if species is not None:
            self.species_id, self.other = species.id, False
            text = species_label(species)
        elif species_id:
            self.species_id, self.other = species_id, False  # an id the list no longer has
            text = species_id
        else:
            self.species_id, self.other = "", bool(other_name)
            text = other_name
        self._chosen_text = text
        self.setText(text)
        self.chosen.emit()

    def raw_state(self) -> dict:
        return {"text": self.text(), "species_id": self.species_id, "other": self.other}

    def set_raw_state(self, state: dict) -> None:
        self.species_id = state.get("species_id") or ""
        self.other = bool(state.get("other"))
        text = state.get("text") or ""
        self._chosen_text = text if (self.species_id or self.other) else ""
        self.setText(text)
        self.chosen.emit()

    # -- searching and choosing ------------------------------------------------------
    def _search(self, text: str) -> None:
        if text != self._chosen_text and (self.species_id or self.other):
            self.species_id, self.other, self._chosen_text = "", False, ""
            self.chosen.emit()
        self.model.clear()
        self._highlighted = -1
        query = text.strip()
        if not query:
            self.completer.popup().hide()
            return
        for species in self.ref.search_species(query, SEARCH_LIMIT, current_language()):
            item = QStandardItem(species_choice_text(species))
            item.setData(species.id, ID_ROLE)
            item.setData(species_label(species), NAME_ROLE)
            item.setEditable(False)
            self.model.appendRow(item)
        other = QStandardItem(_("Not in the list: enter “{text}” as another species").format(text=query))
        other.setData(OTHER, ID_ROLE)
        other.setData(query, NAME_ROLE)
        other.setEditable(False)
        self.model.appendRow(other)
        self.completer.complete()

    def _remember_highlight(self, index) -> None:
        self._highlighted = index.row() if index.isValid() else -1

    def _activated(self, index) -> None:
        self.choose_row(index.row())

    def choose_row(self, row: int) -> None:
        item = self.model.item(row)
        if item is None:
            return
        species_id = item.data(ID_ROLE)
        self.completer.popup().hide()
        if species_id == OTHER:
            self.species_id, self.other = "", True
        else:
            self.species_id, self.other = species_id, False
        self._chosen_text = item.data(NAME_ROLE)
        self.setText(self._chosen_text)
        self.chosen.emit()

    def popup_visible(self) -> bool:
        return self.completer.popup().isVisible()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.popup_visible() or (
                self.text().strip() and not self.species_id and not self.other and self.model.rowCount() > 1
            ):
                current = self.completer.popup().currentIndex()
                self.choose_row(current.row() if current.isValid() else 0)
                event.accept()
                self.advance.emit()
                return
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt API
        """Tab away from a highlighted match takes it (no event() override: PySide6 6.12 miscounts the
        bool it returns)."""
        if (
            event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason)
            and self._highlighted >= 0
            and not (self.species_id or self.other)
        ):
            self.choose_row(self._highlighted)
        super().focusOutEvent(event)


def _chip(text: str, colours: tuple[str, str]) -> str:
    background, foreground = colours
    return f'<span style="background-color:{background}; color:{foreground};">&nbsp;{html.escape(text)}&nbsp;</span>'


class ProtectionBadge(QLabel):
    """CITES appendix and protection in Indonesia and Malaysia, as text with colour as a second cue."""

    def __init__(self, ref, parent=None):
        super().__init__(parent)
        self.ref = ref
        self.jurisdictions = ("ID", "MY-PEN")
        self.setObjectName("protectionBadge")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.plain = ""

    def show_for(self, species_id: str, other_name: str = "", on: str | None = None) -> None:
        if not species_id:
            if other_name:
                self.plain = _("Other species, not in the list: it will be flagged for the coordinator to review.")
                self.setText(_chip(self.plain, CATEGORY_COLOURS["unknown"]))
            else:
                self.plain = ""
                self.setText("")
            self.setToolTip(self.plain)
            return
        species = self.ref.species_by_id(species_id)
        if species is None:
            self.plain = _("Not in the current species list.")
            self.setText(_chip(self.plain, CATEGORY_COLOURS["unknown"]))
            self.setToolTip(self.plain)
            return
        cites = self.ref.cites_status(species.id, on)
        appendix = cites.appendix if cites is not None else ""
        appendix = "" if appendix == "none" else appendix
        parts = [
            (
                _("CITES Appendix {appendix}").format(appendix=appendix) if appendix else _("Not in CITES"),
                CITES_COLOURS.get(appendix, CITES_COLOURS[""]),
            )
        ]
        if cites is None or not cites.verified:
            parts[0] = (_("{status} (unverified)").format(status=parts[0][0]), parts[0][1])
        for jurisdiction in self.jurisdictions:
            status = self.ref.protection_status(species.id, jurisdiction, on)
            category = getattr(status, "category", "unknown") or "unknown"
            text = _("{country}: {status}").format(
                country=_(JURISDICTION_LABELS.get(jurisdiction, jurisdiction)),
                status=translated(CATEGORY_LABELS.get(category, CATEGORY_LABELS["unknown"])),
            )
            if status is not None and not getattr(status, "verified", True):
                text = _("{status} (unverified)").format(status=text)
            parts.append((text, CATEGORY_COLOURS.get(category, CATEGORY_COLOURS["unknown"])))
        self.plain = " · ".join(text for text, _c in parts)
        self.setText(" ".join(_chip(text, colours) for text, colours in parts))
        instruments = []
        for jurisdiction in JURISDICTION_LABELS:
            status = self.ref.protection_status(species.id, jurisdiction, on)
            if status is not None and getattr(status, "instrument", ""):
                instruments.append(
                    _("{country}: {status}").format(
                        country=_(JURISDICTION_LABELS[jurisdiction]),
                        status=_("{category} under {instrument}").format(
                            category=translated(CATEGORY_LABELS.get(status.category, CATEGORY_LABELS["unknown"])),
                            instrument=status.instrument,
                        ),
                    )
                    + " — "
                    + _("source: {source}").format(source=status.source)
                )
        if cites is not None:
            via = self.ref.species_by_id(cites.via) if cites.via else None
            instruments.append(
                _("CITES: {source}").format(source=cites.source)
                + (" " + _("(listed as {taxon})").format(taxon=via.scientific_name) if via is not None else "")
            )
        self.setToolTip("\n".join([species.scientific_name, *instruments]))
        self.setAccessibleName(self.plain)
