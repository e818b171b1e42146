"""One question on screen: its label (with a marker when shown in the fallback language),
hint, the input for its type, and its inline problem message.

Keyboard: in a select question the number keys 1–9 pick (or, for a multiple
choice, tick) the n-th choice; Enter asks the filler to move on (``advance``);
Tab moves between questions. A multi-line text keeps Enter for new lines and
moves on with Ctrl+Enter. Values go to the filler as stored answers: choice
names (never labels), ``int`` / ``float`` for numbers, ``YYYY-MM-DD`` text for
dates; text that is not a number yet is passed as typed so the session can
say what is wrong with it.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.forms.installed import language_label
from desktop.forms.model import Question
from desktop.i18n import _, parse_decimal
from desktop.ui.questionnaire.special_inputs import SPECIAL_TYPES, make_special_input

ERROR_STYLE = "color: #a61b1b;"
FALLBACK_STYLE = "color: #7a5b00; background: #fff4d6; padding: 0 3px;"
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
DIGIT_KEYS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, 10)}


def fallback_marker(definition, shown_in: str) -> str:
    """Rich-text marker after a text shown in the form's default language."""
    return ' <span style="{style}">{text}</span>'.format(
        style=FALLBACK_STYLE,
        text=html.escape(_("[not translated: {language}]").format(language=language_label(definition, shown_in))),
    )


def rich_label(definition, text: str, fallback: bool, required: bool = False) -> str:
    out = html.escape(text).replace("\n", "<br>")
    if required:
        out += ' <span style="{style}">*</span>'.format(style=ERROR_STYLE)
    if fallback:
        out += fallback_marker(definition, definition.default_language)
    return out


class _Keys(QObject):
    """Event filter on every input widget of a question: Enter and number keys."""

    def __init__(self, owner: "QuestionWidget"):
        super().__init__(owner)
        self.owner = owner

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if event.type() != QEvent.Type.KeyPress:
            return False
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        if key in ENTER_KEYS:
            if isinstance(watched, QPlainTextEdit) and not ctrl:
                return False
            if isinstance(watched, QComboBox) and watched.view().isVisible():
                return False
            self.owner.editing_finished()
            self.owner.advance.emit()
            return True
        if key in DIGIT_KEYS and not ctrl and self.owner.question.is_select and not self.owner.read_only:
            return self.owner.pick(DIGIT_KEYS[key])
        return False


class QuestionWidget(QFrame):
    """A question with its input; ``changed(name, index, value)`` on every edit."""

    changed = Signal(str, object, object)  # question name, repeat index (or None), value
    touched = Signal(str, object)  # the user finished with the question (left it, Enter)
    advance = Signal()

    def __init__(
        self, session, question: Question, lang: str, index: int | None = None, read_only: bool = False, parent=None
    ):
        super().__init__(parent)
        self.session = session
        self.definition = session.definition
        self.question = question
        self.lang = lang
        self.index = index
        self.read_only = read_only
        self.setObjectName("question:" + question.name)
        self._keys = _Keys(self)
        self._loading = False
        self._retired = False
        self._choice_names: list[str] = []
        self.inputs: list[QWidget] = []

        self.label = QLabel()
        self.label.setObjectName("questionLabel")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setStyleSheet("font-weight: bold;")
        self.hint = QLabel()
        self.hint.setObjectName("questionHint")
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.RichText)
        self.hint.setStyleSheet("color: #555;")
        self.problem = QLabel()
        self.problem.setObjectName("problem:" + question.name)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 10)
        layout.setSpacing(4)
        layout.addWidget(self.label)
        layout.addWidget(self.hint)
        self.input_box = QVBoxLayout()
        self.input_box.setSpacing(2)
        layout.addLayout(self.input_box)
        layout.addWidget(self.problem)
        self._build_input()
        self.refresh_texts()
        self.load_value()

    # -- construction --------------------------------------------------------------------
    def _build_input(self) -> None:
        q = self.question
        if q.type == "note" or not q.is_displayed:
            return
        if q.type in SPECIAL_TYPES:
            self.special = make_special_input(
                q, self.session, self._emit, label=lambda c: self.session.label(c, self.lang, self.index)[0]
            )
            self.input_box.addWidget(self.special.box)
            for widget in self.special.widgets:
                widget.installEventFilter(self._keys)
                widget.setEnabled(not self.read_only)
                self.inputs.append(widget)
        elif q.is_select and "minimal" in q.appearances:
            self.combo = QComboBox()
            self.combo.setObjectName("input:" + q.name)
            self.combo.currentIndexChanged.connect(lambda _i: self._emit())
            self._add_input(self.combo)
        elif q.is_select:
            self.buttons: list[QRadioButton | QCheckBox] = []
            self.choice_box = QWidget()
            side_by_side = {"horizontal", "horizontal-compact", "likert", "compact"} & set(q.appearances)
            self.choice_layout = QHBoxLayout(self.choice_box) if side_by_side else QVBoxLayout(self.choice_box)
            self.choice_layout.setContentsMargins(12, 0, 0, 0)
            self.choice_layout.setSpacing(2)
            self.input_box.addWidget(self.choice_box)
        elif q.type == "text" and "multiline" in q.appearances:
            self.editor = QPlainTextEdit()
            self.editor.setObjectName("input:" + q.name)
            self.editor.setTabChangesFocus(True)
            self.editor.setFixedHeight(90)
            self.editor.textChanged.connect(self._emit)
            self._add_input(self.editor)
        else:
            self.line = QLineEdit()
            self.line.setObjectName("input:" + q.name)
            if q.type == "integer":
                self.line.setValidator(QRegularExpressionValidator(QRegularExpression(r"-?\d{0,12}"), self.line))
                self.line.setMaximumWidth(180)
            elif q.type == "decimal":
                self.line.setValidator(QRegularExpressionValidator(QRegularExpression(r"-?[\d.,]{0,20}"), self.line))
                self.line.setMaximumWidth(180)
            elif q.type == "date":
                self.line.setValidator(QRegularExpressionValidator(QRegularExpression(r"[\d-]{0,10}"), self.line))
                self.line.setMaximumWidth(180)
            elif q.type == "text" and "numbers" in q.appearances:
                self.line.setValidator(QRegularExpressionValidator(QRegularExpression(r"[\d.,+\- ]*"), self.line))
            self.line.textEdited.connect(lambda _t: self._emit())
            self.line.editingFinished.connect(self.editing_finished)
            self._add_input(self.line)

    def _add_input(self, widget: QWidget) -> None:
        widget.installEventFilter(self._keys)
        widget.setEnabled(not self.read_only)
        self.inputs.append(widget)
        self.input_box.addWidget(widget)

    def _choices(self) -> list:
        return self.session.choices(self.question, self.index)

    def _rebuild_choices(self) -> None:
        choices = self._choices()
        names = [c.name for c in choices]
        labels = [self.session.label(c, self.lang, self.index) for c in choices]
        if hasattr(self, "combo"):
            self._loading = True
            self.combo.clear()
            self.combo.addItem(_("(choose)"), "")
            for n, (choice, (text, fallback)) in enumerate(zip(choices, labels), start=1):
                prefix = "{n}. ".format(n=n) if n <= 9 else ""
                self.combo.addItem(prefix + text + (self._plain_marker() if fallback else ""), choice.name)
            self._loading = False
            self._choice_names = names
            return
        for button in self.buttons:
            button.removeEventFilter(self._keys)
            self.inputs.remove(button)
            button.setParent(None)
            button.deleteLater()
        self.buttons = []
        cls = QCheckBox if self.question.is_multiple else QRadioButton
        for n, (choice, (text, fallback)) in enumerate(zip(choices, labels), start=1):
            prefix = "{n}. ".format(n=n) if n <= 9 else ""
            button = cls(prefix + text + (self._plain_marker() if fallback else ""))
            button.setObjectName("choice:{q}:{c}".format(q=self.question.name, c=choice.name))
            button.setProperty("choice", choice.name)
            button.toggled.connect(lambda _on: self._emit())
            button.installEventFilter(self._keys)
            button.setEnabled(not self.read_only)
            self.choice_layout.addWidget(button)
            self.buttons.append(button)
            self.inputs.append(button)
        self._choice_names = names

    def _plain_marker(self) -> str:
        return " " + _("[not translated: {language}]").format(
            language=language_label(self.definition, self.definition.default_language)
        )

    # -- texts and values ----------------------------------------------------------------
    def refresh_texts(self) -> None:
        """Label, hint and choices in ``self.lang`` (``${field}`` references filled in)."""
        q = self.question
        text, fallback = self.session.label(q, self.lang, self.index)
        self.label.setText(rich_label(self.definition, text or q.name, fallback, q.required and q.is_input))
        hint, hint_fallback = self.definition.hint(q, self.lang)
        extra = {
            "date": _("Date as YYYY-MM-DD, e.g. 2026-03-15."),
            "geotrace": _("At least two points."),
            "month-year": _("Month as YYYY-MM, e.g. 2026-03."),
            "year": _("Year as YYYY, e.g. 2026."),
            "geoshape": _("At least three points; the shape is closed for you."),
            "select_one": _("Number keys 1–9 pick a choice."),
            "select_multiple": _("Number keys 1–9 tick a choice."),
        }.get(next((a for a in ("month-year", "year") if a in q.appearances and q.type == "date"), q.type), "")
        parts = []
        if hint:
            parts.append(rich_label(self.definition, hint, hint_fallback))
        if extra and q.is_input and not self.read_only:
            parts.append(html.escape(extra))
        self.hint.setText("<br>".join(parts))
        self.hint.setVisible(bool(parts))
        if q.is_select and not hasattr(self, "special"):
            self._rebuild_choices()
        elif hasattr(self, "special") and q.type == "rank":
            self.special.load(self.stored_value())

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.refresh_texts()
        self.load_value()

    def refresh_choices(self) -> None:
        """After other answers changed: apply the choice filter again when it changes the list."""
        if (
            self.question.is_select
            and not hasattr(self, "special")
            and [c.name for c in self._choices()] != self._choice_names
        ):
            self._rebuild_choices()
            self.load_value()
        if "${" in "".join(self.question.labels.values()):
            text, fallback = self.session.label(self.question, self.lang, self.index)
            rich = rich_label(self.definition, text, fallback, self.question.required and self.question.is_input)
            if self.label.text() != rich:
                self.label.setText(rich)

    def stored_value(self):
        if not self.question.is_input and self.question.type != "note":
            return None
        try:
            return self.session.value(self.question.name, self.index)
        except (KeyError, IndexError):
            return None

    def load_value(self) -> None:
        """Show the session's answer without emitting ``changed``."""
        value = self.stored_value()
        self._loading = True
        try:
            if hasattr(self, "special"):
                self.special.load(value)
            elif hasattr(self, "combo"):
                at = self.combo.findData(value if isinstance(value, str) else "")
                self.combo.setCurrentIndex(max(at, 0))
            elif hasattr(self, "buttons"):
                chosen = set(value) if isinstance(value, list) else {value}
                for button in self.buttons:
                    button.setAutoExclusive(False)
                    button.setChecked(button.property("choice") in chosen)
                    button.setAutoExclusive(self.question.type == "select_one")
            elif hasattr(self, "editor"):
                if self.editor.toPlainText() != (value or ""):
                    self.editor.setPlainText("" if value is None else str(value))
            elif hasattr(self, "line"):
                self.line.setText(self._display(value))
        finally:
            self._loading = False

    def _display(self, value) -> str:
        if value is None:
            return ""
        if self.question.type == "decimal" and isinstance(value, float):
            text = repr(value)
            return text[:-2] if text.endswith(".0") else text
        return str(value)

    def value(self):
        """The answer as the input shows it now."""
        q = self.question
        if hasattr(self, "special"):
            return self.special.value()
        if hasattr(self, "combo"):
            return self.combo.currentData() or None
        if hasattr(self, "buttons"):
            chosen = [b.property("choice") for b in self.buttons if b.isChecked()]
            if q.is_multiple:
                return chosen or None
            return chosen[0] if chosen else None
        if hasattr(self, "editor"):
            return self.editor.toPlainText() or None
        if hasattr(self, "line"):
            text = self.line.text().strip()
            if not text:
                return None
            if q.type == "integer":
                try:
                    return int(text)
                except ValueError:
                    return text
            if q.type == "decimal":
                try:
                    return float(parse_decimal(text))
                except ValueError:
                    return text
            return text
        return None

    def retire(self) -> None:
        """The widget is about to be deleted: it emits nothing more (focus-out while deleting)."""
        self._retired = True

    def _emit(self) -> None:
        if self._loading or self._retired:
            return
        self.changed.emit(self.question.name, self.index, self.value())
        if self.question.is_select:
            self.touched.emit(self.question.name, self.index)

    def editing_finished(self) -> None:
        if not self.read_only and self.question.is_input and not self._retired:
            self.touched.emit(self.question.name, self.index)

    # -- keyboard ----------------------------------------------------------------------------
    def pick(self, n: int) -> bool:
        """Number key ``n``: choose (or tick/untick) the n-th choice. True when handled."""
        if hasattr(self, "combo"):
            if n < self.combo.count():
                self.combo.setCurrentIndex(n)
                return True
            return False
        buttons = getattr(self, "buttons", [])
        if not 1 <= n <= len(buttons):
            return False
        button = buttons[n - 1]
        if self.question.type == "select_multiple":
            button.setChecked(not button.isChecked())
        else:
            button.setChecked(True)
        button.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True

    def focus_target(self) -> QWidget | None:
        buttons = getattr(self, "buttons", [])
        if buttons:
            return next((b for b in buttons if b.isChecked()), buttons[0])
        return self.inputs[0] if self.inputs else None

    def focus_input(self) -> bool:
        target = self.focus_target()
        if target is None or not target.isEnabled():
            return False
        target.setFocus(Qt.FocusReason.TabFocusReason)
        return True

    def has_focus(self) -> bool:
        return any(w.hasFocus() for w in self.inputs)

    def set_problem(self, message: str) -> None:
        text = ("✖ " + message) if message else ""
        if self.problem.text() != text:
            self.problem.setText(text)
        if self.problem.isHidden() == bool(message):
            self.problem.setVisible(bool(message))
