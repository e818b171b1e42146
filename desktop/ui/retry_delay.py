"""Growing waits after a wrong secret (the passphrase, the trainer's PIN): 1, 2, 4, 8 … at most
30 seconds, so that guessing is slow while a typing mistake costs only a second."""

from __future__ import annotations

import math

from PySide6.QtCore import QObject, QTimer, Signal

MAX_DELAY_S = 30


class RetryDelay(QObject):
    """Counts wrong attempts and makes the next one wait; ``ready`` is emitted when it may be tried.

    Keep one per secret and screen (not per dialog), so that closing and reopening a dialog
    does not start the count again."""

    ready = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.failures = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.ready)

    def delay_seconds(self) -> int:
        """The wait after the wrong attempts so far (0 before the first)."""
        return min(MAX_DELAY_S, 2 ** (self.failures - 1)) if self.failures else 0

    def failed(self) -> int:
        """Count a wrong attempt and start the wait; returns its length in seconds."""
        from PySide6.QtCore import Qt  # here, not above: see desktop.ui.security_dialogs.UnlockPanel

        self.failures += 1
        delay = self.delay_seconds()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.start(delay * 1000)
        return delay

    def waiting(self) -> bool:
        return self._timer.isActive()

    def seconds_left(self) -> int:
        return max(1, math.ceil(self._timer.remainingTime() / 1000 - 0.05)) if self.waiting() else 0

    def succeeded(self) -> None:
        self.failures = 0
        self._timer.stop()
