"""Offscreen screenshots of a questionnaire page and the workshop summary, in English and Bahasa
Indonesia, written to /tmp/pantau-shots/ for people to look at; the test checks that nothing
is cut off (every label fits its width, the charts are drawn)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QRadioButton

from desktop.forms.responses import ResponseBook
from desktop.forms.workshop import WorkshopBook
from desktop.i18n import set_language
from desktop.ui.questionnaire.page import QuestionnairesPage

SHOTS = Path("/tmp/pantau-shots")
PROFILES = [
    ("ID", "police", "field_officer", 4, "yes", ["osint", "digital_evidence"]),
    ("MY", "customs", "supervisor", 12, "no", ["osint"]),
    ("MY", "police", "manager", 20, "yes", ["law", "osint", "financial"]),
    ("SG", "wildlife", "analyst", 2, "no", ["species_id"]),
]


def _fill_workshop(store) -> str:
    workshop = WorkshopBook(store).start(
        "Online wildlife trade", "Bogor", "2026-03-15", "1234", "needs_assessment", "2026.1"
    )
    book = ResponseBook(store)
    for country, agency, role, years, handled, topics in PROFILES:
        response = book.new("needs_assessment", workshop_id=workshop.id)
        session = book.session(response)
        for name, value in (
            ("country", country),
            ("agency_type", agency),
            ("role_level", role),
            ("years_service", years),
            ("online_cases_handled", handled),
            ("training_topics", topics),
            ("platforms_seen", ["facebook", "instagram"]),
            ("online_trend", "increasing"),
            ("training_priority", topics[0]),
        ):
            try:
                session.set_answer(name, value)
            except KeyError:
                pass
        book.complete(response, session)
    WorkshopBook(store).leave(workshop.id, "1234")  # else the page goes back into workshop mode
    return workshop.id


def _clipped_buttons(widget) -> list[str]:
    return [
        b.text() for b in widget.findChildren(QPushButton) if b.isVisible() and b.width() < b.sizeHint().width() - 2
    ]


def _clipped_labels(widget) -> list[str]:
    return [
        label.text()[:40]
        for label in widget.findChildren(QLabel)
        if label.isVisible()
        and not label.wordWrap()
        and label.text()
        and label.width() < label.minimumSizeHint().width() - 2
    ]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_screenshots_of_a_questionnaire_page_and_the_summary(qtbot, store, lang):
    from desktop.ui.app import application

    application()
    SHOTS.mkdir(parents=True, exist_ok=True)
    code = _fill_workshop(store)
    set_language(lang)
    page = QuestionnairesPage(store)
    qtbot.addWidget(page)
    page.resize(1000, 720)
    page.show()
    qtbot.waitExposed(page)
    qtbot.wait(50)  # the lazily loaded lists are laid out
    page.grab().save(str(SHOTS / f"questionnaires-list-{lang}.png"))

    page.new_response()
    filler = page.filler
    filler.go_next()
    filler.findChild(QRadioButton, "choice:country:ID").click()
    filler.findChild(QRadioButton, "choice:agency_type:other").click()
    years = filler.findChild(QLineEdit, "input:years_service")
    qtbot.keyClicks(years, "70")
    years.editingFinished.emit()
    qtbot.wait(50)
    assert not _clipped_buttons(filler) and not _clipped_labels(filler)
    path = SHOTS / f"questionnaire-page-{lang}.png"
    assert filler.grab().save(str(path)) and path.stat().st_size > 10_000
    filler.go_next()  # blocked: the problems are shown inline
    problem = filler.findChild(QLabel, "problem:years_service")
    assert problem.isVisible()
    filler.scroll.ensureWidgetVisible(problem)
    qtbot.wait(50)
    filler.grab().save(str(SHOTS / f"questionnaire-problems-{lang}.png"))

    page.back_to_list()
    page.scope.setCurrentIndex(page.scope.findData(code))
    page.show_summary()
    qtbot.wait(50)
    summary = page.summary
    assert summary.summary.total == len(PROFILES)
    assert not _clipped_buttons(summary)
    summary.grab().save(str(SHOTS / f"workshop-summary-{lang}.png"))
    body = summary.body
    body.resize(body.width(), body.sizeHint().height())
    path = SHOTS / f"workshop-summary-full-{lang}.png"
    assert body.grab().save(str(path)) and path.stat().st_size > 20_000


@pytest.mark.parametrize("lang", ["en", "id"])
def test_screenshots_of_workshop_mode_and_a_wrong_pin(qtbot, store, lang):
    from desktop.ui.app import application
    from desktop.ui.questionnaire.pin_dialog import PinDialog

    application()
    SHOTS.mkdir(parents=True, exist_ok=True)
    set_language(lang)
    book = WorkshopBook(store)
    workshop = book.start("Online wildlife trade", "Bogor", "2026-03-15", "1234", "needs_assessment", "2026.1")
    page = QuestionnairesPage(store)
    qtbot.addWidget(page)
    page.show()
    window = page.enter_workshop(workshop)
    window.showNormal()
    window.resize(1100, 720)
    qtbot.waitExposed(window)
    window.filler.go_next()
    window.filler.findChild(QRadioButton, "choice:country:MY").click()
    qtbot.wait(50)
    assert not _clipped_buttons(window) and not _clipped_labels(window)
    path = SHOTS / f"workshop-mode-{lang}.png"
    assert window.grab().save(str(path)) and path.stat().st_size > 10_000

    dialog = PinDialog("-", "-", lambda pin: book.leave(workshop.id, pin), window)
    dialog.show()
    dialog.pin.setText("9999")
    dialog.try_accept()
    qtbot.wait(50)
    assert dialog.error.isVisible() and not dialog.pin.isEnabled() and not _clipped_buttons(dialog)
    dialog.grab().save(str(SHOTS / f"pin-wrong-{lang}.png"))
    dialog.reject()
    book.leave(workshop.id, "1234")
    window._leaving = True
    window.close()
