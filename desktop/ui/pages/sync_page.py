"""Sync: this device's key and export; at a coordinator, import with preview,
the import log, devices (approve / revoke) and conflicts.

Exports, previews, imports and approvals run through the OperationRunner (off
the GUI thread, in their own Store) with a progress bar and Cancel. Nothing is
imported without a preview first: "Check bundles…" shows what each file would
do, then "Import checked bundles" imports exactly those files.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import PantauError
from desktop.i18n import _, format_number, ngettext
from desktop.sync import conflicts, keys
from desktop.sync.devices import list_devices, revoke, state_label
from desktop.sync.export import device_identity
from desktop.sync.importer import REVOKED, import_log
from desktop.sync.ownership import refused_count, refused_text
from desktop.ui.export_waiting import waiting_text
from desktop.ui.pages.sync_packs_box import PacksBox
from desktop.ui.pages.sync_resolve import ResolveDialog
from desktop.ui.pages.sync_texts import report_line, spaced_fingerprint
from desktop.ui.widgets.operation_panel import OperationPanel, RunsOperations, lay_out_page


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(True)
    table.setMinimumHeight(140)
    return table


def _fill(table: QTableWidget, rows: list[list], keys_: list | None = None) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem("" if value is None else str(value))
            if keys_ is not None and c == 0:
                item.setData(Qt.ItemDataRole.UserRole, keys_[r])
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    last = table.columnCount() - 1  # the widest text (a result, a reason) wraps within the table
    room = max(240, table.viewport().width() - sum(table.columnWidth(c) for c in range(last)))
    table.setColumnWidth(last, min(table.columnWidth(last), room))
    table.resizeRowsToContents()  # several lines (a bundle's result and its notes) are shown whole


def _selected_key(table: QTableWidget):
    row = table.currentRow()
    item = table.item(row, 0) if row >= 0 else None
    return item.data(Qt.ItemDataRole.UserRole) if item else None


class SyncPage(RunsOperations, QWidget):
    finished = Signal(str)  # the message shown when an operation ends (tests wait on it)
    sync_folder_changed = Signal(str)  # the main window's folder watcher follows it

    def __init__(self, store, runner, app_context=None, parent=None):
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self.app_context = app_context
        self.previewed: list[str] = []
        self.panel = OperationPanel(runner, store, "sync", _("Cancelled. Nothing was changed."))
        self.panel.running.connect(lambda busy: self._set_buttons(not busy))
        self.panel.ended.connect(self._ended)
        self.progress, self.cancel_button, self.message = (
            self.panel.progress,
            self.panel.cancel_button,
            self.panel.message,
        )

        heading = QLabel(_("Sync"))
        heading.setObjectName("pageTitle")

        # -- this device ---------------------------------------------------------------
        self.identity = QLabel()
        self.identity.setObjectName("syncIdentity")
        self.identity.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.identity.setWordWrap(True)
        self.cards_label = QLabel()
        self.cards_label.setObjectName("syncCards")
        self.cards_label.setWordWrap(True)
        self.pending = QLabel()
        self.pending.setObjectName("syncPending")
        self.export_dir = QLineEdit(str(store.home.exports_dir) if store.home else "")
        self.export_dir.setAccessibleName(_("Export folder"))
        choose_dir = QPushButton(_("Choose…"))
        choose_dir.clicked.connect(self._choose_export_dir)
        self.export_all = QCheckBox(_("Export every record, not only the changes"))
        self.export_button = QPushButton(_("Export now"))
        self.export_button.clicked.connect(self.export_now)
        self.card_button = QPushButton(_("Import coordinator card…"))
        self.card_button.clicked.connect(self._choose_card)
        self.folder_button = QPushButton(_("Sync with the sync folder"))
        self.folder_button.clicked.connect(self.sync_folder_now)
        self.folder_label = QLabel()
        self.folder_label.setObjectName("syncFolder")
        self.folder_label.setWordWrap(True)
        choose_folder = QPushButton(_("Choose sync folder…"))
        choose_folder.clicked.connect(self._choose_sync_folder)
        choose_folder.setEnabled(app_context is not None)
        device_box = QGroupBox(_("This device"))
        device_form = QFormLayout(device_box)
        device_form.addRow(self.identity)
        device_form.addRow(self.cards_label)
        device_form.addRow(self.pending)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.export_dir, 1)
        folder_row.addWidget(choose_dir)
        device_form.addRow(_("Export folder"), folder_row)
        device_form.addRow(self.export_all)
        sync_row = QHBoxLayout()
        sync_row.addWidget(self.folder_label, 1)
        sync_row.addWidget(choose_folder)
        device_form.addRow(_("Sync folder"), sync_row)
        buttons = QHBoxLayout()
        for button in (self.export_button, self.card_button, self.folder_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        device_form.addRow(buttons)

        # -- coordinator -----------------------------------------------------------------
        self.coordinator_box = QGroupBox(_("Coordinator"))
        coord_layout = QVBoxLayout(self.coordinator_box)
        self.coordinator_label = QLabel()
        self.coordinator_label.setWordWrap(True)
        self.init_button = QPushButton(_("Make this computer the coordinator…"))
        self.init_button.clicked.connect(self._init_coordinator)
        self.check_button = QPushButton(_("Check bundles…"))
        self.check_button.clicked.connect(self._choose_bundles)
        self.import_button = QPushButton(_("Import checked bundles"))
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.import_previewed)
        self.preview_table = _table(
            [
                _("File"),
                _("Signer"),
                _("Device trust"),
                _("New"),
                _("Identical"),
                _("Updated"),
                _("Conflicting"),
                _("Rejected"),
                _("Result"),
            ],
            "syncPreview",
        )
        self.devices_table = _table(
            [
                _("Fingerprint"),
                _("State"),
                _("Device"),
                _("Officer"),
                _("Imported"),
                _("Quarantined"),
                _("Missing bundles"),
            ],
            "syncDevices",
        )
        self.approve_button = QPushButton(_("Approve device"))
        self.approve_button.clicked.connect(self.approve_selected)
        self.revoke_button = QPushButton(_("Revoke device"))
        self.revoke_button.clicked.connect(self.revoke_selected)
        self.conflicts_table = _table(
            [_("Conflict"), _("Kind"), _("Record"), _("Kept"), _("Other"), _("Fields")], "syncConflicts"
        )
        self.resolve_button = QPushButton(_("Resolve…"))
        self.resolve_button.clicked.connect(self._resolve_selected)
        self.log_table = _table(
            [
                _("Time"),
                _("Status"),
                _("File"),
                _("Signer"),
                _("Bundle"),
                _("New"),
                _("Updated"),
                _("Unchanged"),
                _("Conflicts"),
                _("Reason"),
            ],
            "syncLog",
        )
        row = QHBoxLayout()
        for button in (self.init_button, self.check_button, self.import_button):
            row.addWidget(button)
        row.addStretch(1)
        coord_layout.addWidget(self.coordinator_label)
        coord_layout.addLayout(row)
        coord_layout.addWidget(self.preview_table)
        coord_layout.addWidget(QLabel(_("Devices")))
        coord_layout.addWidget(self.devices_table)
        device_buttons = QHBoxLayout()
        device_buttons.addWidget(self.approve_button)
        device_buttons.addWidget(self.revoke_button)
        device_buttons.addStretch(1)
        coord_layout.addLayout(device_buttons)
        coord_layout.addWidget(QLabel(_("Conflicts")))
        coord_layout.addWidget(self.conflicts_table)
        coord_layout.addWidget(self.resolve_button)
        coord_layout.addWidget(QLabel(_("Import log")))
        coord_layout.addWidget(self.log_table)

        self.packs_box = PacksBox()
        lay_out_page(self, heading, [device_box, self.packs_box, self.coordinator_box], self.panel)
        self.refresh()

    # -- showing -------------------------------------------------------------------------
    def refresh(self) -> None:
        home = self.store.home
        try:
            info = device_identity(self.store)
            self.identity.setText(
                _("Device {id}\nFingerprint {fp}\nPublic key {key}").format(
                    id=info["device_id"], fp=info["fingerprint"], key=info["public_key"]
                )
            )
            cards = keys.imported_cards(home)
        except PantauError as exc:
            self.identity.setText(exc.message)
            cards = []
        self.cards_label.setText(
            _("Bundles are encrypted for: {names}").format(
                names=", ".join(f"{c.name} ({c.fingerprint})" for c in cards)
            )
            if cards
            else _("No coordinator card imported: bundles are signed but not encrypted.")
        )
        self.records_changed()
        folder = self._sync_folder()
        self.folder_label.setText(folder or _("No sync folder is set."))
        self.packs_box.refresh(self.store)
        is_coordinator = keys.is_coordinator(home)
        self.init_button.setVisible(not is_coordinator)
        for widget in (
            self.check_button,
            self.import_button,
            self.preview_table,
            self.devices_table,
            self.approve_button,
            self.revoke_button,
            self.conflicts_table,
            self.resolve_button,
            self.log_table,
        ):
            widget.setEnabled(is_coordinator)
        if not is_coordinator:
            self.coordinator_label.setText(
                _("This computer is not a coordinator. A coordinator imports the bundles of every device.")
            )
            return
        card = keys.coordinator_card(home)
        refused = refused_count(self.store)  # versions the ownership rules kept out (desktop/sync/ownership.py)
        self.coordinator_label.setText(
            _("Coordinator {name}, fingerprint {fp}").format(name=card.name, fp=card.fingerprint)
            + (" · " + refused_text(refused) if refused else "")
        )
        self.import_button.setEnabled(bool(self.previewed) and self.operation is None)
        devices = list_devices(self.store)
        _fill(
            self.devices_table,
            [
                [
                    d.fingerprint,
                    state_label(d.state),
                    d.label,
                    ", ".join(o["officer_name"] for o in d.officers) or d.officer_name,
                    d.imported,
                    d.quarantined,
                    "; ".join(filter(None, [d.missing_text, _("forks: {n}").format(n=d.forks) if d.forks else ""])),
                ]
                for d in devices
            ],
            [d.fingerprint for d in devices],
        )
        for row, d in enumerate(devices):  # the id stays at hand for the coordinator who needs it
            self.devices_table.item(row, 2).setToolTip(d.device_id)
        rows = conflicts.list_conflicts(self.store)
        _fill(
            self.conflicts_table,
            [
                [
                    r["id"],
                    r["kind"],
                    r["record_id"],
                    _("revision {n} from {device}").format(n=r["winner_revision"], device=r["winner_device"][-8:]),
                    _("revision {n} from {device}").format(n=r["loser_revision"], device=r["loser_device"][-8:]),
                    ", ".join(d.field for d in conflicts.differences(self.store, r["id"])),
                ]
                for r in rows
            ],
            [r["id"] for r in rows],
        )
        log = import_log(self.store, 200)
        _fill(
            self.log_table,
            [
                [
                    r["imported_at"],
                    r["status"],
                    r["file_name"],
                    r["fingerprint"],
                    r["seq"],
                    r["inserted"],
                    r["updated"],
                    r["unchanged"],
                    r["conflicted"],
                    r["reason"],
                ]
                for r in log
            ],
        )

    # -- running ---------------------------------------------------------------------------
    def _set_buttons(self, enabled: bool) -> None:
        for button in (
            self.export_button,
            self.folder_button,
            self.check_button,
            self.approve_button,
            self.revoke_button,
            self.card_button,
        ):
            button.setEnabled(enabled)
        self.import_button.setEnabled(enabled and bool(self.previewed))

    def _ended(self, text: str) -> None:
        self.refresh()
        self.finished.emit(text)

    def records_changed(self) -> None:
        """Saved data changed (a save, an import, an export): the count waiting for export."""
        self.pending.setText(waiting_text(self.store))

    # -- device actions ------------------------------------------------------------------------
    def _choose_export_dir(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Export folder"), self.export_dir.text())
        if folder:
            self.export_dir.setText(folder)

    def export_now(self) -> None:
        dest, full = Path(self.export_dir.text().strip() or self.store.home.exports_dir), self.export_all.isChecked()

        def job(store, progress):
            from desktop.sync.export import export_bundle

            return export_bundle(store, dest, full=full, progress=progress)

        def done(result) -> str:
            if result is None:
                return _("Nothing to export: no record changed since the last export.")
            note = (
                ""
                if result.encrypted
                else " " + _("Not encrypted: no coordinator card is imported, so the bundle is only signed.")
            )
            return (
                ngettext("Exported {n} record to {path}.", "Exported {n} records to {path}.", result.records).format(
                    n=format_number(result.records), path=result.path
                )
                + note
            )

        self._start(_("Exporting a bundle"), job, done)

    def _choose_card(self) -> None:
        path, _selected = QFileDialog.getOpenFileName(self, _("Coordinator card"), "", _("Card (*.json)"))
        if path:
            self.import_card(path)

    def import_card(self, path: str) -> None:
        try:
            card, new = keys.import_card(self.store.home, Path(path))
            from desktop.security.home_lock import add_recovery_from_card

            add_recovery_from_card(self.store.home, self.store.keys, card)
        except PantauError as exc:
            self.message.setText(exc.message)
            return
        self.message.setText(
            _("Imported the card of coordinator {name} (fingerprint {fp}).").format(name=card.name, fp=card.fingerprint)
            if new
            else _("That card was already imported.")
        )
        self.refresh()

    def _sync_folder(self) -> str:
        from desktop.sync.folder import SETTING

        return (self.app_context.settings.extra or {}).get(SETTING, "") if self.app_context else ""

    def _choose_sync_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Sync folder"), self._sync_folder())
        if folder:
            self.set_sync_folder(folder)

    def set_sync_folder(self, folder: str) -> None:
        """Remember the sync folder in the settings (Settings.extra['sync_folder'])."""
        from desktop.sync.folder import SETTING

        settings = self.app_context.settings
        settings.extra[SETTING] = str(Path(folder).expanduser().resolve())
        settings.save(self.app_context.home.settings_path)
        self.refresh()
        self.sync_folder_changed.emit(settings.extra[SETTING])

    def show_notice(self, text: str) -> None:
        """What the folder watcher picked up (the page's message line)."""
        self.refresh()
        self.message.setText(text)

    def sync_folder_now(self) -> None:
        folder_value = self._sync_folder()
        if not folder_value:
            self.message.setText(_("No sync folder is set. Choose one in Settings or with 'pantau sync folder DIR'."))
            return

        def job(store, progress):
            from desktop.sync.folder import sync_folder_tick

            return sync_folder_tick(store, Path(folder_value))

        self._start(
            _("Syncing with the sync folder"), job, lambda result: "\n".join([result.message] + result.problems)
        )

    # -- coordinator actions ----------------------------------------------------------------------
    def _init_coordinator(self) -> None:
        name, ok = QInputDialog.getText(
            self, _("Make this computer the coordinator"), _("The coordinator's name, shown to officers:")
        )
        if not ok or not name.strip():
            return
        try:
            card = keys.init_coordinator(self.store.home, name)
        except PantauError as exc:
            self.message.setText(exc.message)
            return
        self.message.setText(
            _("Coordinator {name} created; fingerprint {fp}. Give its card ({path}) to every device.").format(
                name=card.name, fp=card.fingerprint, path=self.store.home.keys_dir / keys.COORD_CARD
            )
        )
        self.refresh()

    def _choose_bundles(self) -> None:
        paths, _selected = QFileDialog.getOpenFileNames(self, _("Bundles to check"), "", _("Pantau bundles (*.pantau)"))
        if paths:
            self.preview(paths)

    def _show_reports(self, reports) -> None:
        _fill(
            self.preview_table,
            [
                [
                    r.name,
                    f"{r.fingerprint} ({r.officer})" if r.fingerprint else "",
                    r.trust_label(),
                    r.counts["new"],
                    r.counts["identical"],
                    r.counts["updated"],
                    r.counts["conflicting"],
                    r.counts["rejected"],
                    "\n".join([report_line(r)] + r.notes),
                ]
                for r in reports
            ],
        )

    def preview(self, paths: list[str]) -> None:
        """Check bundles without writing; the checked files can then be imported."""
        paths = [str(p) for p in paths]

        def job(store, progress):
            from desktop.sync.importer import import_paths

            return import_paths(store, paths, dry_run=True, progress=progress)

        def done(reports) -> str:
            self.previewed = paths
            self._show_reports(reports)
            rejected = sum(1 for r in reports if r.status == "rejected")
            return ngettext(
                "{n} bundle checked, {bad} rejected. Nothing was written yet.",
                "{n} bundles checked, {bad} rejected. Nothing was written yet.",
                len(reports),
            ).format(n=len(reports), bad=rejected)

        self._start(_("Checking bundles"), job, done)

    def import_previewed(self) -> None:
        paths = list(self.previewed)
        if not paths:
            return

        def job(store, progress):
            from desktop.sync.importer import import_paths

            return import_paths(store, paths, progress=progress)

        def done(reports) -> str:
            self.previewed = []
            self._show_reports(reports)
            return "\n".join(report_line(r) for r in reports)

        self._start(_("Importing bundles"), job, done)

    def approve_selected(self) -> None:
        fingerprint = _selected_key(self.devices_table)
        if not fingerprint:
            self.message.setText(_("Select a device first."))
            return
        device = next((d for d in list_devices(self.store) if d.fingerprint == fingerprint), None)
        question = _(
            "Approve the device of {officer}?\n\nFingerprint: {fp}\n\nAsk the officer to read out the "
            "fingerprint shown on their laptop (Sync page, This device). Approve only if every character "
            "is the same: a different fingerprint means someone else made this bundle."
        ).format(officer=device.officer_name if device else "?", fp=spaced_fingerprint(fingerprint))
        if device is not None and device.state == REVOKED:
            question = (
                _(
                    "This device was revoked: its key may be stolen or the device lost. Trust it again only "
                    "after confirming with the officer in person."
                )
                + "\n\n"
                + question
            )
        answer = QMessageBox.question(
            self,
            _("Approve device"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            self.message.setText(_("Device {fp} was not approved.").format(fp=fingerprint))
            return

        def job(store, progress):
            from desktop.sync.devices import approve

            return approve(store, fingerprint)

        def done(reports) -> str:
            self._show_reports(reports)
            return "\n".join([_("Device {fp} is trusted.").format(fp=fingerprint)] + [report_line(r) for r in reports])

        self._start(_("Approving device {fp}").format(fp=fingerprint), job, done)

    def revoke_selected(self) -> None:
        fingerprint = _selected_key(self.devices_table)
        if not fingerprint:
            self.message.setText(_("Select a device first."))
            return
        answer = QMessageBox.question(
            self,
            _("Revoke device"),
            _("Refuse every later bundle from device {fp}? Records already imported stay.").format(fp=fingerprint),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.revoke(fingerprint)

    def revoke(self, fingerprint: str) -> None:
        try:
            revoke(self.store, fingerprint)
        except PantauError as exc:
            self.message.setText(exc.message)
            return
        self.message.setText(_("Device {fp} is revoked; its bundles will be refused.").format(fp=fingerprint))
        self.refresh()

    def _resolve_selected(self) -> None:
        conflict_id = _selected_key(self.conflicts_table)
        if conflict_id is None:
            self.message.setText(_("Select a conflict first."))
            return
        dialog = ResolveDialog(conflicts.differences(self.store, conflict_id), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.resolve(conflict_id, dialog.taken())

    def resolve(self, conflict_id: int, take_other: list[str]) -> None:
        """Resolve a conflict: the named fields come from the other version, the rest stay."""
        try:
            record = conflicts.resolve_conflict(
                self.store, conflict_id, conflicts.other_values(self.store, conflict_id, take_other)
            )
        except PantauError as exc:
            self.message.setText(exc.message)
            return
        self.message.setText(
            _("Conflict {id} resolved: record {record} saved as revision {rev}.").format(
                id=conflict_id, record=record.id, rev=record.revision
            )
        )
        self.refresh()
