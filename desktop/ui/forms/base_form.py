"""What the observation and seizure forms share: keyboard flow, inline validation, autosaved
drafts, confirmation of warnings and duplicates, evidence, "Save and new".

Keys: Enter moves to the next field (Tab too), Ctrl+S saves, Ctrl+Shift+S
saves and starts the next record keeping the context fields, Esc asks before
discarding changes, Ctrl++ / Ctrl+- add and remove species lines. Every field
change is written to the drafts table, so a crash loses at most the field
being typed.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.ids import new_id
from desktop.domain.plausibility import entry_warnings
from desktop.domain.records import ENVELOPE_FIELDS, EvidenceRef
from desktop.drafts import DraftBook
from desktop.errors import PantauError, RecordNotFound, ValidationFailed
from desktop.i18n import _, ngettext
from desktop.rates import RateTable
from desktop.ui.forms.fields import Binding, bind
from desktop.ui.forms.lines_editor import LinesEditor, error_label, show_messages
from desktop.ui.widgets.choices import ChoiceCombo, subdivision_items
from desktop.ui.widgets.confirm_bar import ConfirmBar
from desktop.ui.widgets.evidence_panel import EvidencePanel

AUTOSAVE_DELAY_MS = 500
LINES = "@lines"
EVIDENCE = "@evidence"


class RecordForm(QWidget):
    saved = Signal(object)  # the record as saved
    closed = Signal()  # the form was left (saved or discarded)

    kind = ""
    record_class = None
    lines_field = ""
    context_fields: tuple[str, ...] = ()
    field_order: tuple[str, ...] = ()  # names, plus LINES and EVIDENCE, in keyboard order
    reminder_fields: tuple[str, ...] = ()  # warnings there are shown after saving, without asking first

    def __init__(self, store, settings=None, parent=None):
        super().__init__(parent)
        self.setObjectName(f"{self.kind}Form")
        self.store = store
        self.ref = store.ref
        self.settings = settings
        self.drafts = DraftBook(store)
        self.rates = RateTable.load(store)
        self.bindings: dict[str, Binding] = {}
        self.errors: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        self.draft_id = ""
        self.record_id = ""
        self.base_revision = 0
        self.touched: set[str] = set()
        self.show_all = False
        self.problems: list = []
        self._baseline: dict | None = None
        self._draft_written = False
        self._loading = False
        self._asked_state: dict | None = None
        self._extra: dict = {}  # record fields this form does not show (kept as they are)
        self.reminders: list[str] = []  # warnings saved with the last record (see reminder_fields)

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.draft_status = QLabel()
        self.draft_status.setObjectName("draftStatus")
        self.confirm_bar = ConfirmBar()
        self.form_message = error_label("form")
        self.lines = LinesEditor(self.ref, self.kind)
        self.evidence = EvidencePanel(store)

        self.body = QWidget()
        self.body.setObjectName("formBody")
        self.build_body(self.body)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.body)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.save_button = QPushButton(_("Save (Ctrl+S)"))
        self.save_button.setObjectName("saveRecord")
        self.save_new_button = QPushButton(_("Save and new (Ctrl+Shift+S)"))
        self.save_new_button.setObjectName("saveAndNew")
        self.cancel_button = QPushButton(_("Cancel (Esc)"))
        self.cancel_button.setObjectName("cancelRecord")
        for button in (self.save_button, self.save_new_button, self.cancel_button):
            button.setAutoDefault(True)
        self.save_button.clicked.connect(lambda: self.save())
        self.save_new_button.clicked.connect(lambda: self.save(and_new=True))
        self.cancel_button.clicked.connect(self.request_close)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.draft_status)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.save_new_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.confirm_bar)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.form_message)
        layout.addLayout(buttons)

        self.lines.committed.connect(lambda: self.field_committed(self.lines_field))
        self.lines.edited.connect(lambda: self.field_edited(self.lines_field))
        self.lines.lines_changed.connect(self.relink_focus)
        self.lines.advance.connect(self.focus_next)
        self.evidence.changed.connect(lambda: self.field_committed("evidence"))
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setSingleShot(True)
        self._autosave_timer.setInterval(AUTOSAVE_DELAY_MS)
        self._autosave_timer.timeout.connect(self._typing_paused)
        self._shortcuts = []
        for keys, action in (
            ("Ctrl+S", self.save),
            ("Ctrl+Shift+S", lambda: self.save(and_new=True)),
            ("Esc", self.request_close),
            ("Ctrl++", self.add_line),
            ("Ctrl+=", self.add_line),
            ("Ctrl+-", self.remove_line),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(action)
            self._shortcuts.append(shortcut)
        QApplication.instance().focusChanged.connect(self._focus_changed)

    # -- building (used by subclasses) ----------------------------------------------
    def build_body(self, body: QWidget) -> None:
        raise NotImplementedError

    def group(self, title: str) -> tuple[QGroupBox, QFormLayout]:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return box, form

    def add_field(self, form: QFormLayout, name: str, label: str, widget: QWidget, hint: str = "") -> QWidget:
        """Add a labelled input bound to the record field ``name``, with its message label beneath."""
        holder = QWidget()
        holder.setObjectName(f"field:{name}")
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        self.errors[name] = error_label(name)
        column.addWidget(self.errors[name])
        caption = QLabel(label)
        caption.setBuddy(widget)
        caption.setWordWrap(False)
        if hint:
            widget.setToolTip(hint)
        widget.setAccessibleName(label.rstrip(":"))
        widget.setObjectName(name)
        self.labels[name] = caption
        form.addRow(caption, holder)
        self.bindings[name] = bind(name, widget, self.field_edited, self.field_committed)
        return holder

    def notes_and_evidence(self) -> list[QGroupBox]:
        """The groups every form ends with: notes, then the evidence."""
        notes, notes_form = self.group(_("Notes"))
        notes_edit = QPlainTextEdit()
        notes_edit.setTabChangesFocus(True)
        notes_edit.setFixedHeight(64)
        self.add_field(notes_form, "notes", _("Notes:"), notes_edit)
        evidence, evidence_form = self.group(_("Evidence"))
        evidence_form.addRow(self.evidence)
        return [notes, evidence]

    @staticmethod
    def lay_out(body: QWidget, rows: list[list[QGroupBox]]) -> None:
        """The groups in two columns, row by row; a group alone in its row spans both."""
        grid = QGridLayout()
        for row, groups in enumerate(rows):
            for column, box in enumerate(groups):
                grid.addWidget(box, row, column, 1, 2 if len(groups) == 1 else 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        column = QVBoxLayout(body)
        column.addLayout(grid)
        column.addStretch(1)

    def refresh_subdivisions(self, name: str) -> None:
        """Offer the provinces or states of the chosen country in ``name``; one of another country is cleared."""
        combo, country = self.widget(name), self.value("country")
        items = subdivision_items(self.ref, country)
        current = combo.value()
        combo.set_items(items, _("— not known —"))
        if not self._loading and current and country and current not in {code for code, _n in items}:
            combo.set_value("", emit=False)

    def widget(self, name: str) -> QWidget:
        return self.bindings[name].widget

    def value(self, name: str):
        return self.bindings[name].get()

    # -- values -------------------------------------------------------------------------
    def defaults(self) -> dict:
        """Field values of a new, empty record."""
        return {}

    def record(self):
        """The record as currently entered (it may not be valid)."""
        values = {**self._extra, **{name: b.get() for name, b in self.bindings.items()}}
        values[self.lines_field] = self.lines.values()
        values["evidence"] = list(self.evidence.refs)
        record = self.record_class(**self.convert(values))
        record.id = self.record_id
        record.revision = self.base_revision
        return record

    def convert(self, values: dict) -> dict:
        return values

    def state(self) -> dict:
        """Everything typed, as a JSON-ready dict (a draft)."""
        return {
            "values": {name: b.raw_get() for name, b in self.bindings.items()},
            "lines": self.lines.raw_state(),
            "evidence": [dataclasses.asdict(ref) for ref in self.evidence.refs],
            "record_id": self.record_id,
            "base_revision": self.base_revision,
            "extra": self._extra,
        }

    def set_state(self, state: dict) -> None:
        self._loading = True
        try:
            self._extra.update(state.get("extra") or {})
            for name, value in (state.get("values") or {}).items():
                if name in self.bindings:
                    self.bindings[name].raw_put(value)
            self.lines.set_raw_state(state.get("lines") or [{}])
            self.evidence.set_refs(
                [
                    EvidenceRef(
                        **{k: v for k, v in ref.items() if k in {f.name for f in dataclasses.fields(EvidenceRef)}}
                    )
                    for ref in state.get("evidence") or []
                ]
            )
            self.after_load()
        finally:
            self._loading = False

    def _put_record(self, record) -> None:
        self._loading = True
        try:
            data = record.to_dict()
            hidden = set(self.bindings) | set(ENVELOPE_FIELDS) | {self.lines_field, "evidence", "kind"}
            self._extra = {k: v for k, v in data.items() if k not in hidden}
            for name, binding in self.bindings.items():
                binding.put(data.get(name))
            self.lines.set_values(getattr(record, self.lines_field))
            self.evidence.set_refs(record.evidence)
            self.after_load()
        finally:
            self._loading = False

    def after_load(self) -> None:
        """Bring dependent widgets (lists filtered by country, badges, USD value) up to date."""

    def is_dirty(self) -> bool:
        return self._baseline is not None and self.state() != self._baseline

    # -- opening --------------------------------------------------------------------------
    def _reset(self, record_id: str = "", revision: int = 0, draft_id: str = "") -> None:
        self.confirm_bar.cancel()
        self.record_id, self.base_revision = record_id, revision
        self.draft_id = draft_id or new_id()
        self._draft_written = bool(draft_id)
        self.touched, self.show_all = set(), False
        self.rates = RateTable.load(self.store)
        show_messages(self.form_message, [])

    def start_new(self, context: dict | None = None) -> None:
        """Empty the form for a new record, keeping ``context`` (field → value)."""
        self._reset()
        empty = self.record_class(**self.convert({**self.defaults(), **(context or {})}))
        self._put_record(empty)
        self._baseline = self.state()
        self.title.setText(self.title_text())
        self.draft_status.setText(_("New, not yet saved"))
        self.revalidate()
        self.relink_focus()
        self.focus_first()

    def load_record(self, record) -> None:
        self._reset(record.id, record.revision)
        self._put_record(record)
        self._baseline = self.state()
        self.title.setText(self.title_text())
        self.draft_status.setText(_("Saved, revision {n}").format(n=record.revision))
        self.revalidate()
        self.relink_focus()
        self.focus_first()

    def resume_draft(self, draft) -> None:
        """Continue a draft: the record it edits (or a new one) with the draft's typing on top."""
        record = None
        if draft.record_id:
            try:
                record = self.store.get(self.kind, draft.record_id)
            except RecordNotFound:
                record = None
        if record is not None:
            self.load_record(record)
        else:
            self.start_new()
        # the revision the typing started from, so that a change made meanwhile is pointed out on saving
        revision = int((draft.data or {}).get("base_revision") or 0) or (record.revision if record else 0)
        self._reset(record.id if record else "", revision if record else 0, draft.id)
        self.set_state(draft.data)
        self.touched = set(self.bindings) | {self.lines_field}
        self.lines.touch_all()
        self.title.setText(self.title_text())
        self.draft_status.setText(_("Draft restored"))
        self.revalidate()
        self.relink_focus()
        self.focus_first()

    def title_text(self) -> str:
        raise NotImplementedError

    # -- change tracking, validation, autosave ------------------------------------------
    def field_edited(self, name: str) -> None:
        if self._loading:
            return
        self._dismiss_save_question()
        self._autosave_timer.start()

    def field_committed(self, name: str) -> None:
        if self._loading:
            return
        self._dismiss_save_question()
        self.touched.add(name)
        self.on_committed(name)
        self.revalidate()
        self.autosave()

    def on_committed(self, name: str) -> None:
        """React to a committed field (subclasses fill dependent fields)."""

    def _typing_paused(self) -> None:
        self.revalidate()
        self.autosave()

    def _dismiss_save_question(self) -> None:
        """A question about saving no longer applies once the record was changed."""
        if self.confirm_bar.is_asking("save") and self.record().to_dict() != self._asked_state:
            self.confirm_bar.cancel()

    def current_problems(self):
        record = self.record()
        return record, self.store.check(record) + entry_warnings(record, self.ref, self.rates)

    def revalidate(self) -> list:
        _record, self.problems = self.current_problems()
        self.show_problems(self.problems)
        return self.problems

    def show_problems(self, problems) -> None:
        by_field: dict[str, list] = {}
        for p in problems:
            by_field.setdefault(self.shown_at(p.field), []).append(p)
        for name, label in self.errors.items():
            show_messages(label, by_field.get(name, []) if (self.show_all or name in self.touched) else [])
        self.lines.show_problems(problems, self.lines_field, self.show_all)
        known = set(self.errors) | {self.lines_field}
        stray = [
            p
            for p in problems
            if self.shown_at(p.field) not in known and not p.field.startswith(self.lines_field + "[")
        ]
        if self.show_all and stray:
            show_messages(self.form_message, stray)

    def shown_at(self, field: str) -> str:
        """The field whose label shows a problem: 'contacts[1]' is shown at 'contacts' (a list in one field)."""
        name = field.split("[", 1)[0]
        return name if name != field and name != self.lines_field and name in self.errors else field

    def autosave(self) -> None:
        """Write the draft now (or remove it when the form is back to its saved state)."""
        self._autosave_timer.stop()
        if self._loading or self._baseline is None:
            return
        try:
            if not self.is_dirty():
                if self._draft_written:
                    self.drafts.discard(self.draft_id)
                    self._draft_written = False
                return
            self.drafts.save(self.draft_id, self.kind, self.state(), self.record_id)
        except PantauError as exc:
            self.draft_status.setText(exc.message)
            return
        self._draft_written = True
        self.draft_status.setText(_("Draft saved automatically"))

    def discard_draft(self) -> None:
        self._autosave_timer.stop()
        if self._draft_written:
            try:
                self.drafts.discard(self.draft_id)
            except PantauError as exc:
                self.draft_status.setText(exc.message)
            self._draft_written = False

    # -- saving and leaving ------------------------------------------------------------------
    def duplicate_notes(self, record) -> list[str]:
        return []

    def _stale_note(self) -> list[str]:
        if not self.record_id:
            return []
        try:
            current = self.store.get(self.kind, self.record_id)
        except RecordNotFound:
            return []
        if current.revision != self.base_revision:
            return [
                _(
                    "This record was changed elsewhere after you opened it (it is now revision {n}); "
                    "saving replaces that change."
                ).format(n=current.revision)
            ]
        return []

    def save(self, and_new: bool = False):
        """Check and save. Errors stop it; warnings and possible duplicates are asked about first."""
        if self.confirm_bar.is_asking("save"):
            self.confirm_bar.confirm()
            return None
        for combo in self.body.findChildren(ChoiceCombo):
            combo.flush()  # a choice typed a moment ago takes effect now
        self.autosave()
        record, problems = self.current_problems()
        self.problems = problems
        self.show_all = True
        self.show_problems(problems)
        errors = [p for p in problems if p.is_error]
        if errors:
            self.form_message.setText(
                ngettext(
                    "✖ {n} problem must be fixed before saving; it is marked next to its field.",
                    "✖ {n} problems must be fixed before saving; each is marked next to its field.",
                    len(errors),
                ).format(n=len(errors))
            )
            self.form_message.show()
            self.focus_field(errors[0].field)
            return None
        show_messages(self.form_message, [])
        warnings = [p for p in problems if not p.is_error]
        self.reminders = [p.message for p in warnings if p.field in self.reminder_fields]  # shown, never asked
        notes = [p.message for p in warnings if p.field not in self.reminder_fields]
        notes = list(dict.fromkeys(notes + self.duplicate_notes(record) + self._stale_note()))  # each once
        if notes:
            text = "\n".join([_("Check before saving:")] + [f"• {note}" for note in notes])
            self._asked_state = record.to_dict()
            self.confirm_bar.ask("save", text, _("Save anyway (Ctrl+S)"), lambda: self._write(self.record(), and_new))
            return None
        return self._write(record, and_new)

    def _write(self, record, and_new: bool):
        try:
            saved = self.store.save(record, accept_warnings=True)
        except ValidationFailed as exc:
            self.show_problems(exc.problems)
            self.form_message.setText("✖ " + exc.message)
            self.form_message.show()
            return None
        except PantauError as exc:
            self.form_message.setText("✖ " + exc.message)
            self.form_message.show()
            return None
        self.discard_draft()
        self._baseline = None
        self.saved.emit(saved)
        if and_new:
            self.start_new({name: self.bindings[name].get() for name in self.context_fields})
            self.draft_status.setText(" ".join([_("Saved. Ready for the next one.")] + self.reminders))
        else:
            self.closed.emit()
        return saved

    def request_close(self) -> None:
        """Esc: answer "no" to an open question, else leave, asking first when there are changes."""
        if not self.confirm_bar.isHidden():
            self.confirm_bar.cancel()
            return
        if self.is_dirty():
            self.confirm_bar.ask(
                "discard",
                _("Discard the changes to this record? Its draft will be deleted."),
                _("Discard changes"),
                self.discard,
                focus_confirm=False,
            )
            return
        self.discard()

    def discard(self) -> None:
        self.discard_draft()
        self._baseline = None
        self.closed.emit()

    def leave_keeping_draft(self) -> None:
        """Leave without asking; the draft (if any) stays to be resumed later."""
        self.autosave()
        self._baseline = None

    # -- lines -------------------------------------------------------------------------------
    def add_line(self) -> None:
        self.lines.add_row(focus=True)

    def remove_line(self) -> None:
        self.lines.remove_row()

    # -- keyboard ----------------------------------------------------------------------------
    def focus_chain(self) -> list[QWidget]:
        chain: list[QWidget] = []
        for name in self.field_order:
            if name == LINES:
                chain += self.lines.focus_widgets()
            elif name == EVIDENCE:
                chain += self.evidence.focus_widgets()
            else:
                chain.append(self.bindings[name].widget)
        return chain + [self.save_button, self.save_new_button, self.cancel_button]

    def relink_focus(self) -> None:
        chain = self.focus_chain()
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def focus_first(self) -> None:
        chain = [w for w in self.focus_chain() if w.isEnabled()]
        if chain:
            chain[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_next(self, current: QWidget | None = None) -> None:
        """Move the focus to the field after ``current`` (default: the focused one)."""
        current = current or QApplication.focusWidget() or self.focusWidget()
        chain = [w for w in self.focus_chain() if w.isEnabled() and not w.isHidden()]
        for index, widget in enumerate(chain):
            if current is not None and (widget is current or widget.isAncestorOf(current)):
                if index + 1 < len(chain):
                    chain[index + 1].setFocus(Qt.FocusReason.TabFocusReason)
                return
        if chain:
            chain[0].setFocus(Qt.FocusReason.TabFocusReason)

    def focus_field(self, field: str) -> None:
        field = self.shown_at(field)
        if field in self.bindings:
            widget = self.bindings[field].widget
        else:
            widget = self.lines.widget_for(field, self.lines_field)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll.ensureWidgetVisible(widget)

    def error_label(self, field: str) -> QLabel | None:
        """The message label shown next to ``field`` (tests and screen readers use it)."""
        if field in self.errors:
            return self.errors[field]
        return self.lines.error_label_for(field, self.lines_field)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            self.focus_next()
            event.accept()
            return
        super().keyPressEvent(event)

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self._autosave_timer.isActive():  # the window closes or the page changes while typing
            self.autosave()
        super().hideEvent(event)

    def _focus_changed(self, _old, new) -> None:
        try:
            if new is not None and self.body.isAncestorOf(new):
                self.scroll.ensureWidgetVisible(new, 40, 40)
        except RuntimeError:  # this form was deleted
            pass
