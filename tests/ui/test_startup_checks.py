"""The start-up integrity check closes a damaged database and restores the newest good backup."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from desktop.app_context import AppContext
from desktop.demo import fill
from desktop.store import ListFilter
from desktop.ui import startup_checks


def test_good_database_gets_its_daily_backup(main_window, qtbot):
    startup_checks.start(main_window)
    qtbot.waitUntil(lambda: not main_window.runner.running(), timeout=10000)
    assert list((main_window.app_context.home.backups_dir).glob("pantau-*-daily.sqlite3"))


def test_damaged_database_restored_from_backup(qtbot, home, settings, monkeypatch):
    from desktop.ui.app import application, create_main_window

    settings.save(home.ensure().settings_path)
    ctx = AppContext.create(home=str(home.root))
    fill(ctx.store(), 150, seed=3)
    ctx.store().backup("manual")
    application()
    window = create_main_window(ctx)
    qtbot.addWidget(window)
    ctx.close()
    data = bytearray(home.db_path.read_bytes())
    for offset in range(8192, len(data), 4096):
        data[offset : offset + 64] = b"\xff" * 64
    home.db_path.write_bytes(bytes(data))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    from desktop.backups import Backups

    startup_checks.damaged(window, Backups.for_store(window.store))
    assert list(home.root.glob("pantau.sqlite3.damaged-*"))
    total = sum(window.store.count(ListFilter(kind=k)) for k in ("observation", "seizure", "response"))
    assert total == 150
    ctx.close()
