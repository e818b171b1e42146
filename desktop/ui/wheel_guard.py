"""Only a focused field takes the mouse wheel.

Scrolling a form with the wheel must never change a currency, a number or a date that happens to
pass under the pointer. Combo boxes, spin boxes and date fields without the keyboard focus pass the
wheel on to what contains them (the form scrolls), and they no longer take the focus from the wheel.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QApplication, QComboBox, QWidget

_GUARDED = (QComboBox, QAbstractSpinBox)


def _guarded(obj) -> bool:
    return isinstance(obj, _GUARDED)


def _scroll_area_around(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and not _guarded(parent):
            return parent
        parent = parent.parentWidget()
    return None


class WheelGuard(QObject):
    """An application-wide event filter: see the module."""

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if kind == QEvent.Type.Wheel and _guarded(watched) and not watched.hasFocus():
            area = _scroll_area_around(watched)
            if area is not None:
                QApplication.sendEvent(area.viewport(), event)  # the form scrolls
                return True
            event.ignore()  # nothing to scroll: the field stays as it is
            return True
        if kind == QEvent.Type.Polish and _guarded(watched):
            widget: QWidget = watched
            if widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return False


def install(app: QApplication) -> None:
    """Install the guard once on ``app`` (the app owns it)."""
    if app.findChild(WheelGuard) is None:
        app.installEventFilter(WheelGuard(app))
