"""A list of records (observations or seizures) with full-text search."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget,
)

from desktop.i18n import _, format_number, ngettext
from desktop.ui.record_model import RecordTableModel

SEARCH_DELAY_MS = 250


class RecordsPage(QWidget):
    record_activated = Signal(str, str)   # kind, record id

    def __init__(self, store, kind: str, title: str, parent=None):
        super().__init__(parent)
        self.store = store
        self.kind = kind
        self.model = RecordTableModel(store, kind, self)

        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        self.search = QLineEdit()
        self.search.setObjectName("searchBox")
        self.search.setPlaceholderText(_("Search species, seller, URL, notes…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Search"))
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")

        self.table = QTableView()
        self.table.setObjectName("recordTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.table.doubleClicked.connect(self._activated)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self.apply_search)

        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.search, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self._resize_columns()
        self._update_count()

    def _resize_columns(self) -> None:
        widths = {"observed_at": 110, "seizure_date": 110, "platform": 100, "country": 70,
                  "seller_handle": 150, "species_names": 260, "quantity": 80, "price": 130,
                  "estimated_value": 140, "reported": 80, "removed": 80, "case_reference": 140,
                  "subdivision": 120, "legal_status": 150}
        for i, (name, _label) in enumerate(self.model.columns):
            self.table.setColumnWidth(i, widths.get(name, 120))

    def apply_search(self) -> None:
        self._timer.stop()
        self.model.set_filter(replace(self.model.filter, text=self.search.text().strip()))
        self._update_count()

    def refresh(self) -> None:
        self.model.refresh()
        self._update_count()

    def _update_count(self) -> None:
        n = self.model.total()
        text = ngettext("{n} record", "{n} records", n).format(n=format_number(n))
        if self.model.filter.text:
            text = _("{count} matching “{query}”").format(count=text, query=self.model.filter.text)
        self.count_label.setText(text)

    def _activated(self, index) -> None:
        record_id = self.model.record_id(index.row())
        if record_id:
            self.record_activated.emit(self.kind, record_id)
