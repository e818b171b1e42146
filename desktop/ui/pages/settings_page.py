"""Settings: language and officer details (persisted in the home's settings file)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from desktop.i18n import LANGUAGES, _, language_names


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

        sources = QGroupBox(_("Reference lists"))
        form3 = QFormLayout(sources)
        for item in store.ref.lists:
            label = QLabel(_("{source} — last reviewed {date}").format(source=item.source, date=item.last_reviewed))
            label.setWordWrap(True)
            form3.addRow(item.title + ":", label)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(general)
        layout.addWidget(officer)
        layout.addWidget(sources)
        layout.addStretch(1)

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
