"""The main window, built while the unlock screen waits for the passphrase.

A protected home's data cannot be read before the passphrase is known, but everything else can be
made ready: once the unlock screen is drawn, the app context loads the store's code, the first
window's modules and the shipped reference lists on a worker thread and makes a *stand-in* store (an
empty database in memory that refuses writes; ``Store.stand_in_for``). The main window and its first
pages are then built on the stand-in, hidden, a page per turn of the event loop so that typing stays
smooth. Enter derives the keys; ``opened()`` opens the home's store into the stand-in
(``AppContext.open_into``), the pages read the home's data and the window is ready to show. Nothing
of the home is read before the unlock, and what an officer sees is only ever the home's own data.

When Enter comes first (a pasted passphrase), or the training sandbox is chosen, nothing prepared is
used: the window is built the usual way (``desktop.ui.app.create_main_window``).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from desktop.ui.app import FIRST_WINDOW_MODULES, guard_the_wheel

LOOK_MS = 50  # how often the GUI thread looks whether the preparation has finished
BUILT_AHEAD = ("observations",)  # pages built after the window's first one: the officers' usual next


class PreparedWindow(QObject):
    def __init__(self, app_context, parent=None):
        super().__init__(parent)
        self.context = app_context
        self.window = None
        self._ahead = list(BUILT_AHEAD)
        self._look = QTimer(self)
        self._look.setInterval(LOOK_MS)
        self._look.timeout.connect(self._when_prepared)

    def start(self) -> None:
        """Start preparing (the unlock screen is on screen)."""
        self.context.prepare_in_background(FIRST_WINDOW_MODULES)
        self._look.start()

    def _when_prepared(self) -> None:
        if not self.context.prepared():
            return
        self._look.stop()
        stand_in = self.context.take_stand_in()
        if stand_in is None:  # the preparation failed: the window is built after the unlock
            return
        from desktop.ui.main_window import MainWindow

        guard_the_wheel()
        self.window = MainWindow(self.context, stand_in)  # hidden, on its first page
        QTimer.singleShot(0, self, self._build_ahead)

    def _build_ahead(self) -> None:
        if self.window is None or not self._ahead:
            return
        self.window.pages[self._ahead.pop(0)]  # noqa: B018 - built now, shown later
        QTimer.singleShot(0, self, self._build_ahead)

    def opened(self):
        """After the unlock (the context holds the keys): the prepared window on the home's store, ready
        to show; None when nothing was prepared in time. Raises what opening the store raises."""
        self._look.stop()
        window, self.window = self.window, None
        if window is None:
            self.discard()
            return None
        try:
            self.context.open_into(window.store)
        except Exception:
            window.store.close()
            window.deleteLater()
            raise
        window.store_opened()
        return window

    def discard(self) -> None:
        """Nothing prepared is used (cancelled, training chosen, or too late)."""
        self._look.stop()
        self.context.wait_until_prepared()
        stand_in = self.context.take_stand_in()
        if stand_in is not None:
            stand_in.close()
        if self.window is not None:
            self.window.store.close()
            self.window.deleteLater()
            self.window = None
