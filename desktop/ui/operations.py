"""The one operation runner: slow work (import, export, PDF, demo data) runs
off the GUI thread, reports progress (through the core's ``desktop.progress.Progress``,
the type every slow job takes), can be cancelled, and hands its result or its error
back to the GUI thread through signals. Widgets are only touched in the slots, on the
GUI thread; ``OperationPanel`` is the one presenter of a running operation."""

from __future__ import annotations

import threading
import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QThread, Signal

from desktop.errors import PantauError
from desktop.i18n import _, current_language, set_language
from desktop.progress import Cancelled, Progress

__all__ = ["Cancelled", "Operation", "OperationRunner", "Progress", "in_own_store"]


def in_own_store(store, job: Callable[[Any, Progress], Any]) -> Callable[[Progress], Any]:
    """The work function for ``OperationRunner.run`` that runs ``job(own_store, progress)`` in a Store of
    its own on ``store``'s home (SQLite connections are per thread) with its keys, settings and
    reference data, in the GUI's current language,
    and closes that Store when the job ends, however it ends. When the job changed anything, the
    runner's ``data_changed`` signal follows."""
    home, ref, keys, settings, lang = store.home, store.ref, store.keys, store.settings, current_language()

    def work(progress: Progress):
        from desktop.store import Store

        set_language(lang)
        own = Store.open(home, settings, ref=ref, keys=keys)
        own.add_change_listener(progress.changed)
        try:
            return job(own, progress)
        finally:
            own.close()

    return work


class _Worker(QThread):
    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    was_cancelled = Signal()
    wrote = Signal()

    def __init__(self, work: Callable[[Progress], Any], cancel_event: threading.Event):
        super().__init__()
        self._work = work
        self._cancel = cancel_event

    def run(self) -> None:
        progress = Progress(self.progressed.emit, self._cancel)
        try:
            result = self._work(progress)
        except Cancelled:
            self._wrote(progress)
            self.was_cancelled.emit()
        except PantauError as exc:
            self._wrote(progress)
            self.failed.emit(exc.message)
        except Exception as exc:  # noqa: BLE001 - shown as a message, logged with its traceback
            traceback.print_exception(exc)
            self._wrote(progress)
            self.failed.emit(_("Unexpected error: {error}.").format(error=type(exc).__name__))
        else:
            self._wrote(progress)
            self.succeeded.emit(result)

    def _wrote(self, progress: Progress) -> None:
        if progress.wrote:  # before the outcome, so pages have refreshed counts when on_done runs
            self.wrote.emit()


class Operation(QObject):
    """A running operation. Connect to its signals, then it starts by itself."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()
    data_changed = Signal()

    def __init__(self, title: str, work: Callable[[Progress], Any], parent: QObject | None = None):
        super().__init__(parent)
        self.title = title
        self._cancel = threading.Event()
        self._worker = _Worker(work, self._cancel)
        self._worker.progressed.connect(self.progressed)
        self._worker.succeeded.connect(self.succeeded)
        self._worker.failed.connect(self.failed)
        self._worker.was_cancelled.connect(self.cancelled)
        self._worker.wrote.connect(self.data_changed)
        self._worker.finished.connect(self.finished)

    def start(self) -> "Operation":
        self._worker.start()
        return self

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, msecs: int = 30000) -> bool:
        return self._worker.wait(msecs)

    def is_running(self) -> bool:
        return self._worker.isRunning()


class OperationRunner(QObject):
    """Starts operations and keeps them alive until they finish. ``data_changed`` is emitted (on the
    GUI thread) when an operation changed saved data: an import, an export, demo data…"""

    started = Signal(object)
    data_changed = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._running: list[Operation] = []

    def run(
        self,
        title: str,
        work: Callable[[Progress], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
    ) -> Operation:
        op = Operation(title, work, self)
        op.data_changed.connect(self.data_changed)
        if on_done:
            op.succeeded.connect(on_done)
        if on_error:
            op.failed.connect(on_error)
        op.finished.connect(lambda: self._running.remove(op) if op in self._running else None)
        self._running.append(op)
        self.started.emit(op)
        return op.start()

    def running(self) -> list[Operation]:
        return list(self._running)

    def wait_all(self, msecs: int = 30000) -> None:
        for op in list(self._running):
            op.wait(msecs)
