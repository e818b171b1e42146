"""Filling in a questionnaire: one page (group) at a time, live skip logic, inline messages,
the language switchable at any moment, every change saved as a draft.

Modes: ``fill`` (an ordinary response), ``paper_first`` / ``paper_second`` (double
data entry of a paper questionnaire: the second keying starts blank and is
stored beside the response, never in it) and ``review`` (read-only; a
complete response can be reopened with the trainer's PIN).

Keyboard: number keys pick choices, Enter goes to the next question and from
the last one to the next page (Next checks the page first), Alt+Left /
Alt+Right go back and forward, Ctrl+L focuses the language list. Switching
the language calls :func:`desktop.i18n.set_language` and rebuilds every text
of this screen, so a respondent sees one language; the answers (stored by
choice name) are untouched. The form's language belongs to the form: while the
filler is hidden (another page is shown) the app speaks its own language again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import PantauError
from desktop.forms.installed import language_label
from desktop.forms.model import Group
from desktop.forms.responses import IncompleteResponse
from desktop.forms.session import FormSession
from desktop.i18n import LANGUAGES, _, current_language, format_number, ngettext, set_language
from desktop.ui.questionnaire.question_widgets import ERROR_STYLE, QuestionWidget, rich_label

FILL, PAPER_FIRST, PAPER_SECOND, REVIEW = "fill", "paper_first", "paper_second", "review"
SAVE_DELAY_MS = 400


def _set_shown(widget: QWidget, visible: bool) -> None:
    """Show or hide ``widget`` by skip logic. Only when it changes (this runs after every keystroke),
    except for a widget just built: never shown or hidden yet, its layout would show it later."""
    if widget.isHidden() == visible or not widget.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide):
        widget.setVisible(visible)


class QuestionnaireFiller(QWidget):
    finished = Signal(object)  # the response, completed (or handed over for verification)
    closed = Signal()
    reopen_requested = Signal(object)
    discard_requested = Signal(object)
    language_switched = Signal(str)

    def __init__(self, responses, response, mode: str = FILL, double=None, in_workshop: bool = False, parent=None):
        super().__init__(parent)
        self.setObjectName("questionnaireFiller")
        self.responses = responses
        self.store = responses.store
        self.response = response
        self.mode = mode
        self.double = double
        self.in_workshop = in_workshop
        self.definition = responses.library.for_response(response)
        if mode == PAPER_SECOND:
            self.session = FormSession(self.definition, double.second_answers(response.id) or None)
        else:
            self.session = responses.session(response)
        self.read_only = mode == REVIEW or (mode in (FILL, PAPER_FIRST) and not responses.is_editable(response))
        self.lang = (
            response.language if response.language in self.definition.languages else self.definition.default_language
        )
        self.widgets: list[QuestionWidget] = []
        self.group_boxes: list[tuple[Group, QGroupBox, int | None]] = []
        self.touched: set[tuple[str, int | None]] = set()
        self.show_all: set[int] = set()  # pages whose problems are all shown (after Next)
        self.dirty = False
        self._message_source = None
        self.page_index = self._visible_pages()[0].index if self._visible_pages() else 0
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_now)
        self._outer_language = current_language()  # the app's own language, spoken again when hidden
        self._speaking = False
        self._shown = False
        self._build()
        self._apply_app_language()
        self.retranslate()

    # -- construction ------------------------------------------------------------------------
    def _build(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.title.setWordWrap(True)
        self.language_label = QLabel()
        self.language = QComboBox()
        self.language.setObjectName("questionnaireLanguage")
        for code in self.definition.languages:
            self.language.addItem(language_label(self.definition, code), code)
        self.language.setCurrentIndex(max(self.language.findData(self.lang), 0))
        self.language.currentIndexChanged.connect(lambda _i: self.switch_language(self.language.currentData()))
        self.language_label.setBuddy(self.language)
        self.banner = QLabel()
        self.banner.setObjectName("fillerBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #eef5ef; border: 1px solid #3f7a52; padding: 6px;")
        self.progress = QProgressBar()
        self.progress.setObjectName("questionnaireProgress")
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(12)
        self.progress_text = QLabel()
        self.progress_text.setObjectName("progressText")
        self.save_status = QLabel()
        self.save_status.setObjectName("saveStatus")
        self.page_title = QLabel()
        self.page_title.setObjectName("groupTitle")
        self.page_title.setWordWrap(True)
        self.page_title.setStyleSheet("font-size: 13pt; font-weight: bold; padding-top: 6px;")
        self.body = QWidget()
        self.body.setObjectName("fillerBody")
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(4, 0, 12, 0)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.body)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.message = QLabel()
        self.message.setObjectName("fillerMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.hide()

        self.back_button = QPushButton()
        self.back_button.setObjectName("backButton")
        self.next_button = QPushButton()
        self.next_button.setObjectName("nextButton")
        self.next_button.setDefault(True)
        self.close_button = QPushButton()
        self.close_button.setObjectName("closeButton")
        self.reopen_button = QPushButton()
        self.reopen_button.setObjectName("reopenButton")
        self.discard_button = QPushButton()
        self.discard_button.setObjectName("discardDraftButton")
        for button in (self.back_button, self.close_button, self.reopen_button, self.discard_button):
            button.setAutoDefault(True)
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        self.close_button.clicked.connect(self.close_filler)
        self.reopen_button.clicked.connect(lambda: self.reopen_requested.emit(self.response))
        self.discard_button.clicked.connect(lambda: self.discard_requested.emit(self.response))
        self.close_button.setVisible(not self.in_workshop)
        self.reopen_button.setVisible(self.read_only and self.mode != REVIEW and not self.in_workshop)
        self.discard_button.setVisible(not (self.read_only or self.in_workshop) and self.mode in (FILL, PAPER_FIRST))

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.language_label)
        top.addWidget(self.language)
        status = QHBoxLayout()
        status.addWidget(self.progress, 1)
        status.addWidget(self.progress_text)
        status.addWidget(self.save_status)
        buttons = QHBoxLayout()
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.reopen_button)
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addLayout(status)
        layout.addWidget(self.page_title)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            ("Alt+Right", self.go_next),
            ("Alt+Left", self.go_back),
            ("Ctrl+L", lambda: self.language.setFocus(Qt.FocusReason.ShortcutFocusReason)),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)

    # -- language ----------------------------------------------------------------------------
    def _apply_app_language(self) -> None:
        if self.lang in LANGUAGES:
            set_language(self.lang)
            self._speaking = True

    def hand_back_language(self) -> None:
        """The rest of the app speaks its own language again (the filler is left or hidden)."""
        if self._speaking:
            set_language(self._outer_language)
            self._speaking = False

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._shown = True
        if not event.spontaneous() and not self._speaking:
            self._outer_language = current_language()
            self._apply_app_language()
        super().showEvent(event)

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt API
        if not event.spontaneous() and self._shown:  # not while it is being put in place (never shown yet)
            self.hand_back_language()
        super().hideEvent(event)

    def switch_language(self, code: str) -> None:
        """Show the questionnaire and this screen's own texts in ``code``; answers are kept."""
        if not code or code == self.lang:
            return
        focused = self._focused_question()
        self.lang = code
        self.response.language = code
        self._apply_app_language()
        self.retranslate(focus=focused)
        self.dirty = True
        self.save_now()
        self.language_switched.emit(code)

    def retranslate(self, focus: tuple[str, int | None] | None = None) -> None:
        """Every text of this screen in the current language, and the page rebuilt."""
        self.title.setText(self.definition.title_text(self.lang))
        self.language_label.setText(_("&Language"))
        self.back_button.setText(_("Back"))
        self.back_button.setToolTip(_("Previous page (Alt+Left)"))
        self.close_button.setText(_("Close"))
        self.reopen_button.setText(_("Reopen (trainer PIN)"))
        self.discard_button.setText(_("Discard draft"))
        self.banner.setText(
            {
                PAPER_FIRST: _("Paper questionnaire, first keying: type the answers exactly as written on the paper."),
                PAPER_SECOND: _(
                    "Paper questionnaire, second keying: type the same paper form again without looking "
                    "at the first keying. Differences are shown to the trainer afterwards."
                ),
            }.get(self.mode, _("This response is complete and read-only.") if self.read_only else "")
        )
        self.banner.setVisible(bool(self.banner.text()))
        if self.message.isVisibleTo(self) and self._message_source is not None:
            self.message.setText(self._message_source())
        self.show_page(self.page_index, focus=focus)

    # -- pages -------------------------------------------------------------------------------
    def _visible_pages(self):
        return self.session.pages()

    def _position(self) -> tuple[int, int]:
        pages = self._visible_pages()
        indexes = [p.index for p in pages]
        position = indexes.index(self.page_index) if self.page_index in indexes else 0
        return position, len(pages)

    def current_page(self):
        return self.definition.pages()[self.page_index]

    def is_last_page(self) -> bool:
        position, count = self._position()
        return position >= count - 1

    def show_page(self, page_index: int, focus: tuple[str, int | None] | None = None) -> None:
        self.page_index = page_index
        self._clear_body()
        page = self.current_page()
        if page.group is not None:
            text, fallback = self.definition.label(page.group, self.lang)
            self.page_title.setText(rich_label(self.definition, text or page.group.name, fallback))
        else:
            self.page_title.setText("")
        self.page_title.setVisible(bool(self.page_title.text()))
        self._build_items(page.items, self.body_layout, None)
        self.body_layout.addStretch(1)
        self.refresh_state()
        self._update_buttons()
        self._link_tab_order()
        self.scroll.verticalScrollBar().setValue(0)
        if not (focus and self.focus_question(*focus)):
            self.focus_first()

    def resume_at(self, page_index: int) -> None:
        """Back on the page that was shown before (after the lock), when it is still shown."""
        if page_index != self.page_index and page_index in [p.index for p in self._visible_pages()]:
            self.show_page(page_index)

    def abandon(self) -> None:
        """The draft is being discarded: drop what is not saved yet, then ignore late signals."""
        self.dirty = False
        self.retire()

    def retire(self) -> None:
        """The filler is about to be deleted: save what is pending, then ignore late signals."""
        self.save_now()
        for widget in self.widgets:
            widget.retire()

    def _clear_body(self) -> None:
        for widget in self.widgets:
            widget.retire()
        self.widgets, self.group_boxes = [], []
        while self.body_layout.count():
            widget = self.body_layout.takeAt(0).widget()
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()

    def _build_items(self, items, layout, index: int | None) -> None:
        for item in items:
            if isinstance(item, Group):
                if item.is_repeat:
                    self._build_repeat(item, layout)
                    continue
                box = QGroupBox(self.definition.label(item, self.lang)[0] or item.name)
                inner = QVBoxLayout(box)
                self._build_items(item.children, inner, index)
                self.group_boxes.append((item, box, index))
                layout.addWidget(box)
            elif item.is_displayed:
                widget = QuestionWidget(self.session, item, self.lang, index, self.read_only)
                widget.changed.connect(self._answer_changed)
                widget.touched.connect(self._touched)
                widget.advance.connect(lambda w=widget: self.advance_from(w))
                self.widgets.append(widget)
                layout.addWidget(widget)

    def _build_repeat(self, group: Group, layout) -> None:
        label = self.definition.label(group, self.lang)[0] or group.name
        outer = QGroupBox(label)
        outer.setObjectName("repeat:" + group.name)
        inner = QVBoxLayout(outer)
        for index in range(self.session.repeat_count(group.name)):
            box = QGroupBox(_("{item} {n}").format(item=label, n=index + 1))
            box_layout = QVBoxLayout(box)
            self._build_items(group.children, box_layout, index)
            if not self.read_only and not self.session.fixed_repeat(group.name):  # repeat_count decides
                remove = QPushButton(_("Remove {item} {n}").format(item=label, n=index + 1))
                remove.clicked.connect(lambda _c=False, i=index: self._remove_instance(group.name, i))
                box_layout.addWidget(remove, 0, Qt.AlignmentFlag.AlignRight)
            inner.addWidget(box)
        if not self.read_only and not self.session.fixed_repeat(group.name):
            add = QPushButton(_("Add {item}").format(item=label))
            add.setObjectName("addRepeat:" + group.name)
            add.clicked.connect(lambda: self._add_instance(group.name))
            inner.addWidget(add, 0, Qt.AlignmentFlag.AlignLeft)
        self.group_boxes.append((group, outer, None))
        layout.addWidget(outer)

    def _add_instance(self, name: str) -> None:
        index = self.session.add_repeat(name)
        self.dirty = True
        self.save_now()
        self.show_page(self.page_index)
        first = next((w for w in self.widgets if w.question.repeat == name and w.index == index), None)
        if first is not None:
            first.focus_input()

    def _remove_instance(self, name: str, index: int) -> None:
        self.session.remove_repeat(name, index)
        self.dirty = True
        self.save_now()
        self.show_page(self.page_index)

    def _update_buttons(self) -> None:
        position, count = self._position()
        self.back_button.setEnabled(position > 0)
        last = position >= count - 1
        if last and not self.read_only:
            text = {PAPER_FIRST: _("Finish first keying"), PAPER_SECOND: _("Finish second keying")}.get(
                self.mode, _("Finish")
            )
            tip = _("Check every answer and finish (Enter)")
        else:
            text, tip = _("Next"), _("Next page (Enter on the last question, or Alt+Right)")
        self.next_button.setText(text)
        self.next_button.setToolTip(tip)
        self.next_button.setEnabled(not (last and self.read_only))

    def _link_tab_order(self) -> None:
        chain = [w for qw in self.widgets for w in qw.inputs]
        chain += [
            self.next_button,
            self.back_button,
            self.close_button,
            self.reopen_button,
            self.discard_button,
            self.language,
        ]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    # -- state -------------------------------------------------------------------------------
    def refresh_state(self) -> None:
        """Skip logic, filtered choices, inline problems and progress for the current answers."""
        for widget in self.widgets:
            _set_shown(widget, self.session.visible(widget.question, widget.index))
            widget.refresh_choices()
        for group, box, index in self.group_boxes:
            _set_shown(box, self.session.visible(group, index))
        problems = (
            {}
            if self.read_only
            else {p.field: p.message for p in self.session.problems(self.current_page(), self.lang)}
        )
        show_all = self.page_index in self.show_all
        for widget in self.widgets:
            key = (
                widget.question.name
                if widget.index is None
                else "{r}[{i}].{n}".format(r=widget.question.repeat, i=widget.index, n=widget.question.name)
            )
            shown = show_all or (widget.question.name, widget.index) in self.touched
            widget.set_problem(problems.get(key, "") if shown and widget.isVisibleTo(self.body) else "")
        position, count = self._position()
        done = self.session.completion()
        if (self.progress.maximum(), self.progress.value()) != (max(done.total, 1), done.answered):
            self.progress.setMaximum(max(done.total, 1))
            self.progress.setValue(done.answered)
        text = _("Page {page} of {pages} · {answered} of {total} answered").format(
            page=format_number(position + 1),
            pages=format_number(count),
            answered=format_number(done.answered),
            total=format_number(done.total),
        )
        if self.progress_text.text() != text:
            self.progress_text.setText(text)

    def _answer_changed(self, name: str, index, value) -> None:
        if self.read_only:
            return
        before = [p.index for p in self._visible_pages()]
        counts = [self.session.repeat_count(g.name) for g in self.definition.groups() if g.is_repeat]
        self.session.set_answer(name, value, index)
        self.dirty = True
        self.message.hide()
        if counts != [self.session.repeat_count(g.name) for g in self.definition.groups() if g.is_repeat]:
            self.show_page(self.page_index)  # a repeat_count changed the number of entries
        self.refresh_state()
        if [p.index for p in self._visible_pages()] != before:
            self._update_buttons()
        if self.definition.question(name).is_select:
            self.save_now()
        else:
            self._save_timer.start()

    def _touched(self, name: str, index) -> None:
        self.touched.add((name, index))
        self.refresh_state()
        if self._save_timer.isActive():
            self.save_now()

    # -- saving ------------------------------------------------------------------------------
    def save_now(self) -> bool:
        """Write the answers (a draft, or the second keying) now; False when saving failed."""
        self._save_timer.stop()
        if not self.dirty or self.read_only:
            return True
        try:
            if self.mode == PAPER_SECOND:
                self.double.save_second(self.response.id, self.session.answers)
            else:
                self.response = self.responses.save_draft(self.response, self.session, self.lang)
                if self.mode == PAPER_FIRST and self.double.status(self.response.id) == "":
                    self.double.start(self.response)
        except PantauError as exc:
            self.save_status.setStyleSheet(ERROR_STYLE)
            self.save_status.setText(_("Not saved: {reason}").format(reason=exc.message))
            return False
        self.dirty = False
        self.save_status.setStyleSheet("color: #3f7a52;")
        self.save_status.setText(_("Draft saved"))
        return True

    # -- navigation ----------------------------------------------------------------------------
    def focus_first(self) -> None:
        for widget in self.widgets:
            if widget.isVisibleTo(self.body) and widget.focus_input():
                return
        self.next_button.setFocus()

    def focus_question(self, name: str, index=None) -> bool:
        widget = next((w for w in self.widgets if w.question.name == name and w.index == index), None)
        return bool(widget and widget.isVisibleTo(self.body) and widget.focus_input())

    def _focused_question(self) -> tuple[str, int | None] | None:
        widget = next((w for w in self.widgets if w.has_focus()), None)
        return (widget.question.name, widget.index) if widget else None

    def advance_from(self, widget: QuestionWidget) -> None:
        """Enter in a question: the next visible question, or the next page after the last."""
        after = self.widgets[self.widgets.index(widget) + 1 :] if widget in self.widgets else []
        for other in after:
            if other.isVisibleTo(self.body) and other.focus_input():
                self.scroll.ensureWidgetVisible(other)
                return
        self.go_next()

    def go_back(self) -> None:
        position, _count = self._position()
        if position > 0:
            self.save_now()
            self.show_page(self._visible_pages()[position - 1].index)

    def go_next(self) -> None:
        self.save_now()
        if not self.read_only and self.mode != PAPER_FIRST and self.mode != PAPER_SECOND:
            if self.session.problems(self.current_page(), self.lang):
                self.show_all.add(self.page_index)
                self.refresh_state()
                self._show_message(lambda: _("Please answer or correct the questions marked in red."))
                self._focus_first_problem()
                return
        position, count = self._position()
        if position < count - 1:
            self.show_page(self._visible_pages()[position + 1].index)
        elif not self.read_only:
            self.finish()

    def _focus_first_problem(self) -> None:
        for widget in self.widgets:
            if widget.problem.isVisibleTo(self.body):
                widget.focus_input()
                self.scroll.ensureWidgetVisible(widget)
                return

    def _show_message(self, text) -> None:
        """Show a message under the page; ``text`` may be a function giving it in the current
        language, so that a language switch retranslates it too."""
        self._message_source = text if callable(text) else (lambda: text)
        self.message.setText(self._message_source())
        self.message.setVisible(bool(self.message.text()))

    def finish(self) -> None:
        """Finish the response: complete it, or hand a keying over for double entry."""
        if not self.save_now():
            return
        try:
            if self.mode == PAPER_FIRST:
                if self.double.status(self.response.id) == "":
                    self.double.start(self.response)
                self.double.finish_first(self.response)
            elif self.mode == FILL:
                self.response = self.responses.complete(self.response, self.session, self.lang)
        except IncompleteResponse as exc:
            self._show_incomplete(exc)
            return
        except PantauError as exc:
            self._show_message(exc.message)
            return
        self.finished.emit(self.response)

    def _show_incomplete(self, exc: IncompleteResponse) -> None:
        first = exc.problems[0].field.split("[")[0].split(".")[0]
        for page in self._visible_pages():
            names = {q.name for q in page.questions()} | ({page.group.name} if page.group else set())
            if first in names:
                self.show_all.add(page.index)
                self.show_page(page.index)
                break
        count = len(exc.problems)
        self._show_message(
            lambda: ngettext(
                "{n} question still needs an answer or a correction.",
                "{n} questions still need an answer or a correction.",
                count,
            ).format(n=count)
        )
        self._focus_first_problem()

    def close_filler(self) -> None:
        self.save_now()
        self.closed.emit()
