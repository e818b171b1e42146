"""The Questionnaires page: installed forms, their responses, filling in (alone, from paper
with double entry, or at a workshop), reviewing, reopening, and the summary with charts."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.ids import parse_utc
from desktop.errors import PantauError
from desktop.forms.double_entry import DoubleEntryBook
from desktop.forms.installed import FormLibrary, language_label
from desktop.forms.responses import (
    AWAITING_SECOND,
    COMPARE,
    COMPLETE,
    FIRST_KEYING,
    RESOLVED,
    SECOND_KEYING,
    ResponseBook,
)
from desktop.forms.workshop import WorkshopBook
from desktop.i18n import N_, _, current_language, format_date, set_language, translated
from desktop.ui.questionnaire.compare_view import CompareView, finish_second_keying
from desktop.ui.questionnaire.filler import FILL, PAPER_FIRST, PAPER_SECOND, QuestionnaireFiller
from desktop.ui.questionnaire.forms_panel import FormsPanel
from desktop.ui.questionnaire.pin_dialog import ask_trainer_pin
from desktop.ui.questionnaire.responses_model import ResponsesModel
from desktop.ui.questionnaire.summary_view import SummaryView
from desktop.ui.questionnaire.workshop_mode import WorkshopStartDialog, WorkshopWindow


def local_time(utc_text: str) -> str:
    """'2026-03-15T02:10:00.000000Z' as a short date and time in this computer's time zone."""
    try:
        return format_date(parse_utc(utc_text).astimezone(), "short")
    except ValueError:
        return utc_text


STATUS_LABELS = {"draft": N_("Draft"), "complete": N_("Complete")}
ENTRY_LABELS = {
    FIRST_KEYING: N_("Paper: first keying"),
    AWAITING_SECOND: N_("Paper: waiting for second keying"),
    SECOND_KEYING: N_("Paper: second keying"),
    COMPARE: N_("Paper: to compare"),
    RESOLVED: N_("Paper: verified, needs corrections"),  # shown only while the response is not complete
}


@dataclass(frozen=True)
class LockedWork:
    """What was being answered when auto-lock struck (see :meth:`QuestionnairesPage.suspend_for_lock`)."""

    workshop_id: str  # '' outside workshop mode
    response_id: str  # '' when no answer had been given yet
    page_index: int


class QuestionnairesPage(QWidget):
    def __init__(self, store, runner=None, parent=None):
        super().__init__(parent)
        self.setObjectName("questionnairesPage")
        self.store = store
        self.runner = runner
        self.library = FormLibrary(store)
        self.responses = ResponseBook(store, self.library)
        self.double = DoubleEntryBook(store, self.responses)
        self.workshops = WorkshopBook(store)
        self.form_id = ""
        self.filler: QuestionnaireFiller | None = None
        self.workshop_window: WorkshopWindow | None = None
        self._app_language = current_language()
        self.rows: list[dict] = []

        self.stack = QStackedWidget()
        self.overview = QWidget()
        self.overview.setObjectName("questionnairesOverview")
        self._build_overview()
        self.compare = CompareView(self.double)
        self.compare.done.connect(lambda _r: self.back_to_list())
        self.compare.needs_edit.connect(lambda r: self.open_response(r.id))
        self.compare.closed.connect(self.back_to_list)
        self.summary = SummaryView(store, self.library, runner)
        self.summary.closed.connect(self.back_to_list)
        for widget in (self.overview, self.compare, self.summary):
            self.stack.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._loaded = False  # forms and responses are read when first shown
        if self.workshops.current() is not None:
            QTimer.singleShot(0, self._resume_after_restart)

    # -- the overview ---------------------------------------------------------------------------
    def _build_overview(self) -> None:
        title = QLabel(_("Questionnaires"))
        title.setObjectName("pageTitle")
        self.workshop_banner = QLabel()
        self.workshop_banner.setObjectName("workshopBanner")
        self.workshop_banner.setWordWrap(True)
        self.resume_button = QPushButton(_("Resume workshop mode"))
        self.resume_button.setObjectName("resumeWorkshop")
        self.resume_button.clicked.connect(self.resume_workshop)
        banner = QHBoxLayout()
        banner.addWidget(self.workshop_banner, 1)
        banner.addWidget(self.resume_button)
        self.forms = FormsPanel(self.library)
        self.forms.selection_changed.connect(self._form_selected)
        self.forms.forms_changed.connect(self.reload_responses)

        self.new_button = QPushButton(_("New response"))
        self.new_button.setObjectName("newResponse")
        self.new_button.clicked.connect(lambda: self.new_response(FILL))
        self.paper_button = QPushButton(_("Key a paper questionnaire"))
        self.paper_button.setObjectName("newPaperResponse")
        self.paper_button.setToolTip(
            _(
                "Double data entry: key the paper form now, then a second person keys it "
                "again blind and the differences are resolved."
            )
        )
        self.paper_button.clicked.connect(lambda: self.new_response(PAPER_FIRST))
        self.workshop_button = QPushButton(_("Start workshop…"))
        self.workshop_button.setObjectName("startWorkshop")
        self.workshop_button.clicked.connect(self.start_workshop)
        self.scope = QComboBox()
        self.scope.setObjectName("summaryScope")
        self.scope.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.summary_button = QPushButton(_("Summary"))
        self.summary_button.setObjectName("showSummary")
        self.summary_button.clicked.connect(self.show_summary)
        actions = QHBoxLayout()
        for widget in (self.new_button, self.paper_button, self.workshop_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        actions.addWidget(QLabel(_("Summary of")))
        actions.addWidget(self.scope)
        actions.addWidget(self.summary_button)

        self.model = ResponsesModel(
            [
                _("Updated"),
                _("Status"),
                _("Version"),
                _("Language"),
                _("Country"),
                _("Agency"),
                _("Role"),
                _("Workshop"),
            ],
            {0: local_time},
            self,
        )
        self.table = QTableView()
        self.table.setObjectName("responsesTable")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setResizeContentsPrecision(60)  # widths from the first rows, not every response
        for column in (5, 6):  # agency and role names are long: they share the rest
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.installEventFilter(self)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        self.open_button = QPushButton(_("Open"))
        self.open_button.setObjectName("openResponse")
        self.open_button.clicked.connect(self.open_selected)
        self.reopen_button = QPushButton(_("Reopen (trainer PIN)"))
        self.reopen_button.setObjectName("reopenResponse")
        self.reopen_button.clicked.connect(self.reopen_selected)
        self.discard_button = QPushButton(_("Discard draft"))
        self.discard_button.setObjectName("discardDraft")
        self.discard_button.clicked.connect(self.discard_selected)
        row_actions = QHBoxLayout()
        row_actions.addWidget(self.open_button)
        row_actions.addWidget(self.reopen_button)
        row_actions.addWidget(self.discard_button)
        row_actions.addStretch(1)

        layout = QVBoxLayout(self.overview)
        layout.addWidget(title)
        layout.addLayout(banner)
        layout.addWidget(QLabel(_("Installed forms")))
        layout.addWidget(self.forms)
        layout.addLayout(actions)
        self.responses_heading = QLabel()
        layout.addWidget(self.responses_heading)
        layout.addWidget(self.table, 1)
        layout.addLayout(row_actions)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not self._loaded:
            self.refresh()

    def refresh(self) -> None:
        """Called when the page is shown: forms, responses and the workshop in progress."""
        if self.stack.currentWidget() is not self.overview:
            return
        self._loaded = True
        try:
            self.forms.reload()
        except PantauError as exc:  # e.g. the built-in form cannot be installed: say so
            self.workshop_banner.setText(exc.message)
            self.workshop_banner.show()
            return
        current = self.workshops.current()
        self.workshop_banner.setText(
            _("The workshop '{name}' (code {code}) is in progress on this laptop.").format(
                name=current.name, code=current.id
            )
            if current
            else ""
        )
        self.workshop_banner.setVisible(current is not None)
        self.resume_button.setVisible(current is not None)
        self.workshop_button.setEnabled(current is None)
        if self.forms.selected() is None:  # otherwise selecting the form has reloaded them
            self.reload_responses()

    def _form_selected(self, form_id: str, _version: str) -> None:
        self.form_id = form_id
        self.reload_responses()

    def reload_responses(self) -> None:
        if not self.form_id:
            return
        self.rows = self.responses.rows(self.form_id)
        self.responses_heading.setText(_("Responses to {form}").format(form=self.form_id))
        values = []
        for row in self.rows:
            status = translated(STATUS_LABELS.get(row["status"], row["status"]))
            if row["entry_status"] and row["status"] != COMPLETE:
                status = translated(ENTRY_LABELS.get(row["entry_status"], row["entry_status"]))
            country = self.store.ref.country(row["respondent_country"]) if row["respondent_country"] else None
            values.append(
                [
                    row["updated_at"],
                    status,
                    row["form_version"] or "",
                    language_label(None, row["language"]) if row["language"] else "",
                    country.name(current_language()) if country else row["respondent_country"],
                    self._choice_label(row, "agency_type", row["respondent_agency"]),
                    self._choice_label(row, "role_level", row["respondent_role"]),
                    row["workshop_id"],
                ]
            )
        self.model.set_rows([r["id"] for r in self.rows], values)
        if self.rows:
            self.table.selectRow(0)
        self._update_scope()
        self._update_actions()

    def _choice_label(self, row: dict, question: str, value: str) -> str:
        """A stored choice name shown with its label in the current language."""
        if not value:
            return ""
        try:
            definition = self.library.get(row["form_id"], row["form_version"])
            choices = definition.question(question).choices
        except (PantauError, KeyError):
            return value
        choice = next((c for c in choices if c.name == value), None)
        return definition.label(choice, current_language())[0] if choice else value

    def _update_scope(self) -> None:
        current = self.scope.currentData()
        self.scope.clear()
        self.scope.addItem(_("all responses"), "")
        known = {w.id: w for w in self.workshops.all()}
        codes = [code for code, form_id, _n in self.workshops.known_codes() if form_id == self.form_id]
        codes += [w.id for w in known.values() if w.form_id == self.form_id and w.id not in codes]
        for code in codes:
            w = known.get(code)
            self.scope.addItem("{name} ({code})".format(name=w.name, code=code) if w else code, code)
        self.scope.setCurrentIndex(max(self.scope.findData(current), 0))

    def _selected_row(self) -> dict | None:
        selected = self.table.selectionModel().selectedRows()
        row = selected[0].row() if selected else -1
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _update_actions(self) -> None:
        row = self._selected_row()
        self.open_button.setEnabled(row is not None)
        self.reopen_button.setEnabled(bool(row and row["status"] == COMPLETE))
        self.discard_button.setEnabled(
            bool(row and row["status"] != COMPLETE and self.responses.is_editable(self.responses.get(row["id"])))
        )

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.open_selected()
            return True
        return super().eventFilter(watched, event)

    # -- filling in -------------------------------------------------------------------------------
    def new_response(self, mode: str = FILL) -> None:
        if not self.form_id:
            return
        try:
            response = self.responses.new(self.form_id, language=current_language())
            self._show_filler(response, mode)
        except PantauError as exc:
            QMessageBox.warning(self, _("Questionnaires"), exc.message)

    def open_selected(self) -> None:
        row = self._selected_row()
        if row is not None:
            self.open_response(row["id"])

    def open_response(self, response_id: str) -> None:
        """Open a response where its state says: filling, second keying (blind) or comparison."""
        try:
            self._open_response(response_id)
        except PantauError as exc:
            QMessageBox.warning(self, _("Questionnaires"), exc.message)

    def _open_response(self, response_id: str) -> None:
        response = self.responses.get(response_id)
        state = self.responses.entry_status(response_id)
        if state in (AWAITING_SECOND, SECOND_KEYING) and response.status != COMPLETE:
            self._show_filler(response, PAPER_SECOND)
        elif state == COMPARE and response.status != COMPLETE:
            self.stack.setCurrentWidget(self.compare)
            self.compare.show_response(response)
        else:
            self._show_filler(response, PAPER_FIRST if state == FIRST_KEYING else FILL)

    def _show_filler(self, response, mode: str) -> None:
        self._app_language = current_language()
        self._drop_filler()
        self.filler = QuestionnaireFiller(self.responses, response, mode, self.double)
        self.filler.finished.connect(lambda r, m=mode: self._filler_finished(r, m))
        self.filler.closed.connect(self.back_to_list)
        self.filler.reopen_requested.connect(lambda r: self.reopen(r, then_open=True))
        self.filler.discard_requested.connect(self.discard_draft)
        self.stack.addWidget(self.filler)
        self.stack.setCurrentWidget(self.filler)
        self.filler.focus_first()

    def _drop_filler(self) -> None:
        if self.filler is not None:
            self.filler.retire()
            self.stack.removeWidget(self.filler)
            self.filler.deleteLater()
            self.filler = None

    def _filler_finished(self, response, mode: str) -> None:
        set_language(self._app_language)
        if mode == PAPER_FIRST:
            QMessageBox.information(
                self,
                _("Double entry"),
                _(
                    "First keying finished. Now a second person keys the same paper form again, without seeing "
                    "these answers: open it from the list."
                ),
            )
        elif mode == PAPER_SECOND:
            found = finish_second_keying(self, self.double, response)
            if found is None:  # the keyings agree on answers the form refuses: the person keying corrects
                self.reload_responses()
                return
            if found:
                self._drop_filler()
                self.stack.setCurrentWidget(self.compare)
                self.compare.show_response(self.responses.get(response.id))
                return
        self.back_to_list()

    def back_to_list(self) -> None:
        if self.filler is not None:
            self.filler.save_now()
        set_language(self._app_language)
        self._drop_filler()
        self.stack.setCurrentWidget(self.overview)
        self.refresh()
        self.table.setFocus()

    def reopen_selected(self) -> None:
        row = self._selected_row()
        if row is not None:
            self.reopen(self.responses.get(row["id"]))

    def reopen(self, response, then_open: bool = False) -> bool:
        if not ask_trainer_pin(
            self,
            self.store,
            response.workshop_id,
            _("Reopen response"),
            _("Enter the trainer's PIN to make this complete response editable again."),
            lambda pin: self.responses.reopen(response, pin),
        ):
            return False
        if then_open:
            self._show_filler(self.responses.get(response.id), FILL)
        else:
            self.reload_responses()
        return True

    def discard_selected(self) -> None:
        row = self._selected_row()
        if row is not None and self.responses.is_editable(self.responses.get(row["id"])):
            self.discard_draft(self.responses.get(row["id"]))

    def discard_draft(self, response) -> bool:
        """Remove a draft response after asking; the removal stays in the record's history."""
        answer = QMessageBox.question(
            self,
            _("Discard draft"),
            _(
                "Discard this draft response? It is removed from the list of responses; "
                "the removal is kept in its history."
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        if self.filler is not None:
            self.filler.abandon()
        try:
            self.responses.discard(response)
        except PantauError as exc:
            QMessageBox.warning(self, _("Questionnaires"), exc.message)
            return False
        self.back_to_list()
        return True

    # -- workshops and summary -----------------------------------------------------------------
    def start_workshop(self) -> None:
        dialog = WorkshopStartDialog(self.store, self.library, self)
        if dialog.exec() == dialog.DialogCode.Accepted and dialog.workshop is not None:
            self.enter_workshop(dialog.workshop)

    def resume_workshop(self) -> None:
        current = self.workshops.current()
        if current is not None:
            self.enter_workshop(current)

    def _resume_after_restart(self) -> None:
        """Pantau was closed (or crashed) during a workshop: back into workshop mode, so that a
        respondent cannot reach the rest of the app without the trainer's PIN."""
        if not any(isinstance(w, WorkshopWindow) and w.isVisible() for w in QApplication.topLevelWidgets()):
            self.resume_workshop()

    def enter_workshop(self, workshop, resume_id: str = "") -> WorkshopWindow:
        self.workshop_window = WorkshopWindow(self.responses, workshop, resume_id=resume_id)
        self.workshop_window.left.connect(self._workshop_left)
        host = self.window()
        host.hide()
        self.workshop_window.showMaximized()
        return self.workshop_window

    def _workshop_left(self) -> None:
        self.window().show()
        self.workshop_window.deleteLater()
        self.workshop_window = None
        self.refresh()

    def show_summary(self) -> None:
        if not self.form_id:
            return
        self.stack.setCurrentWidget(self.summary)
        self.summary.show_summary(self.form_id, self.scope.currentData() or None)

    # -- auto-lock (desktop.ui.autolock) ----------------------------------------------------------
    def suspend_for_lock(self) -> LockedWork | None:
        """The store is about to close: save what is being answered, take the workshop screen
        down (the session stays open) and say what to bring back after unlocking."""
        if self.workshop_window is not None:
            window, self.workshop_window = self.workshop_window, None
            window.left.disconnect(self._workshop_left)
            response_id, page_index = window.suspend()
            window.deleteLater()
            return LockedWork(window.workshop.id, response_id, page_index)
        if self.filler is None or self.stack.currentWidget() is not self.filler:
            return None
        self.filler.retire()
        set_language(self._app_language)  # the lock screen speaks the app's language
        response = self.filler.response
        return LockedWork("", response.id, self.filler.page_index) if response.id else None

    def resume_after_lock(self, work: LockedWork) -> None:
        """After unlocking: the workshop screen again, or the response that was being filled in,
        on the page it was on."""
        if work.workshop_id:
            workshop = self.workshops.current()
            if workshop is None or workshop.id != work.workshop_id:
                return
            filler = self.enter_workshop(workshop, work.response_id).filler
        else:
            self.open_response(work.response_id)
            filler = self.filler
        if filler is not None and work.response_id:
            filler.resume_at(work.page_index)
