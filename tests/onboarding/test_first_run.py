"""The setup assistant walked with pytest-qt, in English and Indonesian; every step skippable; the
training sandbox from the start screen; 'run again' from Settings."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from desktop import APP_NAME
from desktop.app_context import AppContext
from desktop.i18n import _, current_language, set_language
from desktop.security import home_lock
from desktop.settings import Settings
from desktop.sync import keys
from desktop.ui.app import application, create_main_window
from desktop.ui.first_run import DONE, TRAINING, FirstRunWizard, switch_to_training
from desktop.ui.next_steps import show_next_steps

PASS = "rusa timor berlari 2026"


def walk_to(wizard, page) -> None:
    for _step in range(len(wizard.pageIds())):
        if wizard.currentPage() is page:
            return
        wizard.next()
    assert wizard.currentPage() is page


def make_card(tmp_path):
    from desktop.paths import Home

    coordinator = Home.resolve(tmp_path / "coordinator").ensure()
    card = keys.init_coordinator(coordinator, "Koordinator Riau")
    path = tmp_path / "card.json"
    path.write_bytes(card.to_json())
    return card, path


def test_walk_in_indonesian_protects_imports_card_and_saves(qtbot, tmp_path, home, ref):
    application()
    settings = Settings()
    context = AppContext(home, settings)
    assert context.needs_first_run()
    wizard = FirstRunWizard(home, settings, ref)
    qtbot.addWidget(wizard)
    wizard.show()
    english_title = wizard.language_page.title()
    assert english_title == "Welcome to Pantau"
    wizard.language_page.buttons["id"].click()
    assert current_language() == "id"  # the whole app switches at once
    assert wizard.language_page.buttons["id"].text() == "Bahasa Indonesia"
    assert wizard.language_page.title() == _("Welcome to {app}").format(app=APP_NAME)  # retranslated now
    assert wizard.buttonText(QWizard.WizardButton.NextButton) == _("Next >")
    assert wizard.officer_page.labels[0].text() == _("Officer name:") == "Nama petugas:"  # from the id catalog
    assert wizard.buttonText(QWizard.WizardButton.CancelButton) == "Batal"
    wizard.next()
    page = wizard.officer_page
    qtbot.keyClicks(page.name, "Ayu Lestari")
    qtbot.keyClicks(page.officer_id, "NRP 1987")
    page.country.setCurrentIndex(page.country.findData("ID"))
    assert page.agency.count() > 3 and any("BKSDA" in page.agency.itemText(i) for i in range(page.agency.count()))
    page.agency.setCurrentIndex(next(i for i in range(page.agency.count()) if "BKSDA" in page.agency.itemText(i)))
    wizard.next()
    wizard.device_page.device.setText("Laptop BKSDA Riau 2")
    wizard.next()
    assert wizard.currentPage() is wizard.passphrase_page and wizard.passphrase_page.panel.isVisible()
    qtbot.keyClicks(wizard.passphrase_page.panel.first, "short")
    qtbot.keyClicks(wizard.passphrase_page.panel.second, "short")
    wizard.next()
    assert wizard.currentPage() is wizard.passphrase_page  # a weak passphrase does not pass
    for field in (wizard.passphrase_page.panel.first, wizard.passphrase_page.panel.second):
        field.clear()
        qtbot.keyClicks(field, PASS)
    wizard.next()
    assert home_lock.is_protected(home) and wizard.keys is not None
    card, path = make_card(tmp_path)
    assert wizard.card_page.import_card_file(path)
    assert card.fingerprint in wizard.card_page.result.text()
    wizard.next()
    assert wizard.currentPage() is wizard.done_page
    assert "Ayu Lestari" in wizard.done_page.summary.text()
    assert not wizard.button(QWizard.WizardButton.CustomButton1).isVisible()
    wizard.accept()
    assert wizard.choice == DONE
    saved = Settings.load(home.settings_path)
    assert (saved.language, saved.officer_name, saved.officer_id, saved.country, saved.device_name) == (
        "id",
        "Ayu Lestari",
        "NRP 1987",
        "ID",
        "Laptop BKSDA Riau 2",
    )
    assert "BKSDA" in saved.agency and saved.first_run_done
    assert [c.fingerprint for c in keys.imported_cards(home)] == [card.fingerprint]
    set_language("en")


def test_every_step_can_be_skipped_in_english(qtbot, home, ref, monkeypatch):
    application()
    settings = Settings(language="en")
    wizard = FirstRunWizard(home, settings, ref)
    qtbot.addWidget(wizard)
    wizard.show()
    skip = wizard.button(QWizard.WizardButton.CustomButton1)
    assert skip.isVisible() and skip.text() == "Skip this step"
    wizard.language_page.buttons["ms"].click()
    assert current_language() == "ms"
    wizard.skip_step()  # skipping forgets the choice: back to English
    assert current_language() == "en" and wizard.currentPage() is wizard.officer_page
    qtbot.keyClicks(wizard.officer_page.name, "typed then skipped")
    wizard.skip_step()
    assert wizard.officer_page.name.text() == ""
    wizard.skip_step()
    assert wizard.currentPage() is wizard.passphrase_page
    wizard.passphrase_page.panel.training.setChecked(True)  # no passphrase only by explicit choice
    wizard.next()
    assert wizard.currentPage() is wizard.card_page and not home_lock.is_protected(home)
    wizard.skip_step()
    assert wizard.currentPage() is wizard.done_page
    assert "NOT protected" in wizard.done_page.summary.text()
    wizard.accept()
    assert Settings.load(home.settings_path).first_run_done


def test_open_training_sandbox_from_the_first_screen(qtbot, tmp_path, ref):
    application()
    context = AppContext.create(home=str(tmp_path / "new"))
    wizard = FirstRunWizard(context.home, context.settings, ref)
    qtbot.addWidget(wizard)
    assert wizard.language_page.training_button.text() == "Open the training sandbox"
    qtbot.mouseClick(wizard.language_page.training_button, Qt.MouseButton.LeftButton)
    assert wizard.choice == TRAINING
    switch_to_training(context)
    try:
        assert context.training and context.home.root.name == "training"
        assert not context.needs_first_run()
        window = create_main_window(context)
        qtbot.addWidget(window)
        assert window.training_banner is not None
        window.close()
    finally:
        context.close()
    assert not Settings.load(tmp_path / "new" / "settings.json").first_run_done  # it asks again next time


def test_run_again_from_settings_keeps_the_passphrase_and_shows_next_steps(qtbot, home, ref):
    application()
    settings = Settings(officer_name="Old Name", first_run_done=True)
    keys_ = home_lock.protect_new_home(home, PASS)
    settings.save(home.settings_path)
    context = AppContext.create(home=str(home.root))
    context.set_keys(keys_)
    window = create_main_window(context)
    qtbot.addWidget(window)
    try:
        page = window.pages["settings"]
        assert page.findChild(type(page.officer), "officerName") is not None
        wizard = FirstRunWizard(home, context.settings, ref, rerun=True, parent=page)
        qtbot.addWidget(wizard)
        wizard.show()
        assert not wizard.language_page.training_button.isVisibleTo(wizard)
        walk_to(wizard, wizard.passphrase_page)
        assert not wizard.passphrase_page.panel.isVisibleTo(wizard)
        assert "protected" in wizard.passphrase_page.status.text()
        wizard.officer_page.name.setText("New Name")
        walk_to(wizard, wizard.done_page)
        wizard.accept()
        assert context.settings.officer_name == "New Name"
        panel = show_next_steps(window)
        assert panel.parent() is window.pages["dashboard"] and window.current_page_key() == "dashboard"
        if window.lock_controller:
            window.lock_controller.watcher.stop()
        window.close()
    finally:
        context.close()


def test_wizard_by_keyboard_device_name_selected_enter_on_the_card_step_and_summary(qtbot, home, ref):
    from PySide6.QtWidgets import QApplication

    application()
    wizard = FirstRunWizard(home, Settings(language="en", device_name="LAPTOP-8GH2"), ref)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.activateWindow()
    qtbot.waitExposed(wizard)
    walk_to(wizard, wizard.device_page)
    field = wizard.device_page.device
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field)
    assert field.selectedText() == "LAPTOP-8GH2"  # the suggestion is selected: typing replaces it
    qtbot.keyClicks(field, "Laptop Polda Riau 2")
    assert field.text() == "Laptop Polda Riau 2"
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.passphrase_page
    wizard.passphrase_page.panel.training.setChecked(True)
    wizard.next()
    assert wizard.currentPage() is wizard.card_page
    wizard.card_page.button.setFocus()
    qtbot.waitUntil(wizard.card_page.button.hasFocus)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # Enter: the next step, no file dialog
    assert QApplication.activeModalWidget() in (None, wizard)
    assert wizard.currentPage() is wizard.done_page
    summary = wizard.done_page.summary.text()
    assert "Laptop Polda Riau 2" in summary
    assert "Coordinator card: none yet" in summary and ": 0" not in summary
