"""Starting the desktop app: Qt application, fonts, the store and the main window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import APP_NAME
from desktop.errors import PantauError
from desktop.i18n import _
from desktop.ui.fonts import register_fonts

STYLE = """
QLabel#pageTitle { font-size: 16pt; font-weight: bold; padding: 4px 0 8px 0; }
QListWidget#navigation { font-size: 11pt; border: none; background: #23402f; color: #f2f5f0; }
QListWidget#navigation::item { padding: 10px 12px; }
QListWidget#navigation::item:selected { background: #3f7a52; color: white; }
QListWidget#navigation:focus { outline: 2px solid #f2c94c; }
"""


def application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    register_fonts(app)
    app.setStyleSheet(STYLE)
    return app


def create_main_window(app_context):
    from desktop.ui.main_window import MainWindow
    return MainWindow(app_context, app_context.store())


def run_gui(app_context) -> int:
    app = application()
    try:
        window = create_main_window(app_context)
    except PantauError as exc:
        QMessageBox.critical(None, APP_NAME, _("Pantau cannot start: {message}").format(message=exc.message))
        return 1
    window.show()
    code = app.exec()
    app_context.close()
    return code
