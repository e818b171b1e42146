"""Auto-lock: after a configurable idle time the main window closes the store,
forgets the keys and shows the lock screen until the passphrase is entered.

Pages may keep work across the lock: before the store closes, a page with
``suspend_for_lock()`` saves what is being typed and returns what it needs to
come back; after unlocking, ``resume_after_lock(state)`` of the rebuilt page
gets it. The questionnaire page uses this for workshop mode: the workshop
screen gives way to the lock screen (the main window is shown, holding only the
lock screen) and returns after unlocking with the respondent's draft and the
counter as they were."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

DEFAULT_MINUTES = 10
ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel}


class IdleWatcher(QObject):
    """Emits ``idle`` after ``msecs`` without keyboard or mouse activity anywhere in the app."""

    idle = Signal()

    def __init__(self, msecs: int, parent=None):
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(1, int(msecs)))
        self.timer.timeout.connect(self.idle)
        QApplication.instance().installEventFilter(self)
        self.timer.start()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if event.type() in ACTIVITY and self.timer.isActive():
            self.timer.start()
        return False

    def pause(self) -> None:
        self.timer.stop()

    def resume(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


def idle_msecs(settings) -> int:
    minutes = settings.extra.get("autolock_minutes", DEFAULT_MINUTES)
    try:
        return int(float(minutes) * 60_000)
    except (TypeError, ValueError):
        return DEFAULT_MINUTES * 60_000


class LockController(QObject):
    """Locks a main window of a protected home after idle time, and unlocks it again."""

    locked = Signal()
    unlocked = Signal()

    def __init__(self, window, msecs: int | None = None):
        super().__init__(window)
        self.window = window
        self.context = window.app_context
        self.watcher = IdleWatcher(msecs if msecs is not None else idle_msecs(self.context.settings), self)
        self.watcher.idle.connect(self.lock)
        self.is_locked = False
        self._page = "dashboard"
        self._suspended: dict[str, object] = {}

    def lock(self) -> None:
        from desktop.ui.security_dialogs import UnlockPanel

        window = self.window
        if self.is_locked:
            return
        if window.runner.running():  # never interrupt an import or export; try again later
            self.watcher.resume()
            return
        self._page = window.current_page_key()
        self.is_locked = True
        self._suspended = {
            key: page.suspend_for_lock()
            for key, page in window.pages.built().items()
            if hasattr(page, "suspend_for_lock")
        }
        self.context.set_keys(None)  # closes the store
        panel = UnlockPanel(self.context.home)
        panel.setObjectName("lockScreen")
        panel.unlocked.connect(self.unlock)
        window.menuBar().hide()
        for bar in window.findChildren(type(window.drafts_bar)) if hasattr(window, "drafts_bar") else []:
            bar.hide()
        window.setCentralWidget(panel)
        if not window.isVisible():  # hidden behind a workshop: now it is the lock screen
            window.show()
        window.raise_()
        window.activateWindow()
        panel.passphrase.setFocus()
        self.locked.emit()

    def unlock(self, keys) -> None:
        window = self.window
        self.context.set_keys(keys)
        window.store = self.context.store()
        window.build(current=self._page)
        window.menuBar().show()
        if hasattr(window, "drafts_bar"):
            from desktop.drafts import DraftBook

            window.drafts_bar.store = window.store
            window.drafts_bar.book = DraftBook(window.store)
            window.drafts_bar.show()
            window.drafts_bar.reload()
        suspended, self._suspended = self._suspended, {}
        for key, state in suspended.items():
            if state is not None and key in window.pages:
                window.pages[key].resume_after_lock(state)
        self.is_locked = False
        self.watcher.resume()
        self.unlocked.emit()
