"""A guard against PySide6 6.12's reference-count leak on None, True and False.

With Python 3.11 (where these objects are not immortal) PySide6 6.12.0 drops one reference to
None on every call of a C++ method that returns nothing (``label.setText``, ``widget.hide``…)
and one reference to True on every ``Signal.emit()`` from Python; QTest's key functions drop
None too. After some tens of thousands of calls the count reaches zero and the interpreter
aborts with "none_dealloc" or "bool_dealloc" — in a long data-entry session, or at the end of a
test run. Repro: ``for _ in range(200_000): QLabel().setText("x")``.

The guard adds spare references to the three objects' counts (CPython's ``ob_refcnt``, written
directly so that they also outlive interpreter shutdown, when module globals are cleared) and
tops them up from a timer, so the counts never reach zero. On Python 3.12 and later these
objects are immortal and the guard does nothing. Remove it once PySide6 is fixed.
"""

from __future__ import annotations

import ctypes
import sys

SPARE = 1_000_000  # held at once: covers a burst of a million leaked calls between top-ups
TOP_UP_MS = 5000
_OBJECTS = (None, True, False)
_floor: dict[object, int] = {}
_timer = None


def needed() -> bool:
    """Whether these objects can be freed at all in this Python (CPython before 3.12)."""
    return sys.implementation.name == "cpython" and sys.version_info < (3, 12)


def _add_references(obj, count: int) -> None:
    ctypes.c_ssize_t.from_address(id(obj)).value += count


def top_up() -> None:
    """Bring each object's reference count back to where it was when the guard was installed."""
    for obj in _OBJECTS:
        missing = _floor.get(obj, 0) - sys.getrefcount(obj)
        if missing > 0:
            _add_references(obj, missing)


def install(app=None) -> None:
    """Hold the spare references; with ``app`` (a QApplication) also top them up every few seconds."""
    global _timer
    if not needed():
        return
    if not _floor:
        for obj in _OBJECTS:
            _add_references(obj, SPARE)
            _floor[obj] = sys.getrefcount(obj)
    if app is not None and _timer is None:
        from PySide6.QtCore import QTimer

        _timer = QTimer(app)
        _timer.setInterval(TOP_UP_MS)
        _timer.timeout.connect(top_up)
        _timer.start()
