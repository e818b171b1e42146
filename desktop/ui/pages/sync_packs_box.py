"""The Sync page's list of update packs applied on this device and what each changed."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QGroupBox, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout

from desktop.i18n import _
from desktop.sync.packs import pack_history


class PacksBox(QGroupBox):
    def __init__(self, parent=None):
        super().__init__(_("Update packs from the coordinator"), parent)
        self.empty = QLabel(_("No update pack has been applied on this device."))
        self.empty.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("syncPacks")
        self.table.setHorizontalHeaderLabels([_("Pack"), _("From"), _("Applied"), _("What changed")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table)

    def refresh(self, store) -> None:
        entries = pack_history(store)
        self.empty.setVisible(not entries)
        self.table.setVisible(bool(entries))
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            changes = list(entry.changes) or [_("Nothing changed.")]
            if entry.note:
                changes.insert(0, _("Note: {note}").format(note=entry.note))
            for column, text in enumerate(
                [str(entry.seq), entry.coordinator or entry.fingerprint, entry.applied_at, "\n".join(changes)]
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
