"""Settings section: the dated USD exchange rates (typed in, never fetched) and the evidence size cap."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop.errors import PantauError, ValidationFailed
from desktop.i18n import _, format_date
from desktop.rates import delete_rate, list_rates, save_rate
from desktop.ui.forms.fields import DateField
from desktop.ui.widgets.choices import ChoiceCombo, currency_items
from desktop.ui.widgets.money_edit import DecimalEdit, display_decimal


class RatesEditor(QGroupBox):
    def __init__(self, store, settings=None, settings_path=None, parent=None):
        super().__init__(_("Exchange rates and evidence"), parent)
        self.setObjectName("ratesEditor")
        self.store = store
        self.settings = settings
        self.settings_path = settings_path
        explain = QLabel(
            _(
                "Prices can also be shown in US dollars using rates you enter here; Pantau never "
                "fetches rates online. A rate applies from its date until the next rate of the "
                "same currency."
            )
        )
        explain.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("ratesTable")
        self.table.setHorizontalHeaderLabels([_("Currency"), _("From"), _("US dollars per unit"), _("Note")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setVisible(False)
        self.table.setMaximumHeight(160)
        self.currency = ChoiceCombo([c for c in currency_items(store.ref) if c[0] != "USD"])
        self.currency.setAccessibleName(_("Currency"))
        self.currency.setSizeAdjustPolicy(ChoiceCombo.SizeAdjustPolicy.AdjustToContents)
        self.valid_from = DateField()
        self.valid_from.setAccessibleName(_("From"))
        self.rate = DecimalEdit()
        self.rate.setObjectName("rateValue")
        self.rate.setAccessibleName(_("US dollars per unit"))
        self.rate.setPlaceholderText(_("for example 0.000063"))
        self.note = QLineEdit()
        self.note.setAccessibleName(_("Note"))
        self.note.setPlaceholderText(_("source of the rate"))
        add = QPushButton(_("Add or replace rate"))
        add.setObjectName("addRate")
        add.clicked.connect(self.add_rate)
        remove = QPushButton(_("Delete selected rate"))
        remove.clicked.connect(self.remove_selected)
        self.message = QLabel()
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        for widget in (self.currency, self.valid_from, self.rate, self.note, add, remove):
            row.addWidget(widget)

        self.max_mb = QSpinBox()
        self.max_mb.setObjectName("evidenceMaxMb")
        self.max_mb.setRange(1, 2048)
        self.max_mb.setSuffix(" MB")
        self.max_mb.setValue(int(getattr(settings, "evidence_max_mb", 25) or 25))
        self.max_mb.editingFinished.connect(self.save_max_size)
        size_form = QFormLayout()
        size_form.addRow(_("Largest evidence file:"), self.max_mb)

        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addLayout(size_form)
        self.reload()

    def reload(self) -> None:
        rates = list_rates(self.store)
        self.table.setRowCount(len(rates))
        for i, rate in enumerate(rates):
            values = [
                rate.currency,
                format_date(dt.date.fromisoformat(rate.valid_from)),
                display_decimal(str(rate.usd_per_unit)),
                rate.note,
            ]
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, (rate.currency, rate.valid_from))
                self.table.setItem(i, column, item)

    def add_rate(self) -> None:
        try:
            rate = save_rate(
                self.store, self.currency.value(), self.valid_from.iso(), self.rate.value(), self.note.text().strip()
            )
        except ValidationFailed as exc:
            self.message.setText("✖ " + "\n".join(p.message for p in exc.problems))
            return
        except PantauError as exc:
            self.message.setText("✖ " + exc.message)
            return
        self.message.setText(
            _("Saved: 1 {currency} = {usd} US dollars from {date}.").format(
                currency=rate.currency,
                usd=display_decimal(str(rate.usd_per_unit)),
                date=format_date(dt.date.fromisoformat(rate.valid_from)),
            )
        )
        self.rate.clear()
        self.reload()

    def remove_selected(self) -> None:
        item = self.table.item(self.table.currentRow(), 0)
        if item is None:
            return
        currency, valid_from = item.data(Qt.ItemDataRole.UserRole)
        try:
            delete_rate(self.store, currency, valid_from)
        except PantauError as exc:
            self.message.setText("✖ " + exc.message)
            return
        self.message.setText(_("Rate deleted."))
        self.reload()

    def save_max_size(self) -> None:
        if self.settings is None:
            return
        self.settings.evidence_max_mb = self.max_mb.value()
        self.store.evidence.max_bytes = self.max_mb.value() * 1024 * 1024
        if self.settings_path is not None:
            self.settings.save(self.settings_path)
        self.message.setText(_("Largest evidence file set to {n} MB.").format(n=self.max_mb.value()))
