"""The bar offering unsaved drafts from an earlier session (after a crash, or a window closed
while a form was open) for resuming or discarding."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QToolBar

from desktop.drafts import DraftBook
from desktop.errors import PantauError
from desktop.i18n import _, format_date, ngettext
from desktop.reference.translated_names import local_name


def draft_summary(ref, draft) -> str:
    """One line naming a draft: what it is, its main fields, and when it was last written."""
    values = (draft.data or {}).get("values") or {}
    lines = (draft.data or {}).get("lines") or []
    species = ", ".join(t for t in ((line.get("species") or {}).get("text", "") for line in lines) if t.strip())
    if draft.kind == "observation":
        platform = next((local_name(p.name) for p in ref.platforms if p.id == values.get("platform")), "")
        what = ", ".join(x for x in (platform, values.get("seller_handle") or "", species) if x)
        kind = _("Edited observation") if draft.record_id else _("New observation")
    else:
        what = ", ".join(x for x in (values.get("case_reference") or "", values.get("place") or "", species) if x)
        kind = _("Edited seizure") if draft.record_id else _("New seizure")
    try:
        when = format_date(
            dt.datetime.fromisoformat(draft.updated_at.replace("Z", "+00:00"))
            .astimezone()
            .replace(tzinfo=None, microsecond=0)
        )
    except ValueError:
        when = draft.updated_at
    return _("{kind}: {what} — last typed {when}").format(kind=kind, what=what or _("(nothing typed yet)"), when=when)


class DraftsBar(QToolBar):
    resume_requested = Signal(object)  # the Draft

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.setObjectName("draftsBar")
        self.setMovable(False)
        self.setFloatable(False)
        self.store = store
        self.book = DraftBook(store)
        self.drafts = []
        self.label = QLabel()
        self.label.setObjectName("draftsLabel")
        self.choice = QComboBox()
        self.choice.setObjectName("draftsChoice")
        self.choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.resume_button = QPushButton()
        self.resume_button.setObjectName("resumeDraft")
        self.discard_button = QPushButton()
        self.discard_button.setObjectName("discardDraft")
        self.later_button = QPushButton()
        for button in (self.resume_button, self.discard_button, self.later_button):
            button.setAutoDefault(True)
        self.resume_button.clicked.connect(self.resume_current)
        self.discard_button.clicked.connect(self.discard_current)
        self.later_button.clicked.connect(self.hide)
        self.addWidget(self.label)
        self.addWidget(self.choice)
        self.addWidget(self.resume_button)
        self.addWidget(self.discard_button)
        self.addWidget(self.later_button)
        self._confirm_discard = False

    def reload(self) -> None:
        """Read the drafts again; the bar shows only when there are some."""
        self.drafts = self.book.all()
        self.retranslate()
        self.setVisible(bool(self.drafts))

    def retranslate(self) -> None:
        self.label.setText(
            ngettext(
                "Unsaved draft from an earlier session:", "Unsaved drafts from earlier sessions:", len(self.drafts)
            )
            + " "
        )
        self.choice.clear()
        for draft in self.drafts:
            self.choice.addItem(draft_summary(self.store.ref, draft), draft.id)
        self.resume_button.setText(_("Resume"))
        self.discard_button.setText(_("Discard…"))
        self.later_button.setText(_("Later"))
        self._confirm_discard = False

    def current(self):
        draft_id = self.choice.currentData()
        return next((d for d in self.drafts if d.id == draft_id), None)

    def resume_current(self) -> None:
        draft = self.current()
        if draft is None:
            return
        self._forget(draft)
        self.resume_requested.emit(draft)

    def discard_current(self) -> None:
        """First press asks (the button text changes), the second discards."""
        draft = self.current()
        if draft is None:
            return
        if not self._confirm_discard:
            self._confirm_discard = True
            self.discard_button.setText(_("Really discard this draft?"))
            self.discard_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        try:
            self.book.discard(draft.id)
        except PantauError as exc:
            self.label.setText(exc.message)
            return
        self._forget(draft)

    def _forget(self, draft) -> None:
        self.drafts = [d for d in self.drafts if d.id != draft.id]
        self.retranslate()
        self.setVisible(bool(self.drafts))
