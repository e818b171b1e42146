"""The user guide inside the app: F1 opens the page for the current screen.

The guide is Markdown under ``docs/guide/<language>/`` with screenshots in
``docs/guide/images/<language>/``; a page missing in one language is shown in
English. It is rendered by QTextBrowser (``setMarkdown``), searchable, and can
be saved as a printable PDF (:mod:`desktop.guide`).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QProcess, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QTextCursor, QTextDocument, QTextImageFormat
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME
from desktop.errors import PantauError
from desktop.guide import PAGES, guide_page, page_title, read_page
from desktop.i18n import _, current_language
from desktop.ui.widgets.operation_panel import OperationPanel

# Which guide page F1 opens on each screen of the main window.
PAGE_FOR_SCREEN = {
    "dashboard": "getting-started",
    "questionnaires": "questionnaires",
    "observations": "recording",
    "seizures": "recording",
    "sessions": "monitoring",
    "followup": "monitoring",
    "network": "monitoring",
    "sync": "sync",
    "reports": "reports",
    "settings": "getting-started",
}


class HelpViewer(QDialog):
    """Topics on the left, the page on the right; search; save the guide as PDF."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("helpViewer")
        self.setWindowTitle(_("{app} user guide").format(app=APP_NAME))
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.current = ""
        self.language = current_language()
        self.topics = QListWidget()
        self.topics.setObjectName("guideTopics")
        self.topics.setAccessibleName(_("Topics"))
        for key in PAGES:
            item = QListWidgetItem(page_title(key, current_language()))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.topics.addItem(item)
        self.topics.setMinimumWidth(min(360, self.topics.sizeHintForColumn(0) + 24))
        self.topics.currentItemChanged.connect(
            lambda item, _old: item is not None and self.open_page(item.data(Qt.ItemDataRole.UserRole))
        )
        self.browser = QTextBrowser()
        self.browser.setObjectName("guideBrowser")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._link)
        self.search = QLineEdit()
        self.search.setObjectName("guideSearch")
        self.search.setPlaceholderText(_("Search this page (Enter: next match)"))
        self.search.setAccessibleName(_("Search this page"))
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.find_next)
        self.found = QLabel()
        self.found.setObjectName("guideFound")
        pdf = QPushButton(_("Save as PDF…"))
        pdf.setObjectName("guidePdf")
        pdf.setToolTip(_("Write the whole guide as a PDF to print for a training course"))
        pdf.clicked.connect(self.save_pdf)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.close)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.found)
        top.addWidget(pdf)
        top.addWidget(close)
        splitter = QSplitter()
        splitter.addWidget(self.topics)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([self.topics.minimumWidth(), 760])
        runner = getattr(parent, "runner", None)  # the main window's: the PDF is written off the GUI thread
        self.panel = OperationPanel(runner, None, "guidePdf", _("Cancelled.")) if runner is not None else None
        if self.panel is not None:
            self.panel.running.connect(lambda running: pdf.setEnabled(not running))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        if self.panel is not None:
            layout.addWidget(self.panel)
        self.resize(1000, 720)

    def open_page(self, key: str, anchor: str = "") -> None:
        path = guide_page(key, current_language())
        if path is None:
            self.browser.setPlainText(_("This page of the user guide is missing from the installation."))
            return
        self.current = key
        document = self.browser.document()
        document.setBaseUrl(QUrl.fromLocalFile(str(path.parent) + "/"))
        self.browser.setSearchPaths([str(path.parent)])
        self.browser.setMarkdown(read_page(path))
        self._fit_images()
        for row in range(self.topics.count()):
            if self.topics.item(row).data(Qt.ItemDataRole.UserRole) == key and self.topics.currentRow() != row:
                self.topics.blockSignals(True)
                self.topics.setCurrentRow(row)
                self.topics.blockSignals(False)
        if anchor:
            self.browser.scrollToAnchor(anchor)
        else:
            self.browser.moveCursor(QTextCursor.MoveOperation.Start)
        self.found.clear()

    def _fit_images(self) -> None:
        """Screenshots wider than the page are shown smaller (click-free: the PNG keeps its full size)."""
        width = max(320, self.browser.viewport().width() - 40)
        document = self.browser.document()
        block = document.begin()
        while block.isValid():
            iterator = block.begin()
            while not iterator.atEnd():
                fragment = iterator.fragment()
                fmt = fragment.charFormat()
                if fragment.isValid() and fmt.isImageFormat():
                    image_format = fmt.toImageFormat()
                    image = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(image_format.name()))
                    natural = image.width() if hasattr(image, "width") else 0
                    if natural > width:
                        fitted = QTextImageFormat(image_format)
                        fitted.setWidth(width)
                        fitted.setHeight(image.height() * width / natural)
                        cursor = QTextCursor(document)
                        cursor.setPosition(fragment.position())
                        cursor.setPosition(fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor)
                        cursor.setCharFormat(fitted)
                iterator += 1
            block = block.next()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if self.current:
            self._fit_images()

    def _link(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
            return
        name = Path(url.path()).name
        if name.endswith(".md"):
            self.open_page(name[:-3], url.fragment())
        elif url.fragment():
            self.browser.scrollToAnchor(url.fragment())

    def find_next(self) -> bool:
        text = self.search.text().strip()
        if not text:
            return False
        if self.browser.find(text):
            self.found.clear()
            return True
        self.browser.moveCursor(QTextCursor.MoveOperation.Start)  # wrap around once
        found = self.browser.find(text)
        self.found.setText("" if found else _("Not found"))
        return found

    def save_pdf(self) -> None:
        from desktop.guide import build_guide_pdf

        lang = current_language()
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the user guide as PDF"), str(Path.home() / f"pantau-guide-{lang}.pdf"), "PDF (*.pdf)"
        )
        if not path:
            return
        done = lambda _result: QMessageBox.information(  # noqa: E731
            self, APP_NAME, _("User guide written to {path}.").format(path=path)
        )
        failed = lambda message: QMessageBox.warning(self, APP_NAME, message)  # noqa: E731
        if self.panel is not None:  # off the GUI thread, in the one presenter (progress, Cancel, Esc)
            self.panel.start(
                _("Writing the user guide"),
                lambda _store, progress: build_guide_pdf(Path(path), lang, progress),
                lambda _result: _("User guide written to {path}.").format(path=path),
            )
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            build_guide_pdf(Path(path), lang)
        except PantauError as exc:
            QApplication.restoreOverrideCursor()
            failed(exc.message)
            return
        QApplication.restoreOverrideCursor()
        done(path)


def show_guide(parent: QWidget | None, key: str = "index", anchor: str = "") -> HelpViewer:
    """Open (or bring forward) the guide window of ``parent`` at page ``key``."""
    viewer = getattr(parent, "_guide_viewer", None) if parent is not None else None
    if viewer is not None and viewer.language != current_language():  # the app's language was changed
        viewer.close()
        viewer.deleteLater()
        viewer = None
    if viewer is None:
        viewer = HelpViewer(parent)
        if parent is not None:
            parent._guide_viewer = viewer
    viewer.show()
    viewer.raise_()
    viewer.open_page(key, anchor)
    return viewer


def help_for_window(window) -> HelpViewer:
    """F1 in the main window: the page for the screen that is showing."""
    key = PAGE_FOR_SCREEN.get(window.current_page_key(), "index")
    return show_guide(window, key)


def start_training_process(home) -> bool:
    """Open the training sandbox of ``home`` in a second Pantau window (real data stays open here)."""
    args = ["--home", str(home.root), "--training"]
    if not getattr(sys, "frozen", False):
        args = ["-m", "desktop"] + args
    return QProcess.startDetached(sys.executable, args)[0]


def add_help_actions(window, menu) -> None:
    """The Help menu's guide entries (F1 anywhere in the app), and the training sandbox."""
    from desktop.training import is_training

    guide = menu.addAction(_("&User guide"))
    guide.setObjectName("actionUserGuide")
    guide.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
    guide.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
    guide.triggered.connect(lambda: help_for_window(window))
    trouble = menu.addAction(_("&Troubleshooting: error messages"))
    trouble.triggered.connect(lambda: show_guide(window, "troubleshooting"))
    menu.addSeparator()
    home = window.app_context.home
    if is_training(home):
        from desktop.ui.training_banner import show_training_dialog

        exercises = menu.addAction(_("Training &exercises and results…"))
        exercises.triggered.connect(lambda: show_training_dialog(window))
    else:
        training = menu.addAction(_("Open the &training sandbox"))
        training.setObjectName("actionOpenTraining")
        training.setToolTip(_("Demo data to practise with, in a second window"))
        training.triggered.connect(
            lambda: (
                start_training_process(home)
                or QMessageBox.warning(window, APP_NAME, _("The training sandbox could not be started."))
            )
        )
    menu.addSeparator()
