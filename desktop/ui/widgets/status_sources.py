"""Where each status comes from: the reference lists in use (shipped and imported, with source, file hash
and dates) and a look-up showing a species' statuses with their sources (Settings → Reference lists)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QVBoxLayout

from desktop.i18n import _, format_date, translated
from desktop.reference.summary import statuses
from desktop.reference.translated_names import LIST_LABELS
from desktop.ui.widgets.species_picker import CATEGORY_LABELS, JURISDICTION_LABELS


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


class StatusSources(QGroupBox):
    def __init__(self, store, parent=None):
        super().__init__(_("Reference lists"), parent)
        self.store = store
        layout = QVBoxLayout(self)
        form = QFormLayout()
        ref = store.ref
        for item in ref.lists:
            title, holds = LIST_LABELS.get(item.stem, (item.title, item.source))
            label = QLabel(
                _("{source} — last reviewed {date}").format(
                    source=translated(holds), date=format_date(_day(item.last_reviewed)) or item.last_reviewed
                )
            )
            label.setWordWrap(True)
            label.setToolTip(item.source)  # the documents and datasets, as cited
            form.addRow(translated(title) + ":", label)
        for item in ref.imported:
            label = QLabel(
                _("{source}, file {file} (SHA-256 {digest}), valid from {date}, imported {imported}").format(
                    source=item.source,
                    file=item.file_name,
                    digest=item.file_sha256[:16],
                    date=item.valid_from,
                    imported=item.imported_at[:10],
                )
            )
            label.setWordWrap(True)
            form.addRow(_("Imported: {name}").format(name=item.name) + ":", label)
        layout.addLayout(form)
        self.query = QLineEdit()
        self.query.setObjectName("statusSourcesQuery")
        self.query.setPlaceholderText(_("Species name, to see where its statuses come from"))
        self.query.setAccessibleName(_("Species name, to see where its statuses come from"))
        self.result = QLabel()
        self.result.setObjectName("statusSourcesResult")
        self.result.setWordWrap(True)
        layout.addWidget(self.query)
        layout.addWidget(self.result)
        self.query.textChanged.connect(self.look_up)

    def look_up(self, text: str) -> None:
        ref = self.store.ref
        found = ref.species_by_name(text) or next(iter(ref.search_species(text, 1)), None)
        if found is None:
            self.result.setText(_("No species match '{query}'.").format(query=text) if text.strip() else "")
            return
        lines = [f"{found.scientific_name} — {found.display_name()}"]
        for code, status in statuses(ref, found.id).items():
            if code == "CITES":
                value = (
                    _("Not in CITES")
                    if status["status"] == "none"
                    else _("CITES Appendix {appendix}").format(appendix=status["status"])
                )
            else:
                value = _("{country}: {status}").format(
                    country=translated(JURISDICTION_LABELS.get(code, code)),
                    status=translated(CATEGORY_LABELS.get(status["status"], CATEGORY_LABELS["unknown"])),
                )
            if not status["verified"]:
                value = _("{status} (unverified)").format(status=value)
            if status["via"]:
                value += " " + _("(listed as {taxon})").format(taxon=status["via"])
            source = status["source"] or _("no source")
            lines.append(_("{status} — source: {source}").format(status=value, source=source))
        self.result.setText("\n".join(lines))
