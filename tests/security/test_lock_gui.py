"""Passphrase dialogs and auto-lock in the GUI (pytest-qt)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.app_context import AppContext
from desktop.security import home_lock
from desktop.ui.app import application, create_main_window
from desktop.ui.security_dialogs import PassphraseSetupDialog, UnlockPanel

PASS = "kancil melompat 2026"


def test_setup_dialog_needs_matching_strong_passphrase(qtbot, home):
    application()
    dialog = PassphraseSetupDialog(home)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.first, "short")
    qtbot.keyClicks(dialog.second, "short")
    dialog.accept()
    assert not home_lock.is_protected(home) and "at least 10" in dialog.problems.text()
    dialog.first.clear()
    dialog.second.clear()
    qtbot.keyClicks(dialog.first, PASS)
    qtbot.keyClicks(dialog.second, PASS + "x")
    dialog.accept()
    assert "not the same" in dialog.problems.text()
    dialog.second.clear()
    qtbot.keyClicks(dialog.second, PASS)
    dialog.accept()
    assert home_lock.is_protected(home) and dialog.keys is not None


def test_unprotected_choice_is_explicit_and_shown(qtbot, home, settings):
    application()
    dialog = PassphraseSetupDialog(home)
    qtbot.addWidget(dialog)
    dialog.training.setChecked(True)
    dialog.accept()
    assert dialog.unprotected and not home_lock.is_protected(home)
    settings.save(home.ensure().settings_path)
    ctx = AppContext.create(home=str(home.root))
    window = create_main_window(ctx)
    qtbot.addWidget(window)
    assert "UNPROTECTED" in window.status_protection.text()
    ctx.close()


def test_wrong_passphrase_waits_longer_each_time(qtbot, home):
    application()
    home_lock.protect_new_home(home, PASS)
    panel = UnlockPanel(home)
    qtbot.addWidget(panel)
    unlocked = []
    panel.unlocked.connect(unlocked.append)
    qtbot.keyClicks(panel.passphrase, "wrong one")
    qtbot.keyClick(panel.passphrase, Qt.Key.Key_Return)
    assert "Wrong passphrase" in panel.message.text() and not panel.button.isEnabled()
    first = panel.delay_seconds()
    panel._enable()
    qtbot.keyClicks(panel.passphrase, "wrong again")
    qtbot.keyClick(panel.passphrase, Qt.Key.Key_Return)
    assert panel.delay_seconds() > first
    panel._enable()
    qtbot.keyClicks(panel.passphrase, PASS)
    qtbot.keyClick(panel.passphrase, Qt.Key.Key_Return)
    assert len(unlocked) == 1


def test_auto_lock_after_idle_and_unlock(qtbot, home, settings, monkeypatch):
    application()
    settings.extra["autolock_minutes"] = 0.005  # 300 ms
    settings.save(home.ensure().settings_path)
    keys = home_lock.protect_new_home(home, PASS)
    ctx = AppContext.create(home=str(home.root))
    ctx.set_keys(keys)
    window = create_main_window(ctx)
    qtbot.addWidget(window)
    window.show()
    window.show_page("seizures")
    assert window.lock_controller is not None
    qtbot.waitUntil(lambda: window.lock_controller.is_locked, timeout=5000)
    assert ctx._store is None and ctx._keys is None
    panel = window.centralWidget()
    assert isinstance(panel, UnlockPanel)
    qtbot.keyClicks(panel.passphrase, PASS)
    qtbot.keyClick(panel.passphrase, Qt.Key.Key_Return)
    assert not window.lock_controller.is_locked
    assert window.current_page_key() == "seizures"
    assert window.store.count(window.pages["seizures"].model.filter) == 0
    window.lock_controller.watcher.stop()
    ctx.close()


def test_enter_after_a_wrong_passphrase_stays_on_the_field_and_never_opens_the_sandbox(qtbot, home):
    from PySide6.QtWidgets import QApplication

    from desktop.ui.security_dialogs import UnlockDialog

    application()
    home_lock.protect_new_home(home, PASS)
    dialog = UnlockDialog(home, offer_training=True)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    field = dialog.panel.passphrase
    field.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field)
    qtbot.keyClicks(field, "wrong one")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert "Wrong passphrase" in dialog.panel.message.text()
    assert QApplication.focusWidget() is field  # the error is shown and the field keeps the focus
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # the same Enter again, while waiting
    assert not dialog.training_requested and dialog.isVisible() and dialog.result() == 0
    qtbot.waitUntil(dialog.panel.button.isEnabled, timeout=3000)  # the first wait is one second
    qtbot.keyClicks(QApplication.focusWidget(), PASS)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert dialog.keys is not None and not dialog.training_requested
