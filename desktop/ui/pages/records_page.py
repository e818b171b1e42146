"""A list of records (observations or seizures) with filters and full-text search, and the
record's entry form and detail view in the same page.

Keys on the list: Ctrl+N new record, Enter (or double-click) edit the current
row, Ctrl+I details, Delete delete (after confirmation), Ctrl+Z undo the last
delete, Ctrl+E export the rows the list shows.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.drafts import DraftBook
from desktop.errors import PantauError
from desktop.i18n import _, format_number, ngettext
from desktop.ui.field_labels import display_value
from desktop.ui.filter_bar import FilterBar
from desktop.ui.forms.observation_form import ObservationForm
from desktop.ui.forms.seizure_form import SeizureForm
from desktop.ui.list_export import ListExport
from desktop.ui.pages.record_detail import RecordDetail
from desktop.ui.record_model import RecordTableModel
from desktop.ui.widgets.confirm_bar import ConfirmBar

SEARCH_DELAY_MS = 250
FORMS = {"observation": ObservationForm, "seizure": SeizureForm}


class RecordsPage(QWidget):
    record_activated = Signal(str, str)  # kind, record id

    def __init__(self, store, kind: str, title: str, parent=None, settings=None, runner=None):
        super().__init__(parent)
        self.store = store
        self.kind = kind
        self.settings = settings
        self.model = RecordTableModel(store, kind, self)
        self.deleted_stack: list[str] = []

        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        self.search = QLineEdit()
        self.search.setObjectName("searchBox")
        self.search.setPlaceholderText(_("Search species, seller, URL, notes…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Search"))
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.count_label.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("pageMessage")
        self.confirm_bar = ConfirmBar()
        self.filters = FilterBar(store.ref, kind) if kind in FORMS else None

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

        self.new_button = QPushButton(_("New (Ctrl+N)"))
        self.new_button.setObjectName("newRecord")
        self.details_button = QPushButton(_("Details (Ctrl+I)"))
        self.details_button.setObjectName("showDetails")
        self.delete_button = QPushButton(_("Delete (Del)"))
        self.delete_button.setObjectName("deleteRecord")
        self.undo_button = QPushButton(_("Undo delete (Ctrl+Z)"))
        self.undo_button.setObjectName("undoDelete")
        self.new_button.clicked.connect(self.new_record)
        self.details_button.clicked.connect(self.show_current_detail)
        self.delete_button.clicked.connect(self.delete_current)
        self.undo_button.clicked.connect(self.undo_delete)
        self.undo_button.setEnabled(False)
        self.export_button = QPushButton(_("Export this list… (Ctrl+E)"))
        self.export_button.setObjectName("exportList")
        self.export_button.setToolTip(
            _("Save the records shown here, with the same filters and search, as CSV, Excel or GeoJSON.")
        )
        self.list_export = ListExport(store, runner, self, message_label=self.message)
        self.list_export.running.connect(self._exporting)
        self.export_button.clicked.connect(self.export_list)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self.apply_search)

        self.list_view = QWidget()
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.search, 2)
        actions = QHBoxLayout()
        for button in (self.new_button, self.details_button, self.delete_button, self.undo_button, self.export_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.message)
        layout = QVBoxLayout(self.list_view)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(actions)
        if self.filters is not None:
            layout.addWidget(self.filters)
            self.filters.changed.connect(self.apply_filters)
        layout.addWidget(self.confirm_bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.list_export.panel)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.list_view)
        self._form = None
        self.detail = RecordDetail(store)
        self.detail.back_requested.connect(self.show_list)
        self.detail.edit_requested.connect(self.edit_record)
        self.detail.delete_requested.connect(self.delete_record)
        if kind not in FORMS:
            for button in (self.new_button, self.delete_button, self.undo_button):
                button.setEnabled(False)
        self.stack.addWidget(self.detail)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        self._shortcuts = {}
        for keys, action in (
            ("Ctrl+N", self.new_record),
            ("Ctrl+I", self.show_current_detail),
            ("Ctrl+Z", self.undo_delete),
            ("Ctrl+E", self.export_list),
            ("Esc", self.confirm_bar.cancel),
        ):
            self._shortcuts[keys] = QShortcut(QKeySequence(keys), self.list_view)
            self._shortcuts[keys].activated.connect(action)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda: self._activated(self.table.currentIndex()))
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.delete_current)
        self._resize_columns()
        self._update_count()

    def _resize_columns(self) -> None:
        widths = {
            "observed_at": 110,
            "seizure_date": 110,
            "platform": 100,
            "country": 70,
            "seller_handle": 150,
            "species_names": 260,
            "quantity": 80,
            "price": 130,
            "estimated_value": 140,
            "reported": 80,
            "removed": 80,
            "case_reference": 140,
            "subdivision": 170,
            "legal_status": 170,
        }
        for i, (name, _label) in enumerate(self.model.columns):
            self.table.setColumnWidth(i, widths.get(name, 120))

    # -- the list -------------------------------------------------------------------------
    def apply_search(self) -> None:
        self._timer.stop()
        self._set_filter(replace(self.model.filter, text=self.search.text().strip()))

    def apply_filters(self) -> None:
        self._set_filter(replace(self.model.filter, **self.filters.values()))

    def _set_filter(self, flt) -> None:
        if flt != self.model.filter:
            self.model.set_filter(flt)
        self._update_count()

    def refresh(self) -> None:
        self.model.refresh()
        self._update_count()

    def _update_count(self) -> None:
        n = self.model.total()
        if n and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))  # Enter, Ctrl+I and Delete act on a row
        text = ngettext("{n} record", "{n} records", n).format(n=format_number(n))
        if self.model.filter.text:
            text = _("{count} matching “{query}”").format(count=text, query=self.model.filter.text)
        summary = self.filters.summary() if self.filters is not None else ""
        if summary:
            text = _("{count} — filtered by: {filters}").format(count=text, filters=summary)
        self.count_label.setText(text)

    def _exporting(self, running: bool) -> None:
        """While a list export runs: no second one, and Esc cancels it (the presenter's shortcut)."""
        self.export_button.setEnabled(not running)
        self._shortcuts["Esc"].setEnabled(not running)

    def export_list(self) -> None:
        """Export exactly the rows the list shows (same filters and search) to a file the user chooses."""
        self.apply_search()  # a search still waiting for its typing pause counts too
        self.list_export.run(self.model.filter)

    def current_record_id(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid():
            selected = self.table.selectionModel().selectedRows()
            index = selected[0] if selected else QModelIndex()
        return self.model.record_id(index.row()) if index.isValid() else None

    def _activated(self, index) -> None:
        if not index.isValid():
            return
        record_id = self.model.record_id(index.row())
        if record_id:
            self.record_activated.emit(self.kind, record_id)
            if self.kind in FORMS:
                self.edit_record(record_id)

    def show_list(self) -> None:
        if self._form is not None and self.stack.currentWidget() is self._form and self._form.is_dirty():
            self.form.leave_keeping_draft()
            self.message.setText(_("Your unsaved changes were kept as a draft."))
        self.stack.setCurrentWidget(self.list_view)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- forms -----------------------------------------------------------------------------
    @property
    def form(self):
        """The entry form, built the first time it is needed (it is the slowest part of the page)."""
        if self._form is None and self.kind in FORMS:
            self._form = FORMS[self.kind](self.store, self.settings)
            self._form.closed.connect(self._form_closed)
            self._form.saved.connect(self._form_saved)
            self.stack.addWidget(self._form)
        return self._form

    def new_record(self) -> None:
        if self.form is None:
            return
        self.form.start_new()
        self.stack.setCurrentWidget(self.form)
        self.form.focus_first()

    def edit_record(self, record_id: str) -> None:
        """Open the form on a record; unsaved changes left in a draft for it are restored."""
        if self.form is None:
            return
        draft = next((d for d in DraftBook(self.store).all(self.kind) if d.record_id == record_id), None)
        try:
            if draft is not None:
                self.form.resume_draft(draft)
            else:
                self.form.load_record(self.store.get(self.kind, record_id))
        except PantauError as exc:
            self.message.setText(exc.message)
            return
        self.stack.setCurrentWidget(self.form)
        self.form.focus_first()

    def open_draft(self, draft) -> None:
        if self.form is None:
            return
        self.form.resume_draft(draft)
        self.stack.setCurrentWidget(self.form)
        self.form.focus_first()

    def _form_saved(self, record) -> None:
        self.message.setText(" ".join([_("Saved.")] + list(getattr(self._form, "reminders", []))))
        self.refresh()

    def _form_closed(self) -> None:
        self.refresh()
        self.show_list()

    # -- details and deleting ---------------------------------------------------------------------
    def show_current_detail(self) -> None:
        record_id = self.current_record_id()
        if record_id:
            self.show_detail(record_id)

    def show_detail(self, record_id: str) -> None:
        try:
            record = self.store.get(self.kind, record_id)
        except PantauError as exc:
            self.message.setText(exc.message)
            return
        self.detail.show_record(record)
        self.stack.setCurrentWidget(self.detail)

    def delete_current(self) -> None:
        record_id = self.current_record_id()
        if record_id:
            self.delete_record(record_id)

    def delete_record(self, record_id: str) -> None:
        """Ask, then delete (a tombstone revision that stays in the history and can be undone)."""
        try:
            record = self.store.get(self.kind, record_id)
        except PantauError as exc:
            self.message.setText(exc.message)
            return
        self.show_list()
        day = display_value(
            self.store.ref, "observed_at", getattr(record, "observed_at", "") or getattr(record, "seizure_date", "")
        )
        who = getattr(record, "seller_handle", "") or getattr(record, "case_reference", "") or "—"
        question = (
            _("Delete the observation of {date} ({who})? It stays in the history and Ctrl+Z restores it.")
            if self.kind == "observation"
            else _("Delete the seizure of {date} ({who})? It stays in the history and Ctrl+Z restores it.")
        ).format(date=day, who=who)
        self.confirm_bar.ask(
            "delete",
            question,
            _("Delete"),
            lambda: self._delete(record_id),
            _("Cancel"),
            on_cancel=lambda: self.table.setFocus(Qt.FocusReason.OtherFocusReason),
        )

    def _delete(self, record_id: str) -> None:
        try:
            self.store.delete(self.kind, record_id)
        except PantauError as exc:
            self.message.setText(exc.message)
            return
        self.deleted_stack.append(record_id)
        self.undo_button.setEnabled(True)
        self.message.setText(_("Deleted. Press Ctrl+Z to undo."))
        row = self.table.currentIndex().row()
        self.refresh()
        if self.model.rowCount():
            self.table.selectRow(min(max(row, 0), self.model.rowCount() - 1))
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def undo_delete(self) -> None:
        if not self.deleted_stack:
            self.message.setText(_("Nothing to undo."))
            return
        record_id = self.deleted_stack.pop()
        try:
            self.store.restore(self.kind, record_id)
        except PantauError as exc:
            self.message.setText(exc.message)
            return
        self.undo_button.setEnabled(bool(self.deleted_stack))
        self.message.setText(_("Delete undone: the record is back."))
        self.refresh()
