"""Everything on screen that says 'training': the banner above every page of a training
sandbox, resetting the sandbox, and the trainer's window (exercises, sample adverts,
each participant's results)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME
from desktop.errors import PantauError
from desktop.i18n import _, format_date, format_number
from desktop.sandbox import copy_samples, reset_sandbox, sample_adverts, session_results
from desktop.training import export_note, is_training, started_at

BANNER_STYLE = (
    "QFrame#trainingBanner { background: #f2c94c; border-bottom: 3px solid #8a5a00; } "
    "QFrame#trainingBanner QLabel { color: #2b1d00; }"
)


class TrainingBanner(QFrame):
    """'TRAINING — not real data' in words (not only colour), with the trainer's two actions."""

    def __init__(self, window, parent=None):
        super().__init__(parent)
        self.setObjectName("trainingBanner")
        self.setStyleSheet(BANNER_STYLE)
        self.title = QLabel("⚠ " + export_note())
        self.title.setObjectName("trainingBannerTitle")
        self.title.setStyleSheet("font-weight: bold;")
        self.title.setAccessibleName(export_note())
        explain = QLabel(
            _(
                "Training sandbox: demo records to practise with. Nothing here is real, and a real "
                "coordinator refuses its bundles."
            )
        )
        explain.setWordWrap(True)
        exercises = QPushButton(_("Exercises and results…"))
        exercises.setObjectName("trainingExercises")
        exercises.clicked.connect(lambda: show_training_dialog(window))
        reset = QPushButton(_("Reset training data…"))
        reset.setObjectName("trainingReset")
        reset.setToolTip(_("Put the sandbox back to its starting state: the demo data only"))
        reset.clicked.connect(lambda: reset_in_window(window))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.title)
        layout.addWidget(explain, 1)
        layout.addWidget(exercises)
        layout.addWidget(reset)


def add_training_banner(window) -> TrainingBanner | None:
    """Put the banner above the main window's pages when its home is a training sandbox."""
    if not is_training(window.app_context.home):
        return None
    central = window.takeCentralWidget()
    container = QWidget()
    layout = QVBoxLayout(container)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    banner = TrainingBanner(window, container)
    layout.addWidget(banner)
    if central is not None:
        layout.addWidget(central, 1)
    window.setCentralWidget(container)
    window.training_banner = banner
    return banner


def reset_in_window(window, confirm: bool = True) -> bool:
    """'Reset training data': the sandbox back to its demo data; the window shows it at once."""
    context = window.app_context
    if not is_training(context.home):
        return False
    if window.runner.running():
        QMessageBox.information(window, APP_NAME, _("Wait until the current task has finished, then reset."))
        return False
    if (
        confirm
        and QMessageBox.question(
            window, APP_NAME, _("Delete everything entered in the training sandbox and start again with the demo data?")
        )
        != QMessageBox.StandardButton.Yes
    ):
        return False
    current = window.current_page_key()
    app = QApplication.instance()
    app.setOverrideCursor(Qt.CursorShape.WaitCursor)
    waiting = QLabel(_("Resetting the training sandbox…"))
    waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
    window.setCentralWidget(waiting)  # the old pages go before their database does
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    try:
        context.close()
        reset_sandbox(context.home)
    except PantauError as exc:
        app.restoreOverrideCursor()
        QMessageBox.warning(window, APP_NAME, exc.message)
        return False
    window.store = context.store()
    window.build(current=current)
    if hasattr(window, "drafts_bar"):
        from desktop.drafts import DraftBook

        window.drafts_bar.store = window.store
        window.drafts_bar.book = DraftBook(window.store)
        window.drafts_bar.reload()
    app.restoreOverrideCursor()
    window.statusBar().showMessage(_("The training sandbox was reset."), 6000)
    return True


# -- the trainer's window ---------------------------------------------------------------------------
def exercises() -> list[tuple[str, str]]:
    return [
        (
            _("1. Record five adverts"),
            _(
                "Open each sample advert (tab 'Sample adverts') and record it on Online observations → New: platform, "
                "link, seller, species, quantity, price. Attach the screenshot as evidence."
            ),
        ),
        (
            _("2. Record a seizure"),
            _(
                "On Seizures → New, record a seizure your trainer describes: date, place, agency, species and "
                "quantities, suspects' initials."
            ),
        ),
        (
            _("3. Fill in the questionnaire"),
            _(
                "On Questionnaires, fill in the needs-assessment questionnaire for yourself; finish it so that it "
                "counts as complete."
            ),
        ),
        (
            _("4. Export"),
            _(
                "Make a report or a spreadsheet on Reports; check that every page says TRAINING. Then export a sync "
                "bundle on Sync (or 'pantau --training export')."
            ),
        ),
        (
            _("5. Import at the coordinator"),
            _(
                "The trainer imports every participant's bundle into the trainer's own training sandbox (made a "
                "coordinator with 'pantau --training coordinator init'), then opens the Results tab."
            ),
        ),
    ]


class TrainingDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.setObjectName("trainingDialog")
        self.window_ = window
        self.setWindowTitle(_("Training exercises and results"))
        tabs = QTabWidget()
        tabs.addTab(self._exercises_tab(), _("Exercises"))
        tabs.addTab(self._samples_tab(), _("Sample adverts"))
        tabs.addTab(self._results_tab(), _("Results"))
        self.tabs = tabs
        close = QPushButton(_("Close"))
        close.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.resize(860, 600)
        self.refresh()

    def _exercises_tab(self) -> QWidget:
        body = QWidget()
        layout = QVBoxLayout(body)
        for title, text in exercises():
            heading = QLabel(title)
            heading.setStyleSheet("font-weight: bold;")
            label = QLabel(text)
            label.setWordWrap(True)
            layout.addWidget(heading)
            layout.addWidget(label)
        guide = QPushButton(_("Open the trainer's guide"))
        guide.clicked.connect(self._guide)
        layout.addSpacing(8)
        layout.addWidget(guide, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        return scroll

    def _guide(self) -> None:
        from desktop.ui.help_viewer import show_guide

        show_guide(self.window_, "training")

    def _samples_tab(self) -> QWidget:
        page = QWidget()
        self.samples = QListWidget()
        self.samples.setObjectName("sampleAdverts")
        self.samples.setViewMode(QListView.ViewMode.IconMode)
        self.samples.setIconSize(QSize(220, 160))
        self.samples.setResizeMode(QListView.ResizeMode.Adjust)
        self.samples.setSpacing(8)
        for path in sample_adverts():
            item = QListWidgetItem(QIcon(QPixmap(str(path))), path.stem)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(_("Open {name} in its own window (Enter or double-click)").format(name=path.name))
            self.samples.addItem(item)
        self.samples.itemActivated.connect(lambda item: self.open_sample(item.data(Qt.ItemDataRole.UserRole)))
        hint = QLabel(_("Fictional adverts made for this exercise. Open one beside the entry form and record it."))
        hint.setWordWrap(True)
        save = QPushButton(_("Save the sample adverts to a folder…"))
        save.clicked.connect(self._save_samples)
        layout = QVBoxLayout(page)
        layout.addWidget(hint)
        layout.addWidget(self.samples, 1)
        layout.addWidget(save, 0, Qt.AlignmentFlag.AlignLeft)
        return page

    def open_sample(self, path: str) -> QDialog:
        viewer = QDialog(self)
        viewer.setWindowTitle(_("Sample advert — {name}").format(name=path.rsplit("/", 1)[-1]))
        picture = QLabel()
        picture.setPixmap(QPixmap(path))
        scroll = QScrollArea()
        scroll.setWidget(picture)
        QVBoxLayout(viewer).addWidget(scroll)
        viewer.resize(picture.pixmap().width() + 40, min(820, picture.pixmap().height() + 40))
        viewer.show()
        return viewer

    def _save_samples(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Save the sample adverts to a folder"))
        if not folder:
            return
        try:
            copied = copy_samples(folder)
        except PantauError as exc:
            QMessageBox.warning(self, APP_NAME, exc.message)
            return
        QMessageBox.information(
            self, APP_NAME, _("Copied {n} sample adverts to {path}.").format(n=len(copied), path=folder)
        )

    def _results_tab(self) -> QWidget:
        page = QWidget()
        self.since = QLabel()
        self.since.setObjectName("resultsSince")
        self.since.setWordWrap(True)
        self.table = QTableWidget(0, 7)
        self.table.setObjectName("trainingResults")
        self.table.setHorizontalHeaderLabels(
            [
                _("Participant"),
                _("Device"),
                _("Observations"),
                _("Seizures"),
                _("Questionnaires (complete)"),
                _("With evidence"),
                _("Last change"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        refresh = QPushButton(_("Refresh"))
        refresh.clicked.connect(self.refresh)
        layout = QVBoxLayout(page)
        layout.addWidget(self.since)
        layout.addWidget(self.table, 1)
        layout.addWidget(refresh, 0, Qt.AlignmentFlag.AlignLeft)
        return page

    def refresh(self) -> None:
        store = self.window_.store
        began = started_at(store.home)
        results = session_results(store)
        when = format_date(_local(began)) if began else "-"
        self.since.setText(
            _(
                "Records created since the sandbox was set up or last reset ({when}), per device. "
                "Import the participants' bundles on Sync first to see everyone's work."
            ).format(when=when)
        )
        self.table.setRowCount(len(results))
        for row, r in enumerate(results):
            values = [
                r.officer_name or _("Unnamed officer"),
                r.device_id[-8:],
                format_number(r.counts["observation"]),
                format_number(r.counts["seizure"]),
                _("{n} ({complete})").format(
                    n=format_number(r.counts["response"]), complete=format_number(r.complete_responses)
                ),
                format_number(r.with_evidence),
                format_date(_local(r.last_at), "short") if r.last_at else "",
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if 2 <= column <= 5:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if column == 1:
                    item.setToolTip(r.device_id)
                self.table.setItem(row, column, item)


def _local(stamp: str):
    from desktop.domain.ids import parse_utc

    try:
        return parse_utc(stamp).astimezone().replace(tzinfo=None)
    except (TypeError, ValueError):
        return None


def show_training_dialog(window) -> TrainingDialog:
    dialog = TrainingDialog(window)
    dialog.show()
    return dialog
