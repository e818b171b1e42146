"""Starting the desktop app: Qt application, fonts, the store and the main window."""

from __future__ import annotations

import gc
import sys

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import APP_NAME, __version__
from desktop.errors import PantauError
from desktop.i18n import _, current_language
from desktop.paths import resource_path
from desktop.ui.fonts import register_fonts
from desktop.ui.qt_catalogs import install_qt_catalog

BASE_POINT_SIZE = 10
DEFAULT_SIZE = (1200, 760)  # the main window's size on a screen large enough for it
TEXT_SIZES = (100, 115, 130, 150, 175)  # percent; Settings → Text size (settings.extra['text_size'])
STYLE = """
QLabel#pageTitle {{ font-size: {title}pt; font-weight: bold; padding: 4px 0 8px 0; }}
QListWidget#navigation {{ font-size: {nav}pt; border: none; background: #23402f; color: #f2f5f0; }}
QListWidget#navigation::item {{ padding: 10px 12px; }}
QListWidget#navigation::item:selected {{ background: #3f7a52; color: white; }}
QListWidget#navigation:focus {{ outline: 2px solid #f2c94c; }}
QListWidget#navigation::item:focus {{ border: 2px solid #f2c94c; }}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QAbstractSpinBox:focus, QComboBox:focus {{
    border: 2px solid #1f5fbf; border-radius: 2px; }}
QPushButton:focus, QToolButton:focus {{
    border: 2px solid #1f5fbf; border-radius: 3px; background: #e3ecfa; padding: 1px 4px; }}
QCheckBox:focus, QRadioButton:focus {{ background: #e3ecfa; border-radius: 2px; }}
QAbstractItemView:focus {{ border: 2px solid #1f5fbf; }}
QTabBar::tab:focus {{ text-decoration: underline; }}
"""


def style_sheet(percent: int = 100) -> str:
    """The app's style sheet for a text size; keyboard focus is always visible (a blue frame)."""
    scale = percent / 100
    return STYLE.format(title=round(16 * scale, 1), nav=round(11 * scale, 1))


def text_size(settings) -> int:
    try:
        value = int(settings.extra.get("text_size", 100))
    except (TypeError, ValueError, AttributeError):
        return 100
    return value if value in TEXT_SIZES else 100


def apply_text_size(app: QApplication, percent: int) -> None:
    """Scale the whole interface's text (application font and style sheet) at start and on change."""
    font = app.font()
    font.setPointSizeF(BASE_POINT_SIZE * percent / 100)
    app.setFont(font)
    app.setStyleSheet(style_sheet(percent))


def application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(resource_path("icons", "pantau.png"))))
    app.setDesktopFileName("pantau")  # matches installer/linux/pantau.desktop (Wayland taskbar icon)
    register_fonts(app, BASE_POINT_SIZE)
    app.setStyleSheet(style_sheet())
    return app


# What the main window and its first pages load: imported while the passphrase is typed.
FIRST_WINDOW_MODULES = (
    "desktop.ui.main_window",
    "desktop.ui.pages.records_page",
    "desktop.ui.pages.dashboard_page",
    "desktop.ui.help_viewer",
    "desktop.reports.figures",
)


def guard_the_wheel() -> None:
    """Only a focused field takes the mouse wheel (desktop.ui.wheel_guard): for every window with
    fields to fill in (the set-up assistant, the main window), not needed by the unlock screen."""
    from desktop.ui import wheel_guard

    wheel_guard.install(QApplication.instance())


def collect_garbage_again() -> None:
    """Start-up turns Python's garbage collector off (desktop.cli.start_desktop_app): what it makes
    (modules, classes, Qt types) lives as long as the app, and collecting it would only delay the
    first window. Once that window is on screen, collection resumes; what exists so far is frozen
    (gc.freeze), so that later collections skip it."""
    gc.freeze()
    gc.enable()


def create_main_window(app_context):
    app_context.wait_until_prepared()  # no import of the same modules on two threads at once
    from desktop.ui.main_window import MainWindow

    guard_the_wheel()
    return MainWindow(app_context, app_context.store())


def opens_maximised(available_width: int, available_height: int) -> bool:
    """Whether the main window opens maximised: on a laptop screen (1366×768 and the like) the
    default size would reach under the taskbar and cut the list pages."""
    return available_width < DEFAULT_SIZE[0] + 200 or available_height < DEFAULT_SIZE[1] + 80


def show_main_window(window) -> None:
    """Show the main window at its default size, or maximised on a small screen."""
    screen = window.screen() or QApplication.primaryScreen()
    area = screen.availableGeometry() if screen is not None else None
    if area is not None and opens_maximised(area.width(), area.height()):
        window.showMaximized()
    else:
        window.show()


def unlock_or_protect(app_context, prepared) -> bool:
    """Ask for the passphrase of a protected home, or set one on first start. False when cancelled.
    While the passphrase is typed, ``prepared`` (a PreparedWindow) builds the main window."""
    from desktop.security import home_lock
    from desktop.ui.security_dialogs import PassphraseSetupDialog, UnlockDialog

    home = app_context.home
    if home_lock.is_protected(home):
        dialog = UnlockDialog(home, offer_training=not app_context.training)

        def on_screen() -> None:  # the unlock screen is drawn: now prepare while the passphrase is typed
            from PySide6.QtCore import Qt  # noqa: F401 - its enumerations, made here on the GUI thread (UnlockPanel)

            collect_garbage_again()
            prepared.start()

        dialog.first_painted.connect(on_screen)
        accepted = dialog.exec() == dialog.DialogCode.Accepted
        if not accepted or dialog.training_requested:
            prepared.discard()
        if not accepted:
            return False
        if dialog.training_requested:
            from desktop.ui.first_run import switch_to_training

            switch_to_training(app_context)
            return True
        app_context.set_keys(dialog.keys)
    elif not home.db_path.exists() and not app_context.training:
        dialog = PassphraseSetupDialog(home)
        if dialog.exec() != dialog.DialogCode.Accepted:
            return False
        app_context.set_keys(dialog.keys)
    return True


def run_gui(app_context) -> int:
    app = application()
    install_qt_catalog(current_language())  # Qt's own dialogs and menus in the officer's language
    apply_text_size(app, text_size(app_context.settings))
    set_up = False
    prepared = None
    if app_context.needs_first_run():  # a new computer: the setup assistant includes the passphrase step
        from desktop.ui.first_run import CANCELLED, DONE, run_first_run

        collect_garbage_again()
        guard_the_wheel()
        setup = run_first_run(app_context)
        if setup == CANCELLED:
            return 0
        set_up = setup == DONE
    else:
        from desktop.ui.prepared_window import PreparedWindow

        prepared = PreparedWindow(app_context)
        if not unlock_or_protect(app_context, prepared):
            return 0
    try:
        window = (prepared.opened() if prepared is not None else None) or create_main_window(app_context)
    except PantauError as exc:
        QMessageBox.critical(None, APP_NAME, _("Pantau cannot start: {message}").format(message=exc.message))
        return 1
    if set_up:
        from desktop.ui.next_steps import show_next_steps

        show_next_steps(window)
    show_main_window(window)
    collect_garbage_again()
    code = app.exec()
    app_context.close()
    return code
