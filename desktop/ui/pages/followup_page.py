"""Follow-up of reported adverts: the list of checks that are due (oldest first), recording each
check's outcome, the follow-up period, and the time from report to removal."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import PantauError
from desktop.i18n import _, format_date, format_number, ngettext
from desktop.intel.followup import OUTCOME_LABELS, due, followup_days, outcome_label, record_outcome, removal_stats
from desktop.reference.translated_names import local_name

OVERDUE = QColor("#a8443a")


def _day(text: str) -> str:
    try:
        return format_date(dt.date.fromisoformat(text[:10]))
    except (TypeError, ValueError):
        return text or "—"


class FollowupPage(QWidget):
    record_requested = Signal(str)  # record id: open this advert
    changed = Signal()  # an outcome was saved

    def __init__(self, store, settings=None, settings_path=None, parent=None):
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self.settings_path = settings_path
        self.rows: list[dict] = []
        self.platforms = {p.id: local_name(p.name) for p in store.ref.platforms}

        heading = QLabel(_("Follow-up of reported adverts"))
        heading.setObjectName("pageTitle")
        explanation = QLabel(
            _(
                "Adverts reported to a platform are checked again after the follow-up period. "
                "Record what you find: removed and account locked close the follow-up; still "
                "online and could not check schedule the next check."
            )
        )
        explanation.setWordWrap(True)
        self.days = QSpinBox()
        self.days.setObjectName("followupDays")
        self.days.setRange(1, 365)
        self.days.setMinimumWidth(80)
        self.days.setValue(followup_days(settings))
        self.days.setAccessibleName(_("Follow-up period"))
        self.days.valueChanged.connect(self._days_changed)
        self.upcoming = QCheckBox(_("Also show checks due later"))
        self.upcoming.setObjectName("showUpcoming")
        self.upcoming.toggled.connect(lambda _on: self.refresh())
        refresh = QPushButton(_("Refresh"))
        refresh.clicked.connect(self.refresh)
        controls = QHBoxLayout()
        controls.addWidget(QLabel(_("Check again after (days):")))
        controls.addWidget(self.days)
        controls.addSpacing(16)
        controls.addWidget(self.upcoming)
        controls.addStretch(1)
        controls.addWidget(refresh)

        self.table = QTableWidget(0, 8)
        self.table.setObjectName("followupTable")
        self.table.setHorizontalHeaderLabels(
            [
                _("Due"),
                _("Days overdue"),
                _("Reported on"),
                _("Platform"),
                _("Seller"),
                _("Species"),
                _("Evidence"),
                _("Last check"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.open_current())
        self.table.itemSelectionChanged.connect(self._selection_changed)

        self.outcome_buttons: dict[str, QPushButton] = {}
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel(_("Checked today:")))
        for code, text in OUTCOME_LABELS.items():
            button = QPushButton(_(text))
            button.setObjectName(f"outcome_{code}")
            button.clicked.connect(lambda _c=False, code=code: self.record_current(code))
            self.outcome_buttons[code] = button
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.open_button = QPushButton(_("Open advert"))
        self.open_button.setObjectName("openAdvert")
        self.open_button.clicked.connect(self.open_current)
        buttons.addWidget(self.open_button)

        self.message = QLabel()
        self.message.setObjectName("pageMessage")
        self.message.setWordWrap(True)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.summary = QLabel()
        self.summary.setObjectName("removalSummary")
        self.summary.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explanation)
        layout.addLayout(controls)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.count_label)
        layout.addWidget(self.summary)

    # -- data ------------------------------------------------------------------------------
    def refresh(self) -> None:
        today = dt.date.today()
        self.rows = due(self.store, today, include_upcoming=self.upcoming.isChecked())
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            overdue = row["days_overdue"]
            evidence = row["evidence_count"] or 0
            last = row["followup_checked_on"]
            cells = [
                _day(row["followup_due"]),
                format_number(overdue) if overdue > 0 else "—",
                _day(row["reported_on"]),
                self.platforms.get(row["platform"], row["platform"] or "—"),
                row["seller_handle"] or "—",
                row["species_names"] or "—",
                format_number(evidence) if evidence else _("None"),
                _("{outcome} on {date}").format(outcome=outcome_label(row["followup_outcome"]), date=_day(last))
                if last
                else "—",
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, row["id"])
                    item.setToolTip(row["url"] or "")
                if c == 1 and overdue > 0:
                    item.setForeground(QBrush(OVERDUE))
                if c == 6 and not evidence:
                    item.setForeground(QBrush(OVERDUE))
                    item.setToolTip(_("No evidence attached: keep a screenshot before the platform removes it."))
                if c in (1, 6):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        if self.rows:
            self.table.selectRow(0)
        n = len(self.rows)
        self.count_label.setText(
            ngettext("{n} follow-up due", "{n} follow-ups due", n).format(n=format_number(n))
            if not self.upcoming.isChecked()
            else ngettext("{n} follow-up waiting", "{n} follow-ups waiting", n).format(n=format_number(n))
        )
        self._selection_changed()
        self._show_summary()

    def _show_summary(self) -> None:
        stats = removal_stats(self.store)
        if stats.median_days is None:
            self.summary.setText(_("Time to removal: no reported advert has been found removed by a check yet."))
            return
        self.summary.setText(
            ngettext(
                "Time to removal: median {median} days after the report ({n} advert found removed or locked).",
                "Time to removal: median {median} days after the report ({n} adverts found removed or locked).",
                stats.closed,
            ).format(median=format_number(stats.median_days), n=format_number(stats.closed))
        )

    def current_id(self) -> str | None:
        row = self.table.currentRow()
        if row < 0 or row >= len(self.rows):
            return None
        return self.rows[row]["id"]

    def _selection_changed(self) -> None:
        enabled = self.current_id() is not None
        for button in (*self.outcome_buttons.values(), self.open_button):
            button.setEnabled(enabled)

    # -- actions ---------------------------------------------------------------------------
    def record_current(self, outcome: str) -> None:
        record_id = self.current_id()
        if record_id is None:
            return
        try:
            record = record_outcome(self.store, record_id, outcome, settings=self.settings)
        except PantauError as exc:
            self.message.setText(exc.message)
            return
        self.message.setText(
            _("Saved: {outcome} ({seller}).").format(
                outcome=outcome_label(outcome), seller=record.seller_handle or record.url or record.id
            )
        )
        self.refresh()
        self.changed.emit()

    def open_current(self) -> None:
        record_id = self.current_id()
        if record_id:
            self.record_requested.emit(record_id)

    def _days_changed(self, value: int) -> None:
        if self.settings is None:
            return
        self.settings.extra["followup_days"] = int(value)
        if self.settings_path is not None:
            try:
                self.settings.save(self.settings_path)
            except OSError as exc:
                self.message.setText(_("The settings cannot be saved: {reason}").format(reason=exc.strerror or exc))
                return
        self.message.setText(
            ngettext(
                "New reports will be checked {n} day after the report.",
                "New reports will be checked {n} days after the report.",
                value,
            ).format(n=value)
        )
