"""Workshop mode: the trainer starts a session, then the laptop shows only the questionnaire,
one respondent after another, with a counter of the responses collected. 'Next respondent'
clears the screen; leaving workshop mode (closing the window too) needs the trainer's PIN, and
wrong PINs wait longer and longer. Auto-lock takes the screen down without ending the session
(:meth:`WorkshopWindow.suspend`); after unlocking it comes back with the respondent's draft."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import PantauError
from desktop.forms.workshop import WorkshopBook
from desktop.i18n import _, current_language, format_number, set_language
from desktop.training import export_note, is_training
from desktop.ui.questionnaire.filler import QuestionnaireFiller
from desktop.ui.questionnaire.pin_dialog import PinDialog

TRAINING_STYLE = (
    "background: #f2c94c; color: #2b1d00; border-bottom: 3px solid #8a5a00; font-weight: bold; padding: 6px;"
)
BAR_STYLE = "QFrame#workshopBar, QWidget#workshopBar { background: #23402f; } QLabel { color: #f2f5f0; }"


class WorkshopStartDialog(QDialog):
    """Name, place, date, questionnaire and PIN of a new session (or the code of one to join)."""

    def __init__(self, store, library, parent=None):
        super().__init__(parent)
        self.setObjectName("workshopStart")
        self.setWindowTitle(_("Start a workshop"))
        self.store, self.library = store, library
        self.workshop = None
        intro = QLabel(
            _(
                "During the workshop this laptop shows only the questionnaire, one respondent after "
                "another. Leaving workshop mode needs the PIN you choose here."
            )
        )
        intro.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setObjectName("workshopName")
        self.place = QLineEdit()
        self.place.setObjectName("workshopPlace")
        self.date = QLineEdit(dt.date.today().isoformat())
        self.date.setObjectName("workshopDate")
        self.date.setPlaceholderText("YYYY-MM-DD")
        self.form = QComboBox()
        self.form.setObjectName("workshopForm")
        for installed in library.installed():
            if installed.version == library.latest_version(installed.form_id):
                try:  # the title in the officer's language, as the form gives it
                    title = library.get(installed.form_id, installed.version).title_text(current_language())
                except PantauError:
                    title = installed.title
                self.form.addItem(
                    "{title} ({form} {version})".format(
                        title=title or installed.title, form=installed.form_id, version=installed.version
                    ),
                    installed.form_id,
                )
        self.pin = QLineEdit()
        self.pin.setObjectName("workshopPin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_again = QLineEdit()
        self.pin_again.setObjectName("workshopPinAgain")
        self.pin_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.code = QLineEdit()
        self.code.setObjectName("workshopCode")
        self.code.setPlaceholderText(_("only to join a workshop started on another laptop"))
        self.error = QLabel()
        self.error.setObjectName("workshopError")
        self.error.setStyleSheet("color: #a61b1b;")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow(_("Workshop name"), self.name)
        form.addRow(_("Place"), self.place)
        form.addRow(_("Date"), self.date)
        form.addRow(_("Questionnaire"), self.form)
        form.addRow(_("Trainer PIN"), self.pin)
        form.addRow(_("Trainer PIN again"), self.pin_again)
        form.addRow(_("Workshop code"), self.code)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Start workshop"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.try_start)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def try_start(self) -> None:
        if self.pin.text() != self.pin_again.text():
            self._error(_("The two PINs are not the same."))
            return
        if self.form.currentData() is None:
            self._error(_("Install a questionnaire first."))
            return
        form_id = self.form.currentData()
        version = self.library.latest_version(form_id)
        try:
            self.workshop = WorkshopBook(self.store).start(
                self.name.text(),
                self.place.text(),
                self.date.text().strip(),
                self.pin.text(),
                form_id,
                version,
                code=self.code.text().strip() or None,
            )
        except PantauError as exc:
            self._error(exc.message)
            return
        self.accept()

    def _error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


class WorkshopWindow(QWidget):
    """The whole screen during a workshop: only the questionnaire and the counter."""

    left = Signal()

    def __init__(self, responses, workshop, parent=None, resume_id: str = ""):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("workshopWindow")
        self.responses = responses
        self.store = responses.store
        self.book = WorkshopBook(self.store)
        self.workshop = workshop
        self.app_language = current_language()
        definition = responses.library.get(workshop.form_id, workshop.form_version)
        self.start_language = (
            self.app_language if self.app_language in definition.languages else definition.default_language
        )
        self.filler: QuestionnaireFiller | None = None
        self._leaving = False
        self.setWindowModality(Qt.WindowModality.ApplicationModal)

        bar = QWidget()
        bar.setObjectName("workshopBar")
        bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        bar.setStyleSheet(BAR_STYLE)
        self.heading = QLabel()
        self.heading.setObjectName("workshopHeading")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: bold;")
        self.counter = QLabel()
        self.counter.setObjectName("workshopCounter")
        self.counter.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.next_button = QPushButton()
        self.next_button.setObjectName("nextRespondent")
        self.next_button.clicked.connect(self.next_respondent)
        self.leave_button = QPushButton()
        self.leave_button.setObjectName("leaveWorkshop")
        self.leave_button.clicked.connect(self.leave)
        bar_layout = QHBoxLayout(bar)
        bar_layout.addWidget(self.heading, 1)
        bar_layout.addWidget(self.counter)
        bar_layout.addSpacing(16)
        bar_layout.addWidget(self.next_button)
        bar_layout.addWidget(self.leave_button)

        self.stack = QStackedWidget()
        self.thanks = QWidget()
        self.thanks.setObjectName("workshopThanks")
        self.thanks_label = QLabel()
        self.thanks_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thanks_label.setWordWrap(True)
        self.thanks_label.setStyleSheet("font-size: 16pt;")
        self.thanks_button = QPushButton()
        self.thanks_button.setObjectName("thanksNextRespondent")
        self.thanks_button.setDefault(True)
        self.thanks_button.setAutoDefault(True)
        self.thanks_button.setMinimumSize(260, 48)
        self.thanks_button.setStyleSheet("font-size: 13pt;")
        self.thanks_button.clicked.connect(lambda: self.start_respondent())
        thanks_layout = QVBoxLayout(self.thanks)
        thanks_layout.addStretch(1)
        thanks_layout.addWidget(self.thanks_label)
        thanks_layout.addWidget(self.thanks_button, 0, Qt.AlignmentFlag.AlignHCenter)
        thanks_layout.addStretch(2)
        self.stack.addWidget(self.thanks)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.training_banner = None
        if is_training(self.store.home):  # responses collected in a sandbox must not look real
            self.training_banner = QLabel()
            self.training_banner.setObjectName("workshopTrainingBanner")
            self.training_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.training_banner.setWordWrap(True)
            self.training_banner.setStyleSheet(TRAINING_STYLE)
            layout.addWidget(self.training_banner)
        layout.addWidget(bar)
        layout.addWidget(self.stack, 1)
        self.resize(1100, 760)
        self.start_respondent(resume_id)

    # -- texts --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        w = self.workshop
        self.setWindowTitle(_("Workshop: {name}").format(name=w.name))
        self.heading.setText(
            _("{name} · {place} · {date} · code {code}").format(
                name=w.name, place=w.place or "-", date=w.held_on, code=w.id
            )
        )
        if self.training_banner is not None:
            self.training_banner.setText("⚠ " + export_note())
            self.training_banner.setAccessibleName(export_note())
        self.next_button.setText(_("Next respondent"))
        self.next_button.setToolTip(_("Clear the screen for the next respondent"))
        self.leave_button.setText(_("Leave workshop mode"))
        self.thanks_label.setText(
            _("Thank you! Your answers are saved.\nPlease hand the laptop to the next respondent.")
        )
        self.thanks_button.setText(_("Next respondent"))
        self.update_counter()

    def update_counter(self) -> None:
        self.counter.setText(
            _("Responses collected: {n}").format(n=format_number(self.book.collected(self.workshop.id)))
        )

    # -- respondents ----------------------------------------------------------------------------
    def start_respondent(self, response_id: str = "") -> None:
        """A new, empty questionnaire in the workshop's starting language (or, after the lock,
        the draft ``response_id`` of the respondent who was answering)."""
        if self.filler is not None:
            self.filler.retire()
            self.stack.removeWidget(self.filler)
            self.filler.deleteLater()
        set_language(self.app_language)
        response = (
            self.responses.get(response_id)
            if response_id
            else self.responses.new(
                self.workshop.form_id, self.workshop.form_version, self.start_language, self.workshop.id
            )
        )
        self.filler = QuestionnaireFiller(self.responses, response, in_workshop=True)
        self.filler.finished.connect(self._respondent_done)
        self.filler.language_switched.connect(lambda _code: self.retranslate())
        self.stack.addWidget(self.filler)
        self.stack.setCurrentWidget(self.filler)
        self.retranslate()
        self.filler.focus_first()

    def _respondent_done(self, _response) -> None:
        self.update_counter()
        self.stack.setCurrentWidget(self.thanks)
        self.thanks_button.setFocus()

    def current_is_unfinished(self) -> bool:
        f = self.filler
        return bool(
            f is not None and self.stack.currentWidget() is f and f.response.id and f.response.status != "complete"
        )

    def next_respondent(self) -> None:
        if self.current_is_unfinished():
            answer = QMessageBox.question(
                self,
                _("Next respondent"),
                _("This questionnaire is not finished. It is kept as a draft. Start the next respondent?"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.start_respondent()

    # -- leaving ---------------------------------------------------------------------------------
    def _pin_given(self) -> bool:
        if self.filler is not None:
            self.filler.save_now()
        dialog = PinDialog(
            _("Leave workshop mode"),
            _("Enter the trainer's PIN to leave workshop mode."),
            lambda pin: self.book.leave(self.workshop.id, pin),
            self,
        )
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        return accepted

    def leave(self) -> bool:
        """Ask for the trainer's PIN, end the session and close. False when not left."""
        if not self._pin_given():
            return False
        self._leaving = True
        self.close()
        return True

    def suspend(self) -> tuple[str, int]:
        """Auto-lock: answer any open question with Cancel, save the respondent's answers as a
        draft and hide, without the PIN (the session stays open). Returns the draft's id ('' when
        nothing was being answered) and its page, to come back to after unlocking."""
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():
                dialog.reject()
        resume = ("", 0)
        if self.filler is not None:
            self.filler.retire()
            if self.current_is_unfinished():
                resume = (self.filler.response.id, self.filler.page_index)
        self._leaving = True
        set_language(self.app_language)
        self.hide()
        return resume

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        if not self._leaving and not self._pin_given():
            event.ignore()
            return
        self._leaving = True
        set_language(self.app_language)
        super().closeEvent(event)
        self.left.emit()
