"""Evidence files of one record: attach (drag and drop or a file dialog), open, export, verify.

Attaching copies the file into the home's evidence store under its SHA-256;
the hash, who and when go into the record's evidence list. "Verify evidence"
re-computes every hash and names any file that was changed or is missing.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import PantauError
from desktop.evidence import ALLOWED_TYPES, EvidenceError
from desktop.i18n import _, format_date, format_number, ngettext

THUMB = 56
STATUS_OK, STATUS_CHANGED, STATUS_MISSING = "ok", "changed", "missing"


def _when(text: str) -> str:
    try:
        return format_date(dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(), "short")
    except (TypeError, ValueError):
        return text or ""


def _size(size: int) -> str:
    if size >= 1048576:
        return _("{n} MB").format(n=format_number(round(size / 1048576, 1)))
    return _("{n} KB").format(n=format_number(max(1, round(size / 1024))))


class EvidencePanel(QWidget):
    changed = Signal()

    def __init__(self, store, editable: bool = True, parent=None):
        super().__init__(parent)
        self.store = store
        self.editable = editable
        self.refs: list = []
        self.status: dict[str, str] = {}
        self.setAcceptDrops(editable)

        self.list = QListWidget()
        self.list.setObjectName("evidenceList")
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.empty_hint = QLabel(
            _("No evidence yet. Drag files here, or press “Attach files…”.") if editable else _("No evidence attached.")
        )
        self.empty_hint.setObjectName("evidenceEmpty")
        self.list.setAccessibleName(_("Evidence files"))
        self.list.itemDoubleClicked.connect(lambda _item: self.open_selected())  # Enter moves on, as in the form
        self.message = QLabel()
        self.message.setObjectName("evidenceMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.attach_button = QPushButton(_("Attach files…"))
        self.attach_button.setObjectName("attachEvidence")
        self.attach_button.setToolTip(
            _("Or drag files onto this list. Largest file: {n} MB.").format(
                n=format_number(round(store.evidence.max_bytes / 1048576))
            )
        )
        self.attach_button.clicked.connect(self.choose_files)
        self.open_button = QPushButton(_("Open"))
        self.open_button.clicked.connect(self.open_selected)
        self.export_button = QPushButton(_("Export…"))
        self.export_button.clicked.connect(self.export_selected)
        self.verify_button = QPushButton(_("Verify evidence"))
        self.verify_button.setObjectName("verifyEvidence")
        self.verify_button.clicked.connect(self.verify)
        self.remove_button = QPushButton(_("Remove from record"))
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        for button in (
            self.attach_button,
            self.open_button,
            self.export_button,
            self.verify_button,
            self.remove_button,
        ):
            button.setAutoDefault(True)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.attach_button.setVisible(editable)
        self.remove_button.setVisible(editable)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addWidget(self.empty_hint)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self._fill()
        self.list.currentRowChanged.connect(lambda _r: self._update_buttons())

    def focus_widgets(self) -> list[QWidget]:
        widgets = [self.list]
        if self.editable:
            widgets.append(self.attach_button)
        widgets += [self.open_button, self.export_button, self.verify_button]
        if self.editable:
            widgets.append(self.remove_button)
        return widgets

    # -- value ----------------------------------------------------------------
    def set_refs(self, refs) -> None:
        self.refs = list(refs)
        self.status = {}
        self.message.setText("")
        self._fill()

    def _fill(self) -> None:
        self.list.clear()
        for ref in self.refs:
            item = QListWidgetItem(self._describe(ref))
            item.setData(Qt.ItemDataRole.UserRole, ref.sha256)
            item.setIcon(self._thumbnail(ref))
            item.setToolTip(_("SHA-256: {sha}").format(sha=ref.sha256))
            self.list.addItem(item)
        rows = min(max(len(self.refs), 1), 3)
        self.list.setFixedHeight(rows * (THUMB + 8) + 8)
        self.list.setVisible(bool(self.refs))
        self.empty_hint.setVisible(not self.refs)
        self._update_buttons()

    def _describe(self, ref) -> str:
        text = _("{name} ({size}) — added by {who}, {when} — fingerprint {sha}").format(
            name=ref.filename,
            size=_size(ref.size),
            who=ref.added_by or "?",
            when=_when(ref.added_at),
            sha=ref.sha256[:12],
        )
        status = self.status.get(ref.sha256)
        if status == STATUS_OK:
            text = _("✔ Unchanged: {file}").format(file=text)
        elif status == STATUS_CHANGED:
            text = _("✖ CHANGED since it was attached: {file}").format(file=text)
        elif status == STATUS_MISSING:
            text = _("✖ MISSING from the evidence store: {file}").format(file=text)
        return text

    def _thumbnail(self, ref) -> QIcon:
        if not (ref.media_type or "").startswith("image/") or not self.store.evidence.has(ref.sha256):
            return QIcon()
        pixmap = QPixmap()
        try:
            data = self.store.evidence.read_bytes(ref.sha256)  # decrypted on a protected home
        except PantauError:
            return QIcon()
        if pixmap.loadFromData(data):
            return QIcon(
                pixmap.scaled(
                    THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
                )
            )
        return QIcon()

    def _update_buttons(self) -> None:
        has = self.list.currentRow() >= 0
        for button in (self.open_button, self.export_button, self.remove_button):
            button.setEnabled(has)
        self.verify_button.setEnabled(bool(self.refs))

    def selected(self):
        row = self.list.currentRow()
        return self.refs[row] if 0 <= row < len(self.refs) else None

    # -- actions --------------------------------------------------------------
    def attach_paths(self, paths) -> int:
        """Attach files; returns how many were added. Problems are shown under the list."""
        added, problems = 0, []
        known = {r.sha256 for r in self.refs}
        for path in paths:
            try:
                ref = self.store.evidence.add_file(Path(path), self.store.actor.officer_name, self.store.device_id)
            except EvidenceError as exc:
                problems.append(exc.message)
                continue
            if ref.sha256 in known:
                problems.append(_("{name} is already attached to this record.").format(name=Path(path).name))
                continue
            known.add(ref.sha256)
            self.refs.append(ref)
            added += 1
        self._fill()
        if added:
            self.list.setCurrentRow(len(self.refs) - 1)
            self.changed.emit()
        lines = [ngettext("{n} file attached.", "{n} files attached.", added).format(n=added)] if added else []
        self.message.setText("\n".join(lines + problems))
        return added

    def choose_files(self) -> None:
        patterns = " ".join(f"*{suffix}" for suffix in sorted(ALLOWED_TYPES))
        paths, _filter = QFileDialog.getOpenFileNames(
            self, _("Attach evidence"), "", _("Evidence files ({patterns})").format(patterns=patterns)
        )
        if paths:
            self.attach_paths(paths)

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.refs):
            ref = self.refs.pop(row)
            self._fill()
            self.message.setText(
                _("{name} was removed from this record (the stored copy is kept).").format(name=ref.filename)
            )
            self.changed.emit()

    def verify(self) -> list:
        """Re-check every file's fingerprint; returns the checks and reports changed or missing files."""
        checks = [self.store.evidence.verify(ref.sha256) for ref in self.refs]
        self.status = {c.sha256: (STATUS_OK if c.ok else c.problem) for c in checks}
        self._fill()
        bad = [ref.filename for ref, c in zip(self.refs, checks) if not c.ok]
        if bad:
            self.message.setText(
                ngettext(
                    "✖ {n} evidence file no longer matches its fingerprint or is missing: {names}. "
                    "Do not rely on it; report this to your coordinator.",
                    "✖ {n} evidence files no longer match their fingerprints or are missing: {names}. "
                    "Do not rely on them; report this to your coordinator.",
                    len(bad),
                ).format(n=len(bad), names=", ".join(bad))
            )
        else:
            self.message.setText(
                ngettext(
                    "✔ {n} evidence file checked: unchanged since it was attached.",
                    "✔ {n} evidence files checked: all unchanged since they were attached.",
                    len(checks),
                ).format(n=len(checks))
            )
        return checks

    def export_selected(self, folder: str | None = None) -> Path | None:
        ref = self.selected()
        if ref is None:
            return None
        folder = folder or QFileDialog.getExistingDirectory(self, _("Export evidence to folder"))
        if not folder:
            return None
        try:
            dest = self.store.evidence.export(ref, Path(folder))
        except EvidenceError as exc:
            self.message.setText(exc.message)
            return None
        self.message.setText(_("Exported to {path}.").format(path=dest))
        return dest

    def open_selected(self) -> None:
        ref = self.selected()
        if ref is None:
            return
        try:
            dest = self.store.evidence.export(ref, Path(tempfile.mkdtemp(prefix="pantau-evidence-")))
        except EvidenceError as exc:
            self.message.setText(exc.message)
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(dest))):
            self.message.setText(
                _("No program is set up to open {name}; it was copied to {path}.").format(name=ref.filename, path=dest)
            )

    # -- drag and drop --------------------------------------------------------
    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self.editable and event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt API
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.attach_paths(paths)
