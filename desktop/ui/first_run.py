"""The setup assistant: on a new computer (and again from Settings) it asks for the
language, the officer, agency and country, the device name, the passphrase and,
optionally, a coordinator card. Every step can be skipped; nothing but the
passphrase and the card is written before Finish. It can also open the training
sandbox instead. It ends on the dashboard with a short 'what to do next' panel.
"""

from __future__ import annotations

import platform
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from desktop import APP_NAME
from desktop.errors import PantauError
from desktop.i18n import _, current_language, language_names, set_language
from desktop.paths import resource_path
from desktop.security import home_lock
from desktop.settings import Settings
from desktop.ui.help_viewer import show_guide
from desktop.ui.qt_catalogs import install_qt_catalog

COUNTRIES = ("ID", "MY", "SG")
DONE, TRAINING, CANCELLED = "done", "training", "cancelled"


def _label(name: str = "") -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        label.setObjectName(name)
    return label


class SetupPage(QWizardPage):
    """A step: ``retranslate()`` sets every text; ``skip()`` forgets what was typed on it."""

    def retranslate(self) -> None:  # pragma: no cover - every page overrides it
        raise NotImplementedError

    def skip(self) -> bool:
        """Undo this page's input before moving on; False to stay on the page."""
        return True


class LanguagePage(SetupPage):
    language_picked = Signal(str)
    training_requested = Signal()

    def __init__(self, settings: Settings, offer_training: bool):
        super().__init__()
        self.settings = settings
        self.explain = _label("languageExplain")
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        for code, name in language_names().items():  # each language named in its own language
            button = QRadioButton(name)
            button.setObjectName(f"language_{code}")
            self.buttons[code] = button
            self.group.addButton(button)
            layout.addWidget(button)
            button.toggled.connect(lambda on, code=code: on and self.language_picked.emit(code))
        self.buttons.get(current_language(), self.buttons["en"]).setChecked(True)
        layout.addSpacing(16)
        self.training_note = _label("trainingNote")
        self.training_button = QPushButton()
        self.training_button.setObjectName("openTrainingSandbox")
        self.training_button.clicked.connect(self.training_requested)
        if offer_training:
            layout.addWidget(self.training_note)
            layout.addWidget(self.training_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def chosen(self) -> str:
        return next((code for code, button in self.buttons.items() if button.isChecked()), "en")

    def retranslate(self) -> None:
        self.setTitle(_("Welcome to {app}").format(app=APP_NAME))
        self.setSubTitle(
            _(
                "This assistant sets up Pantau on this computer in a few steps. Every step can be "
                "skipped and changed later in Settings."
            )
        )
        self.explain.setText(_("Choose the language of the app. You can change it at any time in Settings."))
        self.training_note.setText(
            _(
                "At a training course? Open the training sandbox: demo data to practise "
                "with, kept apart from real records. This assistant opens again next time."
            )
        )
        self.training_button.setText(_("Open the training sandbox"))

    def skip(self) -> bool:
        self.buttons.get(self.settings.language, self.buttons["en"]).setChecked(True)
        return True


class OfficerPage(SetupPage):
    def __init__(self, settings: Settings, ref):
        super().__init__()
        self.settings = settings
        self.ref = ref
        self.name = QLineEdit(settings.officer_name)
        self.name.setObjectName("wizardOfficerName")
        self.officer_id = QLineEdit(settings.officer_id)
        self.officer_id.setObjectName("wizardOfficerId")
        self.country = QComboBox()
        self.country.setObjectName("wizardCountry")
        self.agency = QComboBox()
        self.agency.setObjectName("wizardAgency")
        self.agency.setEditable(True)
        self.agency.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.explain = _label()
        self.labels = [QLabel() for _i in range(4)]
        form = QFormLayout()
        for label, field in zip(self.labels, (self.name, self.officer_id, self.country, self.agency)):
            label.setBuddy(field)
            form.addRow(label, field)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        layout.addLayout(form)
        layout.addStretch(1)
        self.country.currentIndexChanged.connect(lambda _i: self._fill_agencies(self.agency.currentText()))

    def retranslate(self) -> None:
        self.setTitle(_("Who uses this computer"))
        self.setSubTitle(
            _(
                "Every record you save is signed with your name and this device, so the coordinator "
                "knows who recorded what."
            )
        )
        self.explain.setText(
            _(
                "The country fills in new records and chooses the agencies offered below; type "
                "your agency if it is not in the list."
            )
        )
        for label, text in zip(
            self.labels, (_("Officer name:"), _("Officer ID or badge number:"), _("Country:"), _("Agency:"))
        ):
            label.setText(text)
        chosen = self.country.currentData() if self.country.count() else self.settings.country
        self.country.blockSignals(True)
        self.country.clear()
        self.country.addItem(_("— choose —"), "")
        for code in COUNTRIES:
            country = self.ref.country(code)
            self.country.addItem(country.name(current_language()) if country else code, code)
        self.country.setCurrentIndex(max(0, self.country.findData(chosen or "")))
        self.country.blockSignals(False)
        self._fill_agencies(self.agency.currentText() or self.settings.agency)

    def _fill_agencies(self, keep: str) -> None:
        code = self.country.currentData() or ""
        self.agency.blockSignals(True)
        self.agency.clear()
        for agency in self.ref.agencies:
            if agency.country == code or (code and not agency.country):
                # a national agency by its own name; the generic entries (NGO, Other) as words
                self.agency.addItem(agency.name if agency.country else _(agency.name))
                self.agency.setItemData(self.agency.count() - 1, agency.name_en, Qt.ItemDataRole.ToolTipRole)
        self.agency.setEditText(keep)
        self.agency.blockSignals(False)

    def values(self) -> dict:
        return {
            "officer_name": self.name.text().strip(),
            "officer_id": self.officer_id.text().strip(),
            "country": self.country.currentData() or "",
            "agency": self.agency.currentText().strip(),
        }

    def skip(self) -> bool:
        self.name.setText(self.settings.officer_name)
        self.officer_id.setText(self.settings.officer_id)
        self.country.setCurrentIndex(max(0, self.country.findData(self.settings.country)))
        self.agency.setEditText(self.settings.agency)
        return True


class DevicePage(SetupPage):
    def __init__(self, settings: Settings):
        super().__init__()
        self.settings = settings
        self.device = QLineEdit(settings.device_name or platform.node())
        self.device.setObjectName("wizardDeviceName")
        self.explain = _label()
        self.label = QLabel()
        self.label.setBuddy(self.device)
        form = QFormLayout()
        form.addRow(self.label, self.device)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        layout.addLayout(form)
        layout.addStretch(1)

    def retranslate(self) -> None:
        self.setTitle(_("Name this computer"))
        self.setSubTitle(_("The coordinator sees this name next to every bundle this computer sends."))
        self.explain.setText(
            _("Choose a name people recognise, for example 'Laptop Polda Riau 2' or 'PERHILITAN Johor desk 1'.")
        )
        self.label.setText(_("Device name:"))

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        self.device.setFocus(Qt.FocusReason.TabFocusReason)
        self.device.selectAll()  # typing replaces the suggested name

    def skip(self) -> bool:
        self.device.setText(self.settings.device_name)
        return True


class PassphrasePage(SetupPage):
    """On a new computer: choose a passphrase (the first-start dialog's panel). Later: how it stands."""

    def __init__(self, home, new_home: bool):
        super().__init__()
        from desktop.ui.security_dialogs import PassphraseSetupPanel

        self.home = home
        self.new_home = new_home
        self.panel = PassphraseSetupPanel(home)
        self.status = _label("passphraseStatus")
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.panel)

    def _choosing(self) -> bool:
        return self.new_home and not home_lock.is_protected(self.home)

    def retranslate(self) -> None:
        self.setTitle(_("Protect the data with a passphrase"))
        self.setSubTitle(_("Seller accounts, suspects' initials and evidence are sensitive: keep them encrypted."))
        self.panel.retranslate()
        self.initializePage()

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        choosing = self._choosing()
        self.panel.setVisible(choosing)
        self.status.setVisible(not choosing)
        if home_lock.is_protected(self.home):
            self.status.setText(
                _(
                    "This computer's Pantau data is protected by a passphrase. To change it, use "
                    "'pantau security change-passphrase'."
                )
            )
        elif not self.new_home:
            self.status.setText(
                _(
                    "This computer's Pantau data is NOT protected. To protect it, close Pantau and "
                    "run 'pantau security protect'."
                )
            )

    def validatePage(self) -> bool:  # noqa: N802 - Qt API
        return self.panel.apply() if self._choosing() else True

    def skip(self) -> bool:
        if not self._choosing():
            return True
        answer = QMessageBox.question(
            self,
            APP_NAME,
            _("Continue without a passphrase? The data on this computer will NOT be encrypted. Use only for training."),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self.panel.training.setChecked(True)
        return self.panel.apply()

    @property
    def keys(self):
        return self.panel.keys


class CardPage(SetupPage):
    def __init__(self, home):
        super().__init__()
        self.home = home
        self.explain = _label()
        self.later = _label()
        self.button = QPushButton()
        self.button.setObjectName("importCard")
        self.button.setAutoDefault(False)  # Enter goes on to the next step; a click or Space imports
        self.button.clicked.connect(self._choose)
        self.result = _label("cardResult")
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.result)
        layout.addWidget(self.later)
        layout.addStretch(1)

    def retranslate(self) -> None:
        self.setTitle(_("Coordinator card (optional)"))
        self.setSubTitle(
            _("With the coordinator's card, the bundles you export can be opened only by the coordinator.")
        )
        self.explain.setText(
            _(
                "Your coordinator gives you a small file, the coordinator card (it ends in .json). "
                "Import it here if you have it."
            )
        )
        self.later.setText(
            _(
                "No card yet? Skip this step and import it later on the Sync page (Import "
                "coordinator card…). Until then, bundles are signed but not encrypted."
            )
        )
        self.button.setText(_("Import a coordinator card…"))
        self.show_cards()

    def show_cards(self, note: str = "") -> None:
        from desktop.sync.keys import imported_cards

        try:
            cards = imported_cards(self.home)
        except PantauError as exc:
            self.result.setText(exc.message)
            return
        lines = [note] if note else []
        lines += [_("Coordinator card: {name} ({fp})").format(name=c.name, fp=c.fingerprint) for c in cards]
        self.result.setText("\n".join(lines))

    def _choose(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Import a coordinator card"), str(Path.home()), _("Coordinator cards (*.json);;All files (*)")
        )
        if path:
            self.import_card_file(Path(path))

    def import_card_file(self, path: Path) -> bool:
        from desktop.sync.keys import import_card

        try:
            card, new = import_card(self.home.ensure(), path)
        except PantauError as exc:
            self.result.setText(exc.message)
            return False
        note = (
            _("Imported the card of coordinator {name} (fingerprint {fp}). Bundles are now encrypted for it.")
            if new
            else _("The card of coordinator {name} ({fp}) was already imported.")
        )
        self.show_cards(note.format(name=card.name, fp=card.fingerprint))
        return True

    def cards(self) -> int:
        from desktop.sync.keys import imported_cards

        try:
            return len(imported_cards(self.home))
        except PantauError:
            return 0

    def summary(self) -> str:
        """The card line of the last step: the coordinators named, or what to do without a card."""
        from desktop.sync.keys import imported_cards

        try:
            cards = imported_cards(self.home)
        except PantauError:
            cards = []
        if not cards:
            return _("Coordinator card: none yet (import it later on the Sync page)")
        return _("Coordinator card: {names}").format(names=", ".join(c.name for c in cards))


class DonePage(SetupPage):
    def __init__(self):
        super().__init__()
        self.summary = _label("setupSummary")
        self.next = _label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addSpacing(12)
        layout.addWidget(self.next)
        layout.addStretch(1)
        self.setFinalPage(True)

    def retranslate(self) -> None:
        self.setTitle(_("Ready"))
        self.setSubTitle(_("Press Finish to open Pantau."))
        self.next.setText(_("Next: the dashboard shows what to do first. Press F1 on any screen for the user guide."))
        if self.wizard() is not None:
            self.initializePage()

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        wizard = self.wizard()
        values = wizard.officer_page.values()
        unknown = _("not given")
        country = wizard.officer_page.country.currentText() if values["country"] else unknown
        protected = home_lock.is_protected(wizard.home)
        lines = [
            _("Officer: {name}").format(name=values["officer_name"] or unknown),
            _("Agency: {agency}").format(agency=values["agency"] or unknown),
            _("Country: {country}").format(country=country),
            _("Device name: {name}").format(name=wizard.device_page.device.text().strip() or unknown),
            _("Protection: {state}").format(
                state=_("protected by a passphrase") if protected else _("NOT protected (training or demo computer)")
            ),
            wizard.card_page.summary(),
        ]
        self.summary.setText("\n".join(lines))


class FirstRunWizard(QWizard):
    """``choice`` is DONE (settings saved), TRAINING (open the sandbox instead) or CANCELLED."""

    def __init__(self, home, settings: Settings, ref=None, rerun: bool = False, parent=None):
        super().__init__(parent)
        from desktop.reference import load_reference

        self.setObjectName("setupAssistant")
        self.home = home
        self.settings = settings
        self.rerun = rerun
        self.choice = CANCELLED
        self.start_language = current_language()
        ref = ref or load_reference()
        self.language_page = LanguagePage(settings, offer_training=not rerun)
        self.officer_page = OfficerPage(settings, ref)
        self.device_page = DevicePage(settings)
        self.passphrase_page = PassphrasePage(home, new_home=not rerun and not home.db_path.exists())
        self.card_page = CardPage(home)
        self.done_page = DonePage()
        for page in self.steps():
            self.addPage(page)
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        logo = QPixmap(str(resource_path("icons", "pantau.png")))
        if not logo.isNull():
            self.setPixmap(
                QWizard.WizardPixmap.LogoPixmap,
                logo.scaled(48, 48, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation),
            )
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.setOption(QWizard.WizardOption.HaveHelpButton, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonLayout(
            [
                QWizard.WizardButton.HelpButton,
                QWizard.WizardButton.Stretch,
                QWizard.WizardButton.CustomButton1,
                QWizard.WizardButton.BackButton,
                QWizard.WizardButton.NextButton,
                QWizard.WizardButton.FinishButton,
                QWizard.WizardButton.CancelButton,
            ]
        )
        self.button(QWizard.WizardButton.CustomButton1).setObjectName("skipStep")
        self.customButtonClicked.connect(lambda _which: self.skip_step())
        self.helpRequested.connect(self.show_help)
        self.currentIdChanged.connect(self._page_changed)
        self.language_page.language_picked.connect(self.change_language)
        self.language_page.training_requested.connect(self.open_training)
        self.resize(720, 560)
        self.retranslate()

    def steps(self) -> list[SetupPage]:
        return [
            self.language_page,
            self.officer_page,
            self.device_page,
            self.passphrase_page,
            self.card_page,
            self.done_page,
        ]

    def retranslate(self) -> None:
        self.setWindowTitle(_("{app} setup assistant").format(app=APP_NAME))
        buttons = {
            QWizard.WizardButton.BackButton: _("< Back"),
            QWizard.WizardButton.NextButton: _("Next >"),
            QWizard.WizardButton.FinishButton: _("Finish"),
            QWizard.WizardButton.CancelButton: _("Cancel"),
            QWizard.WizardButton.HelpButton: _("Help"),
            QWizard.WizardButton.CustomButton1: _("Skip this step"),
        }
        for which, text in buttons.items():
            self.setButtonText(which, text)
        self.button(QWizard.WizardButton.CustomButton1).setToolTip(_("Go on without saving what is on this page"))
        self.button(QWizard.WizardButton.HelpButton).setToolTip(_("Open the user guide (F1)"))
        for page in self.steps():
            page.retranslate()

    def change_language(self, code: str) -> None:
        """Switch the whole app's language at once and retranslate every step."""
        install_qt_catalog(set_language(code))  # Qt's own buttons and dialogs too
        self.retranslate()

    def _page_changed(self, _page_id: int) -> None:
        self.button(QWizard.WizardButton.CustomButton1).setVisible(self.currentPage() is not self.done_page)

    def skip_step(self) -> None:
        page = self.currentPage()
        if isinstance(page, SetupPage) and page.skip():
            self.next()

    def show_help(self) -> None:
        show_guide(self, "getting-started")

    def open_training(self) -> None:
        self.choice = TRAINING
        super().accept()

    @property
    def keys(self):
        return self.passphrase_page.keys

    def accept(self) -> None:
        settings = self.settings
        settings.language = self.language_page.chosen()
        for name, value in self.officer_page.values().items():
            setattr(settings, name, value)
        settings.device_name = self.device_page.device.text().strip()
        settings.first_run_done = True
        try:
            settings.save(self.home.ensure().settings_path)
        except OSError as exc:
            QMessageBox.critical(
                self, APP_NAME, _("The settings cannot be saved: {reason}").format(reason=exc.strerror or exc)
            )
            return
        self.choice = DONE
        super().accept()

    def reject(self) -> None:
        if self.rerun:
            install_qt_catalog(set_language(self.start_language))
        super().reject()


def switch_to_training(app_context) -> None:
    """Make ``app_context`` open the training sandbox of its home (created with demo data if needed)."""
    from desktop.sandbox import ensure_sandbox
    from desktop.training import sandbox_home

    app = QApplication.instance()
    app.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        app_context.close()
        sandbox = ensure_sandbox(sandbox_home(app_context.home), app_context.settings)
    finally:
        app.restoreOverrideCursor()
    app_context.home = sandbox
    app_context.training = True
    app_context.set_keys(None)
    app_context.settings = Settings.load(sandbox.settings_path)
    set_language(app_context.settings.language)


def run_first_run(app_context) -> str:
    """The assistant on a new computer; DONE, TRAINING (the context now opens the sandbox) or CANCELLED."""
    from desktop.ui.security_dialogs import UnlockDialog

    home = app_context.home
    if home_lock.is_protected(home):  # a passphrase was chosen before the assistant was left
        dialog = UnlockDialog(home, offer_training=True)
        if dialog.exec() != dialog.DialogCode.Accepted:
            return CANCELLED
        if dialog.training_requested:
            switch_to_training(app_context)
            return TRAINING
        app_context.set_keys(dialog.keys)
    wizard = FirstRunWizard(home, app_context.settings)
    wizard.exec()
    if wizard.choice == TRAINING:
        switch_to_training(app_context)
    elif wizard.choice == DONE:
        app_context.set_keys(wizard.keys or app_context.unlocked_keys)
        set_language(app_context.settings.language)
    return wizard.choice


def run_again(parent, home, settings: Settings) -> bool:
    """The assistant opened from Settings; True when its answers were saved."""
    wizard = FirstRunWizard(home, settings, rerun=True, parent=parent)
    wizard.exec()
    return wizard.choice == DONE
