"""Fixtures for the entry tests: an app context in a temp home, the main window, a keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from desktop.app_context import AppContext


class Keyboard:
    """Sends keys to whichever widget has the focus, as a user would, counting every key that is
    not part of typed text (Enter, Tab, shortcuts…)."""

    def __init__(self, qtbot):
        self.qtbot = qtbot
        self.count = 0

    @staticmethod
    def focus():
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the keyboard focus"
        return widget

    def type(self, text: str) -> None:
        self.qtbot.keyClicks(self.focus(), text)

    def press(self, key, modifier=Qt.KeyboardModifier.NoModifier, times: int = 1) -> None:
        for _ in range(times):
            self.qtbot.keyClick(self.focus(), key, modifier)
            self.count += 1

    def enter(self, times: int = 1) -> None:
        self.press(Qt.Key.Key_Return, times=times)

    def ctrl(self, key) -> None:
        self.press(key, Qt.KeyboardModifier.ControlModifier)


@pytest.fixture
def keyboard(qtbot):
    return Keyboard(qtbot)


@pytest.fixture
def app_context(home, settings):
    settings.country = "ID"
    settings.save(home.ensure().settings_path)
    ctx = AppContext.create(home=str(home.root))
    yield ctx
    ctx.close()


@pytest.fixture
def window(qtbot, app_context):
    from desktop.ui.app import application, create_main_window

    application()
    win = create_main_window(app_context)
    win.show()
    win.activateWindow()
    qtbot.waitExposed(win)
    yield win
    dispose(win)


def dispose(widget) -> None:
    """Close and delete ``widget`` now, before its store is closed (no late repaint reads a closed database)."""
    widget.close()
    widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def open_page(window, qtbot, key: str):
    """Show a records page with the keyboard focus on its list."""
    window.show_page(key)
    page = window.pages[key]
    qtbot.waitUntil(page.list_view.isVisible)  # a rebuilt page is shown by the event loop
    window.activateWindow()
    page.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.table)
    return page
