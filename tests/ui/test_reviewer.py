"""Every page, dialog, wizard step and the workshop window looked at like a reviewer, in Bahasa
Indonesia and Bahasa Melayu, on a 1366×768 laptop at 150 % text size: no English left where Pantau
has a translation, and no label or button text cut off."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from desktop.i18n import set_language
from desktop.ui.main_window import PAGE_KEYS
from tests.ui.reviewer_walk import cut_texts, untranslated

LANGS = ["id", "ms"]


@pytest.fixture
def laptop(main_window, qtbot):
    from desktop.ui.app import apply_text_size

    app = QApplication.instance()
    apply_text_size(app, 150)
    main_window.resize(1366, 728)  # a 1366×768 screen less the taskbar
    yield main_window
    apply_text_size(app, 100)
    set_language("en")


def _settle(qtbot, widget) -> None:
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.wait(30)  # layouts are applied by the event loop


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_every_page_in_the_officers_language(laptop, qtbot, lang):
    window = laptop
    window.change_language(lang)
    problems = []
    for key in PAGE_KEYS:
        window.show_page(key)
        _settle(qtbot, window)
        page = window.pages[key]
        problems += [f"{key}: {p}" for p in untranslated(window, lang)]
        problems += [f"{key}: {p}" for p in cut_texts(page)]
        if key in ("observations", "seizures"):  # the entry form too, with its CITES lists
            page.new_record()
            _settle(qtbot, window)
            problems += [f"{key} form: {p}" for p in untranslated(page.form, lang) + cut_texts(page.form)]
            page.form.discard()
    assert not sorted(set(problems)), "\n".join(sorted(set(problems)))


@pytest.mark.parametrize("lang", LANGS)
def test_the_setup_assistant_in_the_officers_language(qtbot, home, ref, lang):
    from desktop.settings import Settings
    from desktop.ui.app import application, apply_text_size
    from desktop.ui.first_run import FirstRunWizard

    app = application()
    apply_text_size(app, 150)
    try:
        wizard = FirstRunWizard(home, Settings(language="en", device_name="LAPTOP-8GH2"), ref)
        qtbot.addWidget(wizard)
        wizard.language_page.buttons[lang].click()
        _settle(qtbot, wizard)
        problems = []
        for _step in range(len(wizard.pageIds())):
            page = wizard.currentPage()
            problems += [f"{type(page).__name__}: {p}" for p in untranslated(wizard, lang)]
            problems += [f"{type(page).__name__}: {p}" for p in cut_texts(page)]
            if page is wizard.passphrase_page:
                page.panel.training.setChecked(True)
            if page is wizard.done_page:
                break
            wizard.next()
            qtbot.wait(20)
        assert not sorted(set(problems)), "\n".join(sorted(set(problems)))
    finally:
        apply_text_size(app, 100)
        set_language("en")


@pytest.mark.parametrize("lang", LANGS)
def test_security_dialogs_and_the_workshop_in_the_officers_language(qtbot, store, home, lang):
    from desktop.security import home_lock
    from desktop.ui.app import application, apply_text_size
    from desktop.ui.questionnaire.page import QuestionnairesPage
    from desktop.ui.questionnaire.workshop_mode import WorkshopStartDialog
    from desktop.ui.security_dialogs import PassphraseSetupDialog, UnlockDialog

    app = application()
    apply_text_size(app, 150)
    set_language(lang)
    try:
        problems = []
        setup = PassphraseSetupDialog(home)
        qtbot.addWidget(setup)
        _settle(qtbot, setup)
        problems += untranslated(setup, lang) + cut_texts(setup)
        setup.close()
        page = QuestionnairesPage(store)
        qtbot.addWidget(page)
        dialog = WorkshopStartDialog(store, page.responses.library, page)
        _settle(qtbot, dialog)
        problems += untranslated(dialog, lang) + cut_texts(dialog)
        qtbot.keyClicks(dialog.name, "Lokakarya")
        qtbot.keyClicks(dialog.pin, "2580")
        qtbot.keyClicks(dialog.pin_again, "2580")
        dialog.try_start()
        window = page.enter_workshop(dialog.workshop)
        window.showNormal()  # the offscreen screen is smaller than the laptop's: its size, not the screen's
        window.resize(1366, 728)
        _settle(qtbot, window)
        problems += [f"workshop: {p}" for p in untranslated(window, lang) + cut_texts(window)]
        window.suspend()
        window.deleteLater()
        home_lock.protect_new_home(home.__class__.resolve(home.root.parent / "locked"), "kancil melompat 2026")
        unlock = UnlockDialog(home.__class__.resolve(home.root.parent / "locked"), offer_training=True)
        qtbot.addWidget(unlock)
        _settle(qtbot, unlock)
        problems += [f"unlock: {p}" for p in untranslated(unlock, lang) + cut_texts(unlock)]
        assert not sorted(set(problems)), "\n".join(sorted(set(problems)))
    finally:
        apply_text_size(app, 100)
        set_language("en")
