"""Double entry where both keyings agree on an answer that breaks a form rule: it goes back to the person
keying, with the rule's message, and the list shows the true state (never 'Complete')."""

from __future__ import annotations

import pytest

from desktop.forms.double_entry import DoubleEntryBook
from desktop.forms.responses import IncompleteResponse, ResponseBook
from desktop.ui.questionnaire.filler import PAPER_FIRST, PAPER_SECOND
from desktop.ui.questionnaire.page import QuestionnairesPage
from tests.questionnaire.qt_helpers import Modals, press_ok

KEYED = {"country": "ID", "agency_type": "police", "role_level": "manager", "handled": "yes", "cases": 500}


@pytest.fixture
def page(qtbot, store, mini):
    from desktop.ui.app import application

    application()
    widget = QuestionnairesPage(store)
    qtbot.addWidget(widget)
    widget.resize(1000, 760)
    widget.show()
    widget.forms.reload(select=("mini", "1"))
    return widget


def _key(page, answers: dict) -> None:
    for name, value in answers.items():
        page.filler._answer_changed(name, None, value)
    page.filler.show_page(2)


def test_agreeing_keyings_that_break_a_rule_go_back_to_the_keyer(page, store, library):
    double = DoubleEntryBook(store, ResponseBook(store, library))
    page.new_response(PAPER_FIRST)
    _key(page, KEYED)
    modals = Modals().then(press_ok)
    page.filler.next_button.click()  # 'Finish first keying'
    modals.stop()
    paper_id = page.filler.response.id if page.filler is not None else page.rows[0]["id"]
    assert double.status(paper_id) == "awaiting_second"

    page.table.selectRow(0)
    page.open_selected()  # the blind second keying, the same (wrong) number
    assert page.filler.mode == PAPER_SECOND
    _key(page, KEYED)
    modals = Modals().then(press_ok)
    page.filler.next_button.click()  # 'Finish second keying'
    modals.stop()
    assert modals.done == ["QMessageBox"]
    assert "How many cases?: Between 1 and 100" in modals.texts[0]
    assert page.filler is not None and page.filler.mode == PAPER_SECOND  # still with the person keying
    assert page.stack.currentWidget() is page.filler
    assert double.status(paper_id) == "second"
    assert store.get("response", paper_id).status == "draft"
    status = page.table.model().index(0, 1).data()
    assert status == "Paper: second keying" and "Complete" not in status

    # the keyer corrects from the paper: now the keyings differ and the trainer decides
    _key(page, {"cases": 5})
    page.filler.next_button.click()
    assert page.stack.currentWidget() is page.compare and page.compare.table.rowCount() == 1


def test_finish_second_refuses_agreeing_answers_that_break_a_rule(store, library, mini):
    responses = ResponseBook(store, library)
    double = DoubleEntryBook(store, responses)
    paper = responses.new("mini")
    session = responses.session(paper)
    for name, value in KEYED.items():
        session.set_answer(name, value)
    paper = responses.save_draft(paper, session)
    double.start(paper)
    double.finish_first(paper)
    double.save_second(paper.id, dict(KEYED))
    with pytest.raises(IncompleteResponse) as refused:
        double.finish_second(paper)
    assert "How many cases?: Between 1 and 100" in refused.value.message
    assert double.status(paper.id) == "second" and double.waiting()
    assert store.get("response", paper.id).status == "draft"
