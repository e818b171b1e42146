"""Progress of slow work: the one type every slow job reports to (exports, imports, reports, bundles,
demo data, the training sandbox), whoever shows it.

A job takes ``progress: Progress | None`` and calls ``progress(done, total)`` now and then; that
reports how far it is and raises :class:`Cancelled` once the user cancelled, so the job stops there
(its own clean-up runs in ``finally``/``except``). ``progress.check()`` only checks for Cancel.
Where it is shown is the caller's choice: the GUI's operation runner passes the progress on to its
presenter (``desktop.ui.widgets.operation_panel.OperationPanel``), the CLI prints a line, tests
collect the calls. No Qt here."""

from __future__ import annotations

import threading
from typing import Callable


class Cancelled(Exception):
    """Raised inside a job (by its :class:`Progress`) when the user cancelled it."""


class Progress:
    """How far a slow job is, and whether it should stop. ``report(done, total)`` receives every
    report; ``cancel_event`` is set by whoever offers Cancel (another thread)."""

    def __init__(self, report: Callable[[int, int], None] | None = None, cancel_event: threading.Event | None = None):
        self._report = report
        self._cancel = cancel_event if cancel_event is not None else threading.Event()
        self.wrote = False  # set when the job changed saved data (see changed())

    def __call__(self, done: int, total: int) -> None:
        self.check()
        if self._report is not None:
            self._report(int(done), int(total))

    def changed(self) -> None:
        """The job changed saved data (the GUI's runner then tells every page when the job ends)."""
        self.wrote = True

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise :class:`Cancelled` when the job was cancelled."""
        if self._cancel.is_set():
            raise Cancelled()
