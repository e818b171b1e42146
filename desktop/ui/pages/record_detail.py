"""One record read-only: its fields, its evidence (open, export, verify) and its history from the
audit log (who changed which field from what to what, and when).

Keys: Enter edits, Delete deletes (after confirmation), Esc goes back to the list.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.changes import field_changes
from desktop.domain.contacts import parse_phone
from desktop.domain.records import ENVELOPE_FIELDS
from desktop.errors import RecordNotFound
from desktop.i18n import N_, _, format_date, format_number, ngettext, translated
from desktop.intel.sessions import get_session
from desktop.ui.field_labels import FIELD_LABELS, display_value, field_label, local_time
from desktop.ui.widgets.contact_fields import session_label
from desktop.ui.widgets.evidence_panel import EvidencePanel
from desktop.ui.widgets.money_edit import display_decimal
from desktop.ui.widgets.species_picker import ProtectionBadge, malaysian_jurisdiction

FOLDED_FIELDS = ("usd_rate", "usd_rate_from")  # shown with price_usd
ACTION_LABELS = {
    "create": N_("Created"),
    "update": N_("Changed"),
    "delete": N_("Deleted"),
    "restore": N_("Restored"),
    "import": N_("Imported"),
    "merge": N_("Merged"),
    "resolve": N_("Conflict resolved"),
    "coordinator": N_("Coordinator's decision (update pack)"),
}


def usd_text(value: str, data: dict) -> str:
    """'USD 9.04 (1 IDR = 0.000061 USD, rate from 1 Jan 2026)', as stored when the record was saved."""
    try:
        amount = _("USD {amount}").format(amount=format_number(Decimal(value), decimals=2))
    except InvalidOperation:  # not a number (a damaged value from another device): as stored
        return str(value)
    if not data.get("usd_rate"):
        return amount
    try:
        since = format_date(dt.date.fromisoformat(str(data.get("usd_rate_from"))[:10]))
    except ValueError:
        since = str(data.get("usd_rate_from") or "")
    return _("{amount} (1 {currency} = {rate} USD, rate from {date})").format(
        amount=amount, currency=data.get("currency") or "", rate=display_decimal(str(data["usd_rate"])), date=since
    )


def contact_text(raw: str, region: str) -> str:
    """'0812-3456-7890 (+6281234567890)': a number as written and as read."""
    number = parse_phone(raw, region)
    return _("{raw} ({e164})").format(raw=raw, e164=number) if number and number != raw else raw


def _short(value, limit: int = 80) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class RecordDetail(QWidget):
    edit_requested = Signal(str)  # record id
    delete_requested = Signal(str)
    back_requested = Signal()

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.record = None
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.edit_button = QPushButton(_("Edit (Enter)"))
        self.edit_button.setObjectName("detailEdit")
        self.delete_button = QPushButton(_("Delete (Del)"))
        self.delete_button.setObjectName("detailDelete")
        self.back_button = QPushButton(_("Back to the list (Esc)"))
        for button in (self.edit_button, self.delete_button, self.back_button):
            button.setAutoDefault(True)
        self.edit_button.clicked.connect(lambda: self.record and self.edit_requested.emit(self.record.id))
        self.delete_button.clicked.connect(lambda: self.record and self.delete_requested.emit(self.record.id))
        self.back_button.clicked.connect(self.back_requested)

        self.fields_box = QGroupBox(_("Fields"))
        self.fields_form = QFormLayout(self.fields_box)
        self.evidence = EvidencePanel(store, editable=False)
        evidence_box = QGroupBox(_("Evidence"))
        QVBoxLayout(evidence_box).addWidget(self.evidence)
        self.history = QTreeWidget()
        self.history.setObjectName("historyTree")
        self.history.setColumnCount(3)
        self.history.setHeaderLabels([_("When"), _("Who or which field"), _("What changed")])
        self.history.setColumnWidth(0, 190)
        self.history.setColumnWidth(1, 220)
        self.history.setMinimumHeight(220)
        history_box = QGroupBox(_("History"))
        QVBoxLayout(history_box).addWidget(self.history)

        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(self.fields_box)
        column.addWidget(evidence_box)
        column.addWidget(history_box)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.edit_button)
        top.addWidget(self.delete_button)
        top.addWidget(self.back_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        for keys, action in (
            (QKeySequence(Qt.Key.Key_Escape), self.back_requested.emit),
            (QKeySequence(QKeySequence.StandardKey.Delete), self.delete_button.click),
        ):
            shortcut = QShortcut(keys, self)
            shortcut.activated.connect(action)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.record is not None:
            self.edit_requested.emit(self.record.id)
            return
        super().keyPressEvent(event)

    def show_record(self, record) -> None:
        self.record = record
        ref = self.store.ref
        kind_text = _("Observation") if record.kind == "observation" else _("Seizure")
        self.title.setText(_("{kind} — revision {n}").format(kind=kind_text, n=record.revision))
        while self.fields_form.rowCount():
            self.fields_form.removeRow(0)
        data = record.to_dict()
        line_field = record.line_field
        for name, value in data.items():
            if name in ENVELOPE_FIELDS or name in ("evidence", line_field):
                continue
            if name not in FIELD_LABELS and value in (None, "", [], {}) or name in FOLDED_FIELDS:
                continue  # a field added by another part of Pantau, empty here; or shown with another
            label = QLabel(_short(self.field_text(name, value, data), 400))
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields_form.addRow(field_label(name) + ":", label)
        day = data.get("observed_at") or data.get("seizure_date") or None
        region = data.get("seller_location") or data.get("subdivision") or ""
        for i, line in enumerate(getattr(record, line_field)):
            name = (
                display_value(ref, "species_id", line.species_id)
                if line.species_id
                else (_("{name} (other species, to be reviewed)").format(name=line.other_name))
            )
            unit = line.unit or ""
            text = (
                _("{species}: {quantity} {unit}")
                .format(species=name, quantity=display_value(ref, "quantity", line.quantity), unit=unit)
                .strip()
            )
            holder = QWidget()
            box = QVBoxLayout(holder)
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(QLabel(text))
            badge = ProtectionBadge(ref)
            badge.jurisdictions = ("ID", malaysian_jurisdiction(ref, region))
            badge.show_for(line.species_id, line.other_name, day)
            box.addWidget(badge)
            self.fields_form.addRow(field_label(f"{line_field}[{i}]") + ":", holder)
        envelope = QLabel(
            _("Revision {n}, last changed {when} by {who}. Record id {id}.").format(
                n=record.revision, when=local_time(record.updated_at), who=record.officer_name, id=record.id
            )
        )
        envelope.setWordWrap(True)
        envelope.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fields_form.addRow(_("Record:"), envelope)
        self.evidence.set_refs(record.evidence)
        self.show_history(record.id)
        self.delete_button.setEnabled(not record.deleted)
        self.edit_button.setEnabled(not record.deleted)
        self.edit_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def field_text(self, name: str, value, data: dict) -> str:
        """A field's value for reading; numbers with how they were read, sessions by date and platform,
        the price in US dollars with the rate used."""
        ref, region = self.store.ref, str(data.get("country") or "")
        if name == "contacts" and value:
            return ", ".join(contact_text(str(raw), region) for raw in value)
        if name == "session_id" and value:
            try:
                return session_label(ref, get_session(self.store, value).to_dict())
            except RecordNotFound:
                return str(value)
        if name == "price_usd" and value:
            return usd_text(value, data)
        return display_value(ref, name, value)

    def show_history(self, record_id: str) -> None:
        ref = self.store.ref
        self.history.clear()
        for entry in reversed(self.store.history(record_id)):
            changes = field_changes(entry["old_value"], entry["new_value"]) if entry["action"] != "create" else []
            action = translated(ACTION_LABELS.get(entry["action"], entry["action"]))
            if entry["action"] == "update":
                action = ngettext("Changed {n} field", "Changed {n} fields", len(changes)).format(n=len(changes))
            top = QTreeWidgetItem(
                [
                    local_time(entry["at"]),
                    _("{officer} (device {device})").format(
                        officer=entry["officer_name"], device=entry["device_id"][-8:]
                    ),
                    _("{action} — revision {n}").format(action=action, n=entry["revision"]),
                ]
            )
            for change in changes:
                if change.field == "deleted":
                    continue
                QTreeWidgetItem(
                    top,
                    [
                        "",
                        field_label(change.field),
                        _("{before} → {after}").format(
                            before=_short(display_value(ref, change.field, change.before)),
                            after=_short(display_value(ref, change.field, change.after)),
                        ),
                    ],
                )
            self.history.addTopLevelItem(top)
            top.setExpanded(True)
