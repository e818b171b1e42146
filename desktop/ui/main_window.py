"""The main window: a navigation sidebar, one page per area, and a status bar."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow, QStackedWidget, QWidget,
)

from desktop import APP_NAME, __version__
from desktop.i18n import _, format_number, set_language
from desktop.ui.operations import OperationRunner
from desktop.ui.pages.dashboard_page import DashboardPage
from desktop.ui.pages.placeholder_page import PlaceholderPage
from desktop.ui.pages.records_page import RecordsPage
from desktop.ui.pages.settings_page import SettingsPage

PAGE_KEYS = ("dashboard", "questionnaires", "observations", "seizures", "sync", "reports", "settings")


class MainWindow(QMainWindow):
    def __init__(self, app_context, store, parent=None):
        super().__init__(parent)
        self.app_context = app_context
        self.store = store
        self.runner = OperationRunner(self)
        self.pages: dict[str, QWidget] = {}
        self.resize(1200, 760)
        self._shortcuts = [QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self) for i in range(len(PAGE_KEYS))]
        for i, shortcut in enumerate(self._shortcuts):
            shortcut.activated.connect(lambda i=i: self.show_page(PAGE_KEYS[i]))
        self.build()

    # -- construction (rebuilt when the language changes) ----------------------
    def page_titles(self) -> dict[str, str]:
        return {
            "dashboard": _("Dashboard"), "questionnaires": _("Questionnaires"),
            "observations": _("Online observations"), "seizures": _("Seizures"),
            "sync": _("Sync"), "reports": _("Reports"), "settings": _("Settings"),
        }

    def build(self, current: str = "dashboard") -> None:
        self.setWindowTitle(_("{app} {version} — wildlife-trade records").format(app=APP_NAME, version=__version__))
        titles = self.page_titles()
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(220)
        self.stack = QStackedWidget()
        self.pages = {
            "dashboard": DashboardPage(self.store),
            "questionnaires": PlaceholderPage(titles["questionnaires"], _(
                "Questionnaires will be filled in here, alone or at a workshop.")),
            "observations": RecordsPage(self.store, "observation", titles["observations"]),
            "seizures": RecordsPage(self.store, "seizure", titles["seizures"]),
            "sync": PlaceholderPage(titles["sync"], _(
                "Signed, encrypted export bundles and their import at the coordinator will be handled here.")),
            "reports": PlaceholderPage(titles["reports"], _(
                "PDF reports and data exports will be produced here.")),
            "settings": SettingsPage(self.app_context.settings, self.app_context.home.settings_path, self.store),
        }
        for i, key in enumerate(PAGE_KEYS):
            item = QListWidgetItem(titles[key])
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(_("{page} (Ctrl+{n})").format(page=titles[key], n=i + 1))
            self.nav.addItem(item)
            self.stack.addWidget(self.pages[key])
        self.nav.currentRowChanged.connect(self._nav_changed)
        self.pages["settings"].language_changed.connect(self.change_language)
        self.pages["settings"].settings_saved.connect(self._settings_saved)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        old = self.centralWidget()
        self.setCentralWidget(central)
        if old is not None:
            old.deleteLater()
        self._build_status_bar()
        self.show_page(current)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        for label in getattr(self, "_status_labels", []):
            bar.removeWidget(label)
            label.deleteLater()
        self.status_db = QLabel()
        self.status_db.setObjectName("statusDatabase")
        self.status_officer = QLabel()
        self.status_officer.setObjectName("statusOfficer")
        self.status_pending = QLabel()
        self.status_pending.setObjectName("statusPending")
        self._status_labels = [self.status_db, self.status_officer, self.status_pending]
        bar.addWidget(self.status_db, 1)
        bar.addPermanentWidget(self.status_officer)
        bar.addPermanentWidget(self.status_pending)
        self.refresh_status()

    # -- behaviour ---------------------------------------------------------------
    def refresh_status(self) -> None:
        self.status_db.setText(_("Database: {path}").format(path=self.store.path))
        self.status_officer.setText(_("Officer: {name}").format(name=self.store.actor.officer_name))
        self.status_pending.setText(_("Waiting for export: {n}").format(
            n=format_number(self.store.pending_export_count())))

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(PAGE_KEYS.index(key))

    def current_page_key(self) -> str:
        return PAGE_KEYS[self.stack.currentIndex()]

    def _nav_changed(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        page = self.stack.currentWidget()
        if hasattr(page, "refresh"):
            page.refresh()

    def change_language(self, code: str) -> None:
        set_language(code)
        self.build(current=self.current_page_key())

    def _settings_saved(self) -> None:
        self.store.set_officer(self.app_context.settings)
        self.refresh_status()
        self.statusBar().showMessage(_("Settings saved."), 4000)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.runner.wait_all()
        super().closeEvent(event)
