"""Filling in the built-in questionnaire by keyboard (pytest-qt): Bahasa Indonesia first, English
from the middle on (answers kept, the screen's own buttons and messages retranslated), skip
logic and constraints, drafts saved on every change, the fallback marker, review and reopen."""

from __future__ import annotations

import gettext

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox, QRadioButton

from desktop.forms.responses import ResponseBook
from desktop.forms.workshop import set_device_pin
from desktop.i18n import DOMAIN, LOCALE_DIR, current_language, set_language
from desktop.ui.questionnaire.page import QuestionnairesPage
from tests.entry.conftest import Keyboard
from tests.questionnaire.qt_helpers import Modals, pin


def translated(message: str, lang: str) -> str:
    """What ``_()`` gives for ``message`` in ``lang`` (from the compiled catalog)."""
    return gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[lang], fallback=True).gettext(message)


@pytest.fixture
def page(qtbot, store):
    from desktop.ui.app import application

    application()
    widget = QuestionnairesPage(store)
    qtbot.addWidget(widget)
    widget.resize(1000, 760)
    widget.show()
    widget.activateWindow()
    qtbot.waitExposed(widget)
    return widget


def focused():
    return QApplication.focusWidget()


def focused_question(filler):
    return next((w for w in filler.widgets if w.has_focus()), None)


def test_fill_by_keyboard_in_indonesian_then_english(page, qtbot, store):
    keyboard = Keyboard(qtbot)
    set_language("id")
    page.new_response()
    filler = page.filler
    assert filler.lang == "id" and current_language() == "id"
    assert filler.next_button.text() == translated("Next", "id")
    assert filler.title.text().startswith("Penilaian kebutuhan")
    qtbot.waitUntil(lambda: focused() is filler.next_button)  # page 1 is a note only
    keyboard.enter()

    # -- page 2, 'Tentang Anda': number keys pick, Enter moves on -------------------------------
    assert filler.page_title.text() == "Tentang Anda"
    assert focused_question(filler).question.name == "country"
    assert "1. Indonesia" in focused().text()
    keyboard.type("1")  # Indonesia
    assert filler.session.value("country") == "ID"
    region = next(w for w in filler.widgets if w.question.name == "region")
    assert region.isVisible()  # skip logic: shown for ID and MY
    keyboard.type("3")  # Singapore: no region question
    assert filler.session.value("country") == "SG" and not region.isVisible()
    keyboard.type("1")
    assert filler.session.value("country") == "ID" and region.isVisible()
    keyboard.enter()
    assert focused_question(filler).question.name == "region"
    keyboard.type("2")  # Jawa
    assert filler.session.value("region") == "jawa"
    keyboard.enter()
    keyboard.type("8")  # agency: 8th choice, 'Lainnya' (other)
    assert filler.session.value("agency_type") == "other"
    specify = next(w for w in filler.widgets if w.question.other_for == "agency_type")
    assert specify.isVisible()
    keyboard.type("1")  # no: police after all
    assert not specify.isVisible() and filler.session.value("agency_type") == "police"
    keyboard.enter()
    assert focused_question(filler).question.name == "role_level"
    keyboard.type("2")
    keyboard.enter()
    assert focused_question(filler).question.name == "years_service"
    keyboard.type("60")
    keyboard.enter()  # constraint message, inline, in Indonesian
    years = next(w for w in filler.widgets if w.question.name == "years_service")
    assert years.problem.isVisible() and "Masukkan jumlah tahun antara 0 dan 50." in years.problem.text()
    assert focused_question(filler).question.name == "years_wildlife"
    keyboard.type("15")
    keyboard.enter()  # last question: Next checks the page
    assert filler.page_title.text() == "Tentang Anda"
    assert filler.message.isVisible()
    assert filler.message.text() == translated("Please answer or correct the questions marked in red.", "id")
    assert focused_question(filler).question.name == "years_service"  # the first problem
    keyboard.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    keyboard.type("12")
    keyboard.enter()
    assert not years.problem.isVisible()
    keyboard.enter()  # years_wildlife 15 > 12: still wrong
    wildlife = next(w for w in filler.widgets if w.question.name == "years_wildlife")
    assert "Tidak boleh lebih dari lama bertugas Anda." in wildlife.problem.text()
    assert focused_question(filler).question.name == "years_wildlife"
    keyboard.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    keyboard.type("5")
    keyboard.enter()
    assert filler.page_title.text() == "Pengalaman dengan perdagangan satwa liar daring"

    # the draft is already saved, by choice name, with the language
    saved = store.get("response", filler.response.id)
    assert saved.status == "draft" and saved.language == "id"
    assert {
        k: saved.answers[k]
        for k in ("country", "region", "agency_type", "role_level", "years_service", "years_wildlife")
    } == {
        "country": "ID",
        "region": "jawa",
        "agency_type": "police",
        "role_level": "supervisor",
        "years_service": 12,
        "years_wildlife": 5,
    }
    assert saved.respondent_country == "ID" and saved.respondent_role == "supervisor"

    # -- switch to English in the middle of the response -------------------------------------
    keyboard.press(Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert focused() is filler.language
    keyboard.type("E")  # 'English' in the list
    assert filler.lang == "en" and current_language() == "en"
    assert filler.page_title.text() == "Experience with online wildlife trade"
    assert filler.next_button.text() == "Next" and filler.back_button.text() == "Back"
    assert filler.language_label.text() == "&Language"
    assert filler.title.text() == "Needs assessment: tackling online wildlife trade"
    assert filler.session.value("years_service") == 12 and filler.session.value("region") == "jawa"
    assert store.get("response", filler.response.id).language == "en"

    filler.focus_first()
    assert focused_question(filler).question.name == "online_cases_handled"
    assert focused().text() == "1. Yes"
    count = next(w for w in filler.widgets if w.question.name == "online_cases_count")
    assert not count.isVisible()
    keyboard.type("1")  # yes: follow-up questions appear
    assert count.isVisible()
    assert len(filler._visible_pages()) == 9  # + 'Investigation and evidence'
    keyboard.type("2")  # no: hidden again
    assert not count.isVisible() and len(filler._visible_pages()) == 8
    keyboard.type("1")
    keyboard.enter()
    keyboard.type("0")
    keyboard.enter()
    assert count.problem.text() == "✖ Enter a number between 1 and 1000."
    assert focused_question(filler).question.name == "case_outcomes"
    keyboard.press(Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)  # Shift+Tab goes back
    assert focused_question(filler).question.name == "online_cases_count"
    keyboard.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    keyboard.type("3")
    keyboard.enter()
    assert not count.problem.isVisible()
    assert focused_question(filler).question.name == "case_outcomes"
    keyboard.type("1")
    keyboard.type("3")  # multiple choice: ticks 1 and 3
    keyboard.type("1")  # … and unticks 1 again
    assert (
        filler.session.value("case_outcomes")
        == [c.name for c in filler.definition.question("case_outcomes").choices][2:3]
    )

    # back to the profile page with Alt+Left: everything is still there, now in English
    keyboard.press(Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert filler.page_title.text() == "About you"
    checked = [b for b in filler.widgets[0].buttons if b.isChecked()]
    assert [b.text() for b in checked] == ["1. Indonesia"]
    line = next(w for w in filler.widgets if w.question.name == "years_service").line
    assert line.text() == "12"
    saved = store.get("response", filler.response.id)
    assert saved.answers["online_cases_count"] == 3 and saved.status == "draft"


def test_questions_hidden_by_skip_logic_are_hidden_when_the_page_first_shows(page, qtbot):
    page.new_response()
    filler = page.filler
    filler.go_next()  # 'About you', nothing answered
    qtbot.wait(50)  # the layout has shown the new widgets
    hidden = {w.question.name for w in filler.widgets if not w.isVisible()}
    assert {"region", "agency_type_other"} <= hidden
    filler.findChild(QRadioButton, "choice:country:MY").click()
    region = next(w for w in filler.widgets if w.question.name == "region")
    assert region.isVisible()


def test_required_messages_follow_the_switch_and_missing_labels_are_marked(page, qtbot, store, library, mini):
    set_language("id")
    page.forms.reload(select=("mini", "1"))
    page.new_response()
    filler = page.filler
    filler.go_next()  # nothing answered: required messages
    country = filler.widgets[0]
    assert country.problem.text() == "✖ " + translated("This question is required.", "id")
    filler.language.setCurrentIndex(filler.language.findData("en"))
    assert filler.widgets[0].problem.text() == "✖ This question is required."
    assert filler.message.text() == "Please answer or correct the questions marked in red."
    filler.language.setCurrentIndex(filler.language.findData("id"))
    for name, value in (("country", "MY"), ("agency_type", "customs"), ("role_level", "manager")):
        filler.session.set_answer(name, value)
    filler.show_page(1)
    tools = next(w for w in filler.widgets if w.question.name == "tools")
    assert "Perangkat yang digunakan" in tools.label.text()
    assert "Select all that apply." in tools.hint.text()  # no Indonesian hint: English shown …
    assert translated("[not translated: {language}]", "id").format(language="English") in tools.hint.text()
    assert "Tangkapan layar" in tools.buttons[0].text()


def test_complete_response_is_read_only_until_the_trainer_reopens_it(page, qtbot, store, library, mini):
    book = ResponseBook(store, library)
    response = book.new("mini", language="en")
    session = book.session(response)
    for name, value in (("country", "ID"), ("agency_type", "police"), ("role_level", "officer"), ("handled", "no")):
        session.set_answer(name, value)
    response = book.complete(response, session)
    set_device_pin(store, "8642")
    page.forms.reload(select=("mini", "1"))
    page.refresh()
    assert page.model.rowCount() == 1 and page.reopen_button.isEnabled()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # Enter opens the selected response
    filler = page.filler
    assert filler.read_only and filler.banner.isVisible()
    assert not any(w.isEnabled() for qw in filler.widgets for w in qw.inputs)
    assert filler.reopen_button.isVisible()
    modals = Modals().then(pin("8642", wrong_first="1111"))
    filler.reopen_button.click()
    modals.stop()
    assert modals.done == ["PinDialog"]
    filler = page.filler
    assert not filler.read_only and store.get("response", response.id).status == "draft"
    radio = filler.findChild(QRadioButton, "choice:role_level:manager")
    radio.setChecked(True)
    assert store.get("response", response.id).respondent_role == "manager"
    filler.close_button.click()
    assert page.stack.currentWidget() is page.overview


def test_discard_draft_asks_first_and_leaves_a_tombstone(page, qtbot, store, library, mini):
    page.forms.reload(select=("mini", "1"))
    page.new_response()
    filler = page.filler
    assert filler.discard_button.isVisible() and filler.discard_button.text() == "Discard draft"
    qtbot.waitUntil(lambda: focused_question(filler) is not None)
    Keyboard(qtbot).type("2")  # Malaysia: saved as a draft
    draft_id = filler.response.id
    assert store.get("response", draft_id).status == "draft"

    modals = Modals().then(lambda box: box.button(QMessageBox.StandardButton.No).click())
    filler.discard_button.click()  # asked, and 'No': nothing happens
    modals.stop()
    assert modals.done == ["QMessageBox"] and "Discard this draft response?" in modals.texts[0]
    assert page.stack.currentWidget() is filler and not store.get("response", draft_id).deleted

    filler.session.set_answer("agency_type", "customs")  # typed but not saved yet …
    filler.dirty = True
    modals = Modals().then(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    filler.discard_button.click()
    modals.stop()
    assert page.stack.currentWidget() is page.overview and page.model.rowCount() == 0
    record = store.get("response", draft_id)
    assert record.deleted and record.answers == {"country": "MY"}  # … and not saved afterwards
    assert [h["action"] for h in store.history(draft_id)] == ["create", "delete"]

    # from the list: only drafts can be discarded
    book = ResponseBook(store, library)
    done = book.complete(
        book.new("mini"),
        _mini_session(book, {"country": "ID", "agency_type": "police", "role_level": "officer", "handled": "no"}),
    )
    draft = book.save_draft(book.new("mini"), _mini_session(book, {"country": "ID"}))
    page.reload_responses()
    rows = {row["id"]: index for index, row in enumerate(page.rows)}
    page.table.selectRow(rows[done.id])
    assert not page.discard_button.isEnabled()
    page.table.selectRow(rows[draft.id])
    assert page.discard_button.isEnabled()
    modals = Modals().then(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    page.discard_button.click()
    modals.stop()
    assert [row["id"] for row in page.rows] == [done.id] and store.get("response", draft.id).deleted


def _mini_session(book, answers):
    session = book.session(book.new("mini"))
    for name, value in answers.items():
        session.set_answer(name, value)
    return session


def test_new_response_from_the_main_window(qtbot, main_window_with_questionnaires):
    window = main_window_with_questionnaires
    window.show_page("questionnaires")
    page = window.pages["questionnaires"]
    assert page.forms.table.rowCount() == 1
    page.new_button.click()
    assert page.stack.currentWidget() is page.filler
    assert isinstance(page.filler.findChild(QLineEdit), (QLineEdit, type(None)))


@pytest.fixture
def main_window_with_questionnaires(qtbot, home, settings):
    from desktop.app_context import AppContext
    from desktop.ui.app import application, create_main_window

    settings.save(home.ensure().settings_path)
    ctx = AppContext.create(home=str(home.root))
    application()
    window = create_main_window(ctx)
    qtbot.addWidget(window)
    window.show()
    yield window
    ctx.close()


def test_import_from_the_gui_shows_every_problem_and_the_warnings(page, qtbot, make_xlsform, full_path):
    bad = make_xlsform(
        [
            ["type", "name", "label", "constraint"],
            ["integer", "age", "Age", ". >>= 1"],
            ["select_one nope", "pick", "Pick"],
            ["integer", "age", "Again"],
        ]
    )
    report = page.forms.import_file(str(bad))
    cells = [[report.table.item(r, c).text() for c in range(4)] for r in range(report.table.rowCount())]
    assert report.table.rowCount() >= 3
    assert ["survey", "2", "constraint"] in [row[:3] for row in cells]
    assert ["survey", "4", "name"] in [row[:3] for row in cells]
    assert any(row[:2] == ["survey", "3"] for row in cells)
    assert "was not installed" in report.findChild(QLabel, "importSummary").text()
    assert page.forms.table.rowCount() == 1

    report = page.forms.import_file(str(full_path))
    assert "Installed form 'full_form' version 3" in report.findChild(QLabel, "importSummary").text()
    rows = [[report.table.item(r, c).text() for c in range(4)] for r in range(report.table.rowCount())]
    assert ["choices", "5", "label::Bahasa Indonesia (id)"] in [row[:3] for row in rows]
    assert all("Bahasa Indonesia" in row[3] for row in rows)
    assert page.forms.table.rowCount() == 2
    listed = [[page.forms.table.item(r, c).text() for c in range(5)] for r in range(2)]
    assert ["full_form", "Full form", "3", "English, Bahasa Indonesia", "0 (0 complete)"] in listed


def test_the_questionnaires_language_stays_with_the_questionnaire(qtbot, main_window_with_questionnaires):
    """Switching the questionnaire to English, then opening another page by keyboard: that page
    (built only now) and the app speak Indonesian; back on the questionnaire it is English again."""
    from PySide6.QtWidgets import QApplication

    window = main_window_with_questionnaires
    window.change_language("id")
    qtbot.waitUntil(lambda: window.centralWidget().isVisible())  # the rebuilt pages are shown by the event loop
    window.activateWindow()
    window.show_page("questionnaires")
    page = window.pages["questionnaires"]
    page.new_button.click()
    filler = page.filler
    assert filler.lang == "id"
    window.activateWindow()
    filler.focus_first()
    qtbot.waitUntil(lambda: filler.isAncestorOf(QApplication.focusWidget()))
    filler.language.setFocus(Qt.FocusReason.MouseFocusReason)  # a click on the language list
    qtbot.waitUntil(lambda: QApplication.focusWidget() is filler.language)
    qtbot.keyClicks(filler.language, "English")  # typing the name picks it in the list
    assert filler.lang == "en" and current_language() == "en"
    english_back = filler.back_button.text()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)  # Seizures
    assert window.current_page_key() == "seizures"
    assert current_language() == "id"
    seizures = window.pages["seizures"]
    assert seizures.new_button.text() == translated("New (Ctrl+N)", "id") != "New (Ctrl+N)"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "questionnaires" and page.filler is filler
    assert current_language() == "en" and filler.back_button.text() == english_back


def test_the_responses_list_shows_respondent_codes_as_words(qtbot, main_window_with_questionnaires):
    """Responses whose agency or role is not a choice of the form (the training sandbox's demo data)
    show words, not the stored codes."""
    from desktop.domain.records import QuestionnaireResponse
    from desktop.i18n import _

    window = main_window_with_questionnaires
    window.store.save(
        QuestionnaireResponse(
            form_id="needs_assessment",
            form_version="2026.1",
            language="id",
            respondent_country="ID",
            respondent_agency="forestry",
            respondent_role="middle",
            status="complete",
        ),
        accept_warnings=True,
    )
    window.change_language("id")
    window.show_page("questionnaires")
    page = window.pages["questionnaires"]
    page.reload_responses()
    model = page.table.model()
    cells = [model.index(0, c).data() for c in range(model.columnCount())]
    assert "forestry" not in cells and "middle" not in cells, cells
    assert _("Forestry") in cells and _("Middle") in cells
