"""The status bar's "waiting for export" count follows every change: three adverts saved through the
real form, an export through the Sync page, and at a coordinator an import (quarantine, approval),
after which the device's records are not counted (they are not sent on) but the coordinator's own are."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.app_context import AppContext
from desktop.settings import Settings
from desktop.sync import keys
from tests.entry.conftest import dispose, open_page
from tests.entry.test_observation_form import type_typical_advert
from tests.questionnaire.qt_helpers import Modals
from tests.sync.conftest import observation


def waiting(window) -> str:
    return window.status_pending.text()


def run_on_sync_page(window, qtbot, action, *args) -> str:
    page = window.pages["sync"]
    with qtbot.waitSignal(page.finished, timeout=30000) as blocker:
        action(*args)
    return blocker.args[0]


def test_waiting_for_export_follows_saves_export_and_import(window, qtbot, keyboard, tmp_path):
    assert waiting(window) == "Waiting for export: 0"
    page = open_page(window, qtbot, "observations")
    for n in range(1, 4):
        type_typical_advert(page, keyboard, url=f"https://shopee.co.id/murai-{n}", seller=f"seller_{n}")
        keyboard.ctrl(Qt.Key.Key_S)
        qtbot.waitUntil(lambda: page.stack.currentWidget() is page.list_view)
        assert waiting(window) == f"Waiting for export: {n}"

    window.show_page("sync")
    sync = window.pages["sync"]
    assert sync.pending.text() == "Waiting for export: 3"
    sync.export_dir.setText(str(tmp_path / "out"))
    text = run_on_sync_page(window, qtbot, sync.export_now)
    assert "Exported 3 records" in text
    assert waiting(window) == "Waiting for export: 0" and sync.pending.text() == "Waiting for export: 0"
    bundle = sync.last_result.path

    coord_home = tmp_path / "coord"
    Settings(officer_name="Coordinator Officer", first_run_done=True).save(coord_home / "settings.json")
    ctx = AppContext.create(home=str(coord_home))
    keys.init_coordinator(ctx.home, "HQ")
    from desktop.ui.app import create_main_window

    coordinator = create_main_window(ctx)
    try:
        coordinator.show()
        coordinator.show_page("sync")
        coord_sync = coordinator.pages["sync"]
        assert waiting(coordinator) == "Waiting for export: 0"
        run_on_sync_page(coordinator, qtbot, coord_sync.preview, [str(bundle)])
        assert "quarantined" in run_on_sync_page(coordinator, qtbot, coord_sync.import_previewed)
        assert waiting(coordinator) == "Waiting for export: 0"  # kept, not merged
        coord_sync.devices_table.selectRow(0)
        modals = Modals().then(lambda box: box.button(QMessageBox.StandardButton.Yes).click())  # fingerprint
        with qtbot.waitSignal(coordinator.runner.data_changed, timeout=30000):  # the import wrote records
            assert "imported bundle 1" in run_on_sync_page(coordinator, qtbot, coord_sync.approve_selected)
        modals.stop()
        assert coordinator.store.stats()["total"] == 3
        assert waiting(coordinator) == "Waiting for export: 0"  # the device's records are not sent on
        coordinator.store.save(observation(7))  # the coordinator's own record is
        assert waiting(coordinator) == "Waiting for export: 1"
    finally:
        dispose(coordinator)
        ctx.close()


def test_a_replaced_store_still_tells_the_window(window, app_context):
    """After a lock and unlock (or a restore) the window gets a new store; its saves still count."""
    old = window.store
    app_context.close()
    window.store = app_context.store()
    assert window.store is not old and window.records_changed not in old._change_listeners
    window.store.save(observation(1))
    assert waiting(window) == "Waiting for export: 1"


def test_waiting_for_export_says_more_than_the_shown_limit(window, qtbot, monkeypatch):
    """Past ``SHOWN_UP_TO`` the status bar stops counting and says so (a million-record home's count
    was a 22 s scan on the GUI thread); the export itself still carries every record."""
    from desktop.ui import export_waiting

    monkeypatch.setattr(export_waiting, "SHOWN_UP_TO", 3)
    window.store.save_new_many([observation(n) for n in range(1, 4)])
    assert waiting(window) == "Waiting for export: 3"
    window.store.save_new_many([observation(n) for n in range(4, 6)])
    assert waiting(window) == "Waiting for export: more than 3"
    assert window.store.pending_export_count() == 5 and window.store.pending_export_count(cap=4) == 4
