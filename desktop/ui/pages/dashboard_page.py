"""The dashboard: headline counts computed in SQL."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from desktop.i18n import _, format_number


class DashboardPage(QWidget):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        heading = QLabel(_("Dashboard"))
        heading.setObjectName("pageTitle")
        self.totals = QGroupBox(_("Records"))
        self.totals_form = QFormLayout(self.totals)
        self.platforms = QGroupBox(_("Adverts by platform"))
        self.platforms_form = QFormLayout(self.platforms)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.totals)
        layout.addWidget(self.platforms)
        layout.addStretch(1)
        self.refresh()

    @staticmethod
    def _clear(form: QFormLayout) -> None:
        while form.rowCount():
            form.removeRow(0)

    def refresh(self) -> None:
        figures = self.store.stats()
        self._clear(self.totals_form)
        labels = {"observation": _("Online observations"), "seizure": _("Seizures"),
                  "response": _("Questionnaire responses")}
        for kind, label in labels.items():
            self.totals_form.addRow(label, QLabel(format_number(figures["by_kind"].get(kind, 0))))
        self.totals_form.addRow(_("Waiting for export"), QLabel(format_number(self.store.pending_export_count())))
        self._clear(self.platforms_form)
        names = {p.id: p.name for p in self.store.ref.platforms}
        for platform, n in figures["by_platform"].items():
            self.platforms_form.addRow(names.get(platform, platform or _("Unknown")), QLabel(format_number(n)))
