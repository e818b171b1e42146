"""Workshop mode with the trainer's PIN and auto-lock (pytest-qt, real main window, short idle time).

What a trainer expects: a respondent who walks away (even with a dialog open) never leaves the
main window exposed. The lock screen takes the workshop screen's place, in the trainer's language;
the respondent's answers are kept as a draft; after the passphrase the workshop screen comes back
with the same respondent on the same page, in their language, and the counter as it was. Leaving
workshop mode needs the trainer's PIN, and each wrong PIN waits longer than the last."""

from __future__ import annotations

import gettext
import time

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from desktop.app_context import AppContext
from desktop.forms.installed import FormLibrary
from desktop.forms.workshop import WorkshopBook
from desktop.i18n import DOMAIN, LOCALE_DIR, current_language
from desktop.security import home_lock
from desktop.store import ListFilter
from desktop.ui.app import application, create_main_window
from desktop.ui.questionnaire.workshop_mode import WorkshopWindow
from desktop.ui.security_dialogs import UnlockPanel
from tests.entry.conftest import Keyboard
from tests.questionnaire.qt_helpers import Modals, answer_mini_by_keyboard, drop_workshop_windows, pin, wait_for_retry

PASS = "kancil melompat 2026"
TRAINER_PIN = "2580"


def id_text(message: str) -> str:
    return gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=["id"]).gettext(message)


def visible_windows() -> list:
    return [w for w in QApplication.topLevelWidgets() if w.isWindow() and w.isVisible()]


def walk_away(controller, dialog) -> None:
    """Leave ``dialog`` open and let the idle time run (a dialog still open after 5 s is
    cancelled, so that a lock that forgets it fails the test instead of hanging it)."""
    controller.watcher.resume()
    QTimer.singleShot(5000, lambda: shiboken6.isValid(dialog) and dialog.isVisible() and dialog.reject())


@pytest.fixture
def protected_window(qtbot, home, settings, mini_path):
    """A protected home's main window that locks after 300 ms idle, the mini form installed, and
    a workshop running; the idle watcher is paused until a test lets it run."""
    application()
    settings.extra["autolock_minutes"] = 0.005  # 300 ms
    settings.save(home.ensure().settings_path)
    ctx = AppContext.create(home=str(home.root))
    ctx.set_keys(home_lock.protect_new_home(home, PASS))  # as if unlocked at the start
    window = create_main_window(ctx)
    qtbot.addWidget(window)
    window.lock_controller.watcher.pause()
    window.show()
    FormLibrary(window.store).install_file(mini_path)
    workshop = WorkshopBook(window.store).start(
        "Online trade workshop", "Bogor", "2026-03-15", TRAINER_PIN, "mini", "1"
    )
    window.show_page("questionnaires")
    window.pages["questionnaires"].enter_workshop(workshop)
    yield window
    window.lock_controller.watcher.stop()
    drop_workshop_windows()
    ctx.close()


def test_auto_lock_during_a_workshop_keeps_the_respondent_and_hides_the_main_window(qtbot, protected_window):
    window = protected_window
    workshop_window = window.pages["questionnaires"].workshop_window
    qtbot.waitExposed(workshop_window)
    workshop_window.activateWindow()
    assert visible_windows() == [workshop_window]
    answer_mini_by_keyboard(qtbot, workshop_window.filler, "1", "2")  # respondent 1 finishes
    Keyboard(qtbot).enter()  # … and hands over

    # respondent 2 answers in Bahasa Indonesia, reaches page 2, presses 'Leave' and walks away
    filler = workshop_window.filler
    filler.language.setCurrentIndex(filler.language.findData("id"))
    keyboard = Keyboard(qtbot)
    qtbot.waitUntil(lambda: any(w.has_focus() for w in filler.widgets))
    for digit in ("2", "2", "1"):  # Malaysia, customs, officer
        keyboard.type(digit)
        keyboard.enter()
    assert filler.page_title.text() == "Pekerjaan Anda"
    keyboard.type("1")  # handled: yes
    draft_id = filler.response.id
    assert draft_id
    controller = window.lock_controller
    modals = Modals().then(lambda dialog: walk_away(controller, dialog))  # the PIN dialog stays open …
    started = time.monotonic()
    workshop_window.leave_button.click()  # … until the lock closes it
    modals.stop()
    qtbot.waitUntil(lambda: controller.is_locked, timeout=5000)
    idle_s = time.monotonic() - started
    assert modals.done == ["PinDialog"] and 0.25 < idle_s < 5

    # locked: the store is closed, only the lock screen shows, in the trainer's language
    assert window.app_context._store is None and window.app_context._keys is None
    panel = window.centralWidget()
    assert isinstance(panel, UnlockPanel)
    assert visible_windows() == [window] and not window.menuBar().isVisible()
    assert not any(isinstance(w, WorkshopWindow) and w.isVisible() for w in QApplication.topLevelWidgets())
    assert current_language() == "en" and panel.button.text() == "Unlock"

    qtbot.keyClicks(panel.passphrase, PASS)
    qtbot.keyClick(panel.passphrase, Qt.Key.Key_Return)
    controller.watcher.pause()
    assert not controller.is_locked

    # back in workshop mode: the same respondent, page, language and answers; the counter intact
    page = window.pages["questionnaires"]
    resumed = page.workshop_window
    assert resumed is not None and resumed is not workshop_window
    assert visible_windows() == [resumed] and not window.isVisible()
    filler = resumed.filler
    assert filler.response.id == draft_id and filler.lang == "id" and current_language() == "id"
    assert filler.page_title.text() == "Pekerjaan Anda"
    assert filler.session.value("country") == "MY" and filler.session.value("handled") == "yes"
    assert resumed.counter.text() == id_text("Responses collected: {n}").format(n=1)
    assert WorkshopBook(window.store).current().id == resumed.workshop.id  # the session never ended

    # the respondent goes on where they were and finishes
    qtbot.waitExposed(resumed)
    resumed.activateWindow()
    qtbot.waitUntil(lambda: filler.focus_question("handled") and QApplication.focusWidget() is not None)
    keyboard.enter()
    keyboard.type("4")  # cases
    keyboard.enter()
    keyboard.type("2")  # tools: OSINT
    keyboard.enter()
    keyboard.press(Qt.Key.Key_Tab)
    keyboard.enter()  # Selesai
    assert resumed.stack.currentWidget() is resumed.thanks
    assert resumed.counter.text() == id_text("Responses collected: {n}").format(n=2)
    done = window.store.get("response", draft_id)
    assert done.status == "complete" and done.answers["cases"] == 4 and done.workshop_id == resumed.workshop.id

    modals = Modals().then(pin(TRAINER_PIN))
    resumed.leave_button.click()
    modals.stop()
    assert window.isVisible() and not resumed.isVisible() and window.current_page_key() == "questionnaires"
    assert WorkshopBook(window.store).current() is None and current_language() == "en"


def test_lock_with_nothing_answered_yet_brings_an_empty_questionnaire_back(qtbot, protected_window):
    window = protected_window
    controller = window.lock_controller
    controller.lock()
    assert visible_windows() == [window]
    panel = window.centralWidget()
    qtbot.keyClicks(panel.passphrase, PASS)
    qtbot.keyClick(panel.passphrase, Qt.Key.Key_Return)
    controller.watcher.pause()
    resumed = window.pages["questionnaires"].workshop_window
    assert visible_windows() == [resumed]
    assert resumed.filler.response.id == "" and resumed.filler.session.answers == {}
    assert window.store.count(ListFilter(kind="response")) == 0


def test_wrong_pins_wait_longer_each_time_even_after_cancelling(qtbot, protected_window):
    window = protected_window
    workshop_window = window.pages["questionnaires"].workshop_window
    waits, texts = [], []

    def wrong(value):
        def act(dialog):
            texts.append(dialog.error.text() if dialog.error.isVisible() else "")
            waits.append(wait_for_retry(dialog))
            dialog.pin.setText(value)
            dialog.try_accept()
            assert dialog.isVisible() and not dialog.pin.isEnabled() and not dialog.ok_button.isEnabled()
            texts.append(dialog.error.text())
            dialog.pin.setText(TRAINER_PIN)  # the right PIN, too early: not taken
            dialog.try_accept()
            assert dialog.isVisible()
            dialog.reject()  # cancel, and ask again at once

        return act

    for value in ("1111", "2222", "3333"):
        modals = Modals().then(wrong(value))
        workshop_window.leave_button.click()
        modals.stop()
        assert workshop_window.isVisible() and WorkshopBook(window.store).current() is not None
    wait = "That is not the trainer's PIN. Try again in {n} s.".format
    assert texts == ["", wait(n=1), wait(n=1), wait(n=2), wait(n=2), wait(n=4)]
    assert waits[0] == 0 and 700 <= waits[1] <= 1500 and 1600 <= waits[2] <= 2600  # 1 s, then 2 s
    modals = Modals().then(pin(TRAINER_PIN))
    workshop_window.leave_button.click()
    modals.stop()
    assert modals.done == ["PinDialog"] and not workshop_window.isVisible() and window.isVisible()
