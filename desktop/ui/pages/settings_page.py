"""Settings: language and officer details (persisted in the home's settings file)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import LANGUAGES, _, language_names
from desktop.training import is_training
from desktop.ui.training_banner import reset_in_window
from desktop.ui.widgets.rates_editor import RatesEditor
from desktop.ui.widgets.status_sources import StatusSources


class SettingsPage(QWidget):
    language_changed = Signal(str)
    settings_saved = Signal()

    def __init__(self, settings, settings_path, store, parent=None):
        super().__init__(parent)
        self.settings = settings
        self.settings_path = settings_path
        heading = QLabel(_("Settings"))
        heading.setObjectName("pageTitle")

        self.language = QComboBox()
        self.language.setObjectName("languageCombo")
        for code, name in language_names().items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(LANGUAGES.index(settings.language) if settings.language in LANGUAGES else 0)
        self.language.currentIndexChanged.connect(self._language_picked)

        self.officer = QLineEdit(settings.officer_name)
        self.officer.setObjectName("officerName")
        self.officer_id = QLineEdit(settings.officer_id)
        self.agency = QLineEdit(settings.agency)
        self.device_name = QLineEdit(settings.device_name)
        save = QPushButton(_("Save settings"))
        save.setObjectName("saveSettings")
        save.clicked.connect(self.save)

        general = QGroupBox(_("Language"))
        form = QFormLayout(general)
        form.addRow(_("Language of the app:"), self.language)
        officer = QGroupBox(_("Officer and device"))
        form2 = QFormLayout(officer)
        form2.addRow(_("Officer name:"), self.officer)
        form2.addRow(_("Officer ID or badge number:"), self.officer_id)
        form2.addRow(_("Agency:"), self.agency)
        form2.addRow(_("Device name:"), self.device_name)
        form2.addRow(_("Device ID:"), QLabel(store.device_id))
        form2.addRow("", save)

        sources = StatusSources(store)

        self.store = store
        body = QWidget()  # scrolls, so that nothing is cut off at a large text size
        layout = QVBoxLayout(body)
        layout.addWidget(general)
        layout.addWidget(self._display_group())
        if is_training(store.home):
            layout.addWidget(self._training_group())
        layout.addWidget(officer)
        layout.addWidget(sources)
        layout.addWidget(RatesEditor(store, settings, settings_path))
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.addWidget(heading)
        outer.addWidget(scroll, 1)

    # -- display, setup assistant, training sandbox ---------------------------------------
    def _display_group(self) -> QGroupBox:
        from desktop.ui.app import TEXT_SIZES, text_size

        group = QGroupBox(_("Display and setup"))
        form = QFormLayout(group)
        self.text_size = QComboBox()
        self.text_size.setObjectName("textSize")
        for percent in TEXT_SIZES:
            self.text_size.addItem(_("{n}%").format(n=percent), percent)
        self.text_size.setCurrentIndex(TEXT_SIZES.index(text_size(self.settings)))
        self.text_size.currentIndexChanged.connect(self._text_size_picked)
        setup = QPushButton(_("Run the setup assistant again"))
        setup.setObjectName("runSetupAgain")
        setup.setToolTip(_("Language, officer, agency and country, device name, passphrase, coordinator card"))
        setup.clicked.connect(self.run_setup_again)
        form.addRow(_("Text size:"), self.text_size)
        form.addRow("", setup)
        return group

    def _training_group(self) -> QGroupBox:
        group = QGroupBox(_("Training sandbox"))
        form = QVBoxLayout(group)
        note = QLabel(
            _("This is the training sandbox. Resetting deletes everything entered here and restores the demo data.")
        )
        note.setWordWrap(True)
        reset = QPushButton(_("Reset training data…"))
        reset.setObjectName("settingsTrainingReset")
        reset.clicked.connect(lambda: reset_in_window(self.window()))
        form.addWidget(note)
        form.addWidget(reset, 0, Qt.AlignmentFlag.AlignLeft)
        return group

    def _text_size_picked(self, index: int) -> None:
        from desktop.ui.app import apply_text_size

        percent = self.text_size.itemData(index)
        self.settings.extra["text_size"] = percent
        self.settings.save(self.settings_path)
        apply_text_size(QApplication.instance(), percent)

    def run_setup_again(self) -> bool:
        from desktop.ui.first_run import run_again

        before = self.settings.language
        if not run_again(self, self.store.home, self.settings):
            return False
        self.officer.setText(self.settings.officer_name)
        self.officer_id.setText(self.settings.officer_id)
        self.agency.setText(self.settings.agency)
        self.device_name.setText(self.settings.device_name)
        self.settings_saved.emit()
        if self.settings.language != before:
            self.language_changed.emit(self.settings.language)
        return True

    def _language_picked(self, index: int) -> None:
        code = self.language.itemData(index)
        if code and code != self.settings.language:
            self.settings.language = code
            self.settings.save(self.settings_path)
            self.language_changed.emit(code)

    def save(self) -> None:
        self.settings.officer_name = self.officer.text().strip()
        self.settings.officer_id = self.officer_id.text().strip()
        self.settings.agency = self.agency.text().strip()
        self.settings.device_name = self.device_name.text().strip()
        self.settings.save(self.settings_path)
        self.settings_saved.emit()
