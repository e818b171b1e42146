"""The sync page, driven with pytest-qt: export with progress, preview then import, approve, conflicts."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402

from desktop.sync import conflicts  # noqa: E402
from desktop.sync.keys import device_signing_key  # noqa: E402
from tests.sync.conftest import observation  # noqa: E402


def _page(qtbot, store):
    from desktop.ui.operations import OperationRunner
    from desktop.ui.pages.sync_page import SyncPage

    runner = OperationRunner()
    page = SyncPage(store, runner)
    qtbot.addWidget(page)
    page.show()
    return page


def _run(qtbot, page, action, *args) -> str:
    with qtbot.waitSignal(page.finished, timeout=20000) as blocker:
        action(*args)
    return blocker.args[0]


def _click(qtbot, page, button) -> str:
    """Press ``button`` with the keyboard (focus, Space) as a user would, and wait for its job."""
    from PySide6.QtCore import Qt

    assert button.isVisible() and button.isEnabled(), button.text()
    with qtbot.waitSignal(page.finished, timeout=20000) as blocker:
        button.setFocus()
        qtbot.keyClick(button, Qt.Key.Key_Space)
    return blocker.args[0]


def _answer(dialog, button_name: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    dialog.button(getattr(QMessageBox.StandardButton, button_name)).click()


def test_export_then_coordinator_preview_import_approve_and_resolve(qtbot, homes, tmp_path):
    coord = homes.coordinator()
    dev = homes.device("dev")
    rec = dev.save(observation(1))

    device_page = _page(qtbot, dev)
    fingerprint = device_signing_key(dev.home).fingerprint
    assert fingerprint in device_page.identity.text()
    assert "not encrypted" in device_page.cards_label.text()
    device_page.import_card(str(tmp_path / "coord-card.json"))
    assert "Coordinator coord" in device_page.cards_label.text()
    assert device_page.pending.text().endswith("1")
    device_page.export_dir.clear()
    qtbot.keyClicks(device_page.export_dir, str(tmp_path / "out"))
    text = _click(qtbot, device_page, device_page.export_button)
    assert "Exported 1 record to" in text and device_page.pending.text().endswith("0")
    bundle = device_page.last_result.path
    assert "Nothing to export" in _click(qtbot, device_page, device_page.export_button)

    page = _page(qtbot, coord)
    assert not page.init_button.isVisible() and "Coordinator coord" in page.coordinator_label.text()
    text = _run(qtbot, page, page.preview, [str(bundle)])
    assert "Nothing was written" in text and page.import_button.isEnabled()
    assert page.preview_table.item(0, 2).text() == "unknown" and page.preview_table.item(0, 3).text() == "1"
    assert coord.stats()["total"] == 0
    text = _click(qtbot, page, page.import_button)
    assert "quarantined" in text and "press Approve device" in text and "pantau coordinator" not in text
    result = page.preview_table.item(0, 8)
    assert "press Approve device" in result.text()
    table = page.preview_table
    width, height = table.columnWidth(8), table.rowHeight(0)
    needed = table.fontMetrics().boundingRect(0, 0, width - 8, 10_000, Qt.TextFlag.TextWordWrap, result.text())
    assert needed.height() <= height  # the whole result shows in its cell, wrapped
    assert page.devices_table.rowCount() == 1 and page.devices_table.item(0, 0).text() == fingerprint
    page.devices_table.selectRow(0)
    from tests.questionnaire.qt_helpers import Modals

    modals = Modals().then(lambda d: _answer(d, "No"))  # the fingerprint is shown to compare first
    page.approve_button.click()
    modals.stop()
    assert modals.done == ["QMessageBox"] and " ".join(fingerprint[i : i + 4] for i in (0, 4, 8, 12)) in modals.texts[0]
    assert "not approved" in page.message.text() and coord.stats()["total"] == 0
    modals = Modals().then(lambda d: _answer(d, "Yes"))
    text = _click(qtbot, page, page.approve_button)
    modals.stop()
    assert "imported bundle 1" in text and coord.stats()["total"] == 1
    assert page.log_table.item(0, 1).text() == "imported"

    # a conflict: both sides edit the record
    at_coord = coord.get("observation", rec.id)
    at_coord.notes = "coordinator"
    coord.save(at_coord)
    rec.notes = "device"
    dev.save(rec)
    _run(qtbot, device_page, device_page.export_now)
    _run(qtbot, page, page.preview, [str(device_page.last_result.path)])
    _run(qtbot, page, page.import_previewed)
    assert page.conflicts_table.rowCount() == 1 and page.conflicts_table.item(0, 5).text() == "notes"
    conflict_id = page.conflicts_table.item(0, 0).data(0x0100)
    page.resolve(conflict_id, ["notes"])  # the coordinator's version stayed current; take the device's notes
    assert "resolved" in page.message.text() and page.conflicts_table.rowCount() == 0
    assert coord.get("observation", rec.id).notes == "device"
    assert conflicts.open_count(coord) == 0
    assert coord.verify_audit().ok

    # approving a revoked device again warns first
    page.devices_table.selectRow(0)
    modals = Modals().then(lambda d: _answer(d, "Yes"))
    page.revoke_button.click()
    modals.stop()
    assert "revoked" in page.message.text()
    page.devices_table.selectRow(0)
    modals = Modals().then(lambda d: _answer(d, "No"))
    page.approve_button.click()
    modals.stop()
    assert modals.texts[0].startswith("This device was revoked") and "not approved" in page.message.text()


def test_export_shows_progress_and_cancel_while_running(qtbot, homes, tmp_path):
    dev = homes.device("dev")
    dev.save(observation(1))
    page = _page(qtbot, dev)
    page.export_dir.setText(str(tmp_path / "out"))
    with qtbot.waitSignal(page.finished, timeout=20000):
        page.export_now()
        assert page.progress.isVisible() and page.cancel_button.isVisible()
        assert not page.export_button.isEnabled()
    assert not page.progress.isVisible() and page.export_button.isEnabled()


def test_sync_folder_is_a_setting_and_syncs(qtbot, homes, tmp_path):
    from desktop.app_context import AppContext
    from desktop.settings import Settings
    from desktop.ui.operations import OperationRunner
    from desktop.ui.pages.sync_page import SyncPage

    dev = homes.device("dev")
    dev.save(observation(1))
    context = AppContext.create(home=str(dev.home.root))
    page = SyncPage(dev, OperationRunner(), context)
    qtbot.addWidget(page)
    page.sync_folder_now()  # no folder yet: says so, starts nothing
    assert "No sync folder" in page.message.text() and page.operation is None
    shared = tmp_path / "shared"
    shared.mkdir()
    page.set_sync_folder(str(shared))
    assert Settings.load(dev.home.settings_path).extra["sync_folder"] == str(shared.resolve())
    assert str(shared.resolve()) in page.folder_label.text()
    text = _run(qtbot, page, page.sync_folder_now)
    assert "1 bundle delivered" in text
    assert len(list((shared / "inbox").iterdir())) == 1
