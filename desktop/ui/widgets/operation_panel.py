"""The one presenter of slow work: a progress bar with Cancel (Esc cancels too) and a message line,
at the foot of a page or under a list. Every job a user starts and waits for shows in one of these,
so every long job looks and behaves the same (reports, data exports, list exports, bundles, imports).

One operation at a time, run by the window's OperationRunner in a Store of its own
(``in_own_store``); the page decides what to disable while it runs (``running`` signal) and
what to do when it ends (``ended``, with the text shown: the result, the error or the
cancellation). The message goes to the panel's own line, or to ``message_label`` when the
page already has a message line."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QScrollArea, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.ui.operations import in_own_store


class OperationPanel(QWidget):
    running = Signal(bool)  # True when an operation starts, False when it ends
    ended = Signal(str)  # the message shown when it ends

    def __init__(self, runner, store, name: str, cancelled_text: str, parent=None, message_label: QLabel | None = None):
        super().__init__(parent)
        self.runner, self.store, self.operation = runner, store, None
        self.last_result = None
        self._cancelled_text = cancelled_text
        self.progress = QProgressBar()
        self.progress.setObjectName(f"{name}Progress")
        self.progress.setVisible(False)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setObjectName(f"{name}Cancel")
        self.cancel_button.setToolTip(_("Stop this job (Esc)"))
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel)
        # Esc anywhere in the window while the job runs (the shortcut lives only while Cancel is shown);
        # with two jobs running in one window, each Esc cancels one of them
        self.escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.cancel_button)
        self.escape.setContext(Qt.ShortcutContext.WindowShortcut)
        self.escape.activated.connect(self.cancel)
        self.escape.activatedAmbiguously.connect(self.cancel)
        own_line = message_label is None
        self.message = QLabel() if message_label is None else message_label
        if own_line:
            self.message.setObjectName(f"{name}Message")
            self.message.setWordWrap(True)
            self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        if own_line:
            layout.addWidget(self.message)

    def start(self, title: str, job, on_done) -> bool:
        """Run ``job(own_store, progress)`` off the GUI thread (``job(None, progress)`` for a panel made
        without a store: work that needs no database); ``on_done(result)`` gives the text
        shown at the end (None: it set the message line itself). False (and nothing started) while
        another operation runs."""
        if self.operation is not None:
            return False
        self.message.setText(title)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.running.emit(True)
        work = in_own_store(self.store, job) if self.store is not None else lambda progress: job(None, progress)
        self.operation = self.runner.run(title, work, lambda result: self._end(on_done(self._keep(result))), self._end)
        self.operation.progressed.connect(self._progressed)
        self.operation.cancelled.connect(lambda: self._end(self._cancelled_text))
        return True

    def cancel(self) -> None:
        if self.operation is not None:
            self.operation.cancel()

    def _keep(self, result):
        self.last_result = result
        return result

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))

    def _end(self, text: str | None) -> None:
        self.operation = None
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        if text is None:
            text = self.message.text()
        self.message.setText(text)
        self.running.emit(False)
        self.ended.emit(text)


class RunsOperations:
    """For a page with an ``OperationPanel`` in ``self.panel``: its running operation and last
    result, starting and cancelling."""

    panel: OperationPanel

    @property
    def operation(self):
        return self.panel.operation

    @property
    def last_result(self):
        return self.panel.last_result

    def _start(self, title: str, job, on_done) -> None:
        self.panel.start(title, job, on_done)

    def cancel(self) -> None:
        self.panel.cancel()


def lay_out_page(page: QWidget, heading: QWidget, boxes: list[QWidget], panel: OperationPanel) -> None:
    """The page's layout: its title, its boxes in a scrolling column, and the operation panel below."""
    body = QWidget()
    body_layout = QVBoxLayout(body)
    for box in boxes:
        body_layout.addWidget(box)
    body_layout.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(body)
    layout = QVBoxLayout(page)
    layout.addWidget(heading)
    layout.addWidget(scroll, 1)
    layout.addWidget(panel)
