"""The main window: a navigation sidebar, one page per area, and a status bar."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow, QStackedWidget, QWidget

from desktop import APP_NAME, __version__
from desktop.i18n import _, set_language
from desktop.ui.about import show_about
from desktop.ui.export_waiting import waiting_text
from desktop.ui.help_viewer import add_help_actions
from desktop.ui.operations import OperationRunner
from desktop.ui.training_banner import add_training_banner
from desktop.ui.widgets.drafts_bar import DraftsBar

PAGE_KEYS = (
    "dashboard",
    "questionnaires",
    "observations",
    "seizures",
    "sessions",
    "followup",
    "network",
    "sync",
    "reports",
    "settings",
)
SHORTCUT_PAGES = 10  # Ctrl+1 … Ctrl+9, then Ctrl+0 for the tenth page


def page_shortcut(index: int) -> str:
    return f"Ctrl+{(index + 1) % 10}" if index < SHORTCUT_PAGES else ""


SYNC_WATCH_START_MS = 1500  # after the first window is drawn


class LazyPages(Mapping):
    """The window's pages, each built the first time it is shown or asked for.

    Until then its place in the stack holds an empty widget, so that start-up builds (and
    imports) only the page shown first; ``pages[key]`` always returns the real page.
    """

    def __init__(self, stack: QStackedWidget, create: Callable[[str], QWidget]):
        self._stack, self._create, self._built = stack, create, {}
        for _key in PAGE_KEYS:
            stack.addWidget(QWidget())

    def __getitem__(self, key: str) -> QWidget:
        if key not in PAGE_KEYS:
            raise KeyError(key)
        if key not in self._built:
            index = PAGE_KEYS.index(key)
            page = self._create(key)
            placeholder = self._stack.widget(index)
            self._stack.insertWidget(index, page)
            self._stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self._built[key] = page
        return self._built[key]

    def __iter__(self) -> Iterator[str]:
        return iter(PAGE_KEYS)

    def __len__(self) -> int:
        return len(PAGE_KEYS)

    def built(self) -> dict[str, QWidget]:
        """The pages built so far (the others have nothing to refresh)."""
        return dict(self._built)


class MainWindow(QMainWindow):
    def __init__(self, app_context, store, parent=None):
        super().__init__(parent)
        self.app_context = app_context
        self._store = None
        self.store = store  # listens to its changes (see the store property)
        self.runner = OperationRunner(self)
        self.pages: Mapping[str, QWidget] = {}
        self.resize(1200, 760)  # desktop.ui.app.DEFAULT_SIZE; maximised on a laptop screen (show_main_window)
        self._shortcuts = [
            QShortcut(QKeySequence(page_shortcut(i)), self) for i in range(min(len(PAGE_KEYS), SHORTCUT_PAGES))
        ]
        for i, shortcut in enumerate(self._shortcuts):
            shortcut.activated.connect(lambda i=i: self.show_page(PAGE_KEYS[i]))
        self.build()
        self.lock_controller = None
        self.drafts_bar = DraftsBar(store, self)
        self.drafts_bar.resume_requested.connect(self.resume_draft)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.drafts_bar)
        self.drafts_bar.reload()
        # one "records changed" notification: saves on this window's store, and operations that
        # changed data in a store of their own (imports, exports, demo data)
        self.runner.data_changed.connect(self.records_changed)
        self._sync_watcher = None
        if not store.stand_in:
            self._start_services()

    def _start_services(self) -> None:
        """What works on the home's data by itself: auto-lock (a protected home) and the sync-folder
        watcher. The watcher (and the sync code it loads) starts once the window is on screen: nobody
        waits for it, and loading it first delayed the list by a third of a second."""
        if self.app_context.unlocked_keys is not None:
            from desktop.ui.autolock import LockController

            self.lock_controller = LockController(self)
        QTimer.singleShot(SYNC_WATCH_START_MS, self, self._start_sync_watcher)  # cancelled if the window goes

    def store_opened(self) -> None:
        """The stand-in store this window was built on while the passphrase was typed has taken over
        the home's store (Store.take_over; the status bar was told): the shown page reads the home's
        data, the others when shown, and the services start. With the home's own reference lists
        (imported by a coordinator) the pages are built again, on those lists."""
        if self.store.ref is not self.store.builtin_ref:  # the home has imported lists: not the stand-in's
            self.build(current=self.current_page_key())
        else:
            page = self.pages[self.current_page_key()]
            if hasattr(page, "refresh"):
                page.refresh()
        self.drafts_bar.reload()
        self._start_services()

    @property
    def store(self):
        return self._store

    @store.setter
    def store(self, store) -> None:
        """The window's store (replaced after an unlock, a restore, a switch to the sandbox): its
        committed changes call ``records_changed``."""
        if self._store is not None:
            self._store.remove_change_listener(self.records_changed)
        self._store = store
        store.add_change_listener(self.records_changed)

    def _start_sync_watcher(self) -> None:
        self.sync_watcher  # noqa: B018 - the property starts it

    @property
    def sync_watcher(self):
        """Watches the sync folder while the window is open: new bundles or packs are picked up with a
        notice. Started shortly after the window shows, or when first asked for."""
        if self._sync_watcher is None:
            from desktop.sync.folder import SETTING
            from desktop.ui.sync_watcher import SyncFolderWatcher

            self._sync_watcher = SyncFolderWatcher(self.store, self.runner, parent=self)
            self._sync_watcher.picked_up.connect(self._sync_notice)
            self._sync_watcher.ticked.connect(self._sync_ticked)
            self._sync_watcher.set_folder((self.app_context.settings.extra or {}).get(SETTING))
        return self._sync_watcher

    def _sync_notice(self, text: str) -> None:
        self.statusBar().showMessage(text.splitlines()[0], 15000)
        if "sync" in self.pages.built():
            self.pages["sync"].show_notice(text)

    def _sync_ticked(self, result) -> None:
        from desktop.intel.followup import followup_days
        from desktop.settings import Settings

        if any(p.status == "applied" for p in result.packs):  # a pack may have set the follow-up period
            saved = Settings.load(self.app_context.home.settings_path)
            self.app_context.settings.extra["followup_days"] = followup_days(saved)
        self.refresh_status()
        page = self.pages.built().get(self.current_page_key())
        if page is not None and hasattr(page, "refresh"):
            page.refresh()

    # -- construction (rebuilt when the language changes) ----------------------
    def page_titles(self) -> dict[str, str]:
        return {
            "dashboard": _("Dashboard"),
            "questionnaires": _("Questionnaires"),
            "observations": _("Online observations"),
            "seizures": _("Seizures"),
            "sync": _("Sync"),
            "reports": _("Reports"),
            "settings": _("Settings"),
            "sessions": _("Monitoring sessions"),
            "followup": _("Follow-up"),
            "network": _("Seller networks"),
        }

    def build(self, current: str = "dashboard") -> None:
        self.setWindowTitle(_("{app} {version} — wildlife-trade records").format(app=APP_NAME, version=__version__))
        titles = self.page_titles()
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(220)
        self.stack = QStackedWidget()
        self.pages = LazyPages(self.stack, self._create_page)
        for i, key in enumerate(PAGE_KEYS):
            item = QListWidgetItem(titles[key])
            item.setData(Qt.ItemDataRole.UserRole, key)
            if page_shortcut(i):
                item.setToolTip(_("{page} ({shortcut})").format(page=titles[key], shortcut=page_shortcut(i)))
            self.nav.addItem(item)
        self.nav.ensurePolished()  # wide enough for the titles at any text size (Settings → Text size)
        self.nav.setFixedWidth(max(220, self.nav.sizeHintForColumn(0) + 36))
        self.nav.currentRowChanged.connect(self._nav_changed)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        old = self.centralWidget()
        self.setCentralWidget(central)
        if old is not None:
            old.deleteLater()
        add_training_banner(self)  # 'TRAINING — not real data' above every page of a training sandbox
        self._build_status_bar()
        self._build_menu()
        self.show_page(current)

    def _create_page(self, key: str) -> QWidget:
        """Build one page (its module is imported only now, to keep start-up short)."""
        ctx, store, runner = self.app_context, self.store, self.runner
        if key == "dashboard":
            from desktop.ui.pages.dashboard_page import DashboardPage

            return DashboardPage(store, runner=runner)
        if key == "questionnaires":
            from desktop.ui.questionnaire.page import QuestionnairesPage

            return QuestionnairesPage(store, runner)
        if key in ("observations", "seizures"):
            from desktop.ui.pages.records_page import RecordsPage

            kind = "observation" if key == "observations" else "seizure"
            return RecordsPage(store, kind, self.page_titles()[key], settings=ctx.settings, runner=runner)
        if key == "sessions":
            from desktop.ui.pages.sessions_page import SessionsPage

            return SessionsPage(store)
        if key == "followup":
            from desktop.ui.pages.followup_page import FollowupPage

            page = FollowupPage(store, ctx.settings, ctx.home.settings_path)
            page.record_requested.connect(self.show_observation)
            return page
        if key == "network":
            from desktop.ui.pages.network_page import NetworkPage

            page = NetworkPage(store, runner)
            page.records_requested.connect(self.show_matching_observations)
            return page
        if key == "sync":
            from desktop.ui.pages.sync_page import SyncPage

            page = SyncPage(store, runner, ctx)
            page.sync_folder_changed.connect(self.sync_watcher.set_folder)
            return page
        if key == "reports":
            from desktop.ui.pages.reports_page import ReportsPage

            return ReportsPage(store, runner)
        from desktop.ui.pages.settings_page import SettingsPage

        page = SettingsPage(ctx.settings, ctx.home.settings_path, store)
        page.language_changed.connect(self.change_language)
        page.settings_saved.connect(self._settings_saved)
        return page

    def _build_menu(self) -> None:
        bar = self.menuBar()
        bar.clear()
        help_menu = bar.addMenu(_("&Help"))
        add_help_actions(self, help_menu)  # user guide (F1), troubleshooting, training sandbox
        about = help_menu.addAction(_("&About {app}").format(app=APP_NAME))
        about.setMenuRole(about.MenuRole.AboutRole)
        about.triggered.connect(lambda: show_about(self, self.app_context.home))

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
        self.status_protection = QLabel()
        self.status_protection.setObjectName("statusProtection")
        self._status_labels = [self.status_db, self.status_officer, self.status_pending, self.status_protection]
        bar.addWidget(self.status_db, 1)
        bar.addPermanentWidget(self.status_protection)
        bar.addPermanentWidget(self.status_officer)
        bar.addPermanentWidget(self.status_pending)
        self.refresh_status()

    # -- behaviour ---------------------------------------------------------------
    def refresh_status(self) -> None:
        self.status_db.setText(_("Database: {path}").format(path=self.store.path))
        self.status_officer.setText(_("Officer: {name}").format(name=self.store.actor.officer_name))
        if self.store.keys is None:
            self.status_protection.setText(_("UNPROTECTED: data not encrypted"))
            self.status_protection.setStyleSheet("color: white; background: #a61b1b; padding: 1px 6px;")
        else:
            self.status_protection.setText(_("Protected"))
            self.status_protection.setStyleSheet("")
        self.status_pending.setText(waiting_text(self.store))

    def records_changed(self) -> None:
        """Saved data changed: the status bar's counts, and every built page that keeps counts."""
        self.refresh_status()
        for page in self.pages.built().values() if isinstance(self.pages, LazyPages) else ():
            if hasattr(page, "records_changed"):
                page.records_changed()

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(PAGE_KEYS.index(key))

    def current_page_key(self) -> str:
        return PAGE_KEYS[self.stack.currentIndex()]

    def _nav_changed(self, row: int) -> None:
        if row < 0:
            return
        shown = self.stack.currentWidget()
        if shown is not None and self.stack.indexOf(shown) != row:
            shown.hide()  # left first: a questionnaire speaking its own language hands the app's back
        page = self.pages[PAGE_KEYS[row]]
        self.stack.setCurrentIndex(row)
        if hasattr(page, "refresh") and not self.store.stand_in:  # a stand-in's page reads on store_opened
            page.refresh()

    def change_language(self, code: str) -> None:
        from desktop.ui.qt_catalogs import install_qt_catalog

        install_qt_catalog(set_language(code))  # Qt's own dialogs and menus too
        self.build(current=self.current_page_key())
        self.drafts_bar.reload()

    def _settings_saved(self) -> None:
        self.store.set_officer(self.app_context.settings)
        self.refresh_status()
        self.statusBar().showMessage(_("Settings saved."), 4000)

    def show_matching_observations(self, text: str) -> None:
        """The observations list searched for ``text`` (a seller, group or species from the network view)."""
        self.show_page("observations")
        page = self.pages["observations"]
        page.show_list()
        page.search.setText(text)
        page.apply_search()

    def show_observation(self, record_id: str) -> None:
        self.show_page("observations")
        self.pages["observations"].show_detail(record_id)

    def resume_draft(self, draft) -> None:
        """Open the form of an unsaved draft on its page."""
        key = "observations" if draft.kind == "observation" else "seizures"
        self.show_page(key)
        self.pages[key].open_draft(draft)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.runner.wait_all()
        self._store.remove_change_listener(self.records_changed)
        super().closeEvent(event)
