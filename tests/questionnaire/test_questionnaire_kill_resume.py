"""A real Pantau process answering the questionnaire by keyboard is killed with SIGKILL after a
few answers; the parent opens the same home, finds the draft and resumes it with every answer."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QRadioButton

from desktop.app_context import AppContext
from desktop.forms.responses import ResponseBook

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from desktop.app_context import AppContext
from desktop.ui.app import application
from desktop.ui.questionnaire.page import QuestionnairesPage

app = application()
ctx = AppContext.create(home=sys.argv[1])
page = QuestionnairesPage(ctx.store())
page.resize(1000, 700)
page.show()
page.activateWindow()
page.new_response()
filler = page.filler
filler.language.setCurrentIndex(filler.language.findData("id"))

def key(k, text=None):
    QTest.keyClick(app.focusWidget(), k)

def wait_focus():
    for _ in range(100):
        app.processEvents()
        if app.focusWidget() is not None:
            return
        time.sleep(0.02)

for _ in range(100):
    app.processEvents()
    page.activateWindow()
    filler.focus_first()
    if app.focusWidget() is not None:
        break
    time.sleep(0.02)
key(Qt.Key_Return)                      # the note page -> 'Tentang Anda'
wait_focus()
QTest.keyClicks(app.focusWidget(), "2") # Malaysia
key(Qt.Key_Return)
QTest.keyClicks(app.focusWidget(), "3") # region: Sarawak (third Malaysian region)
key(Qt.Key_Return)
QTest.keyClicks(app.focusWidget(), "3") # agency: customs
key(Qt.Key_Return)
QTest.keyClicks(app.focusWidget(), "4") # role: prosecutor
key(Qt.Key_Return)
QTest.keyClicks(app.focusWidget(), "9") # years of service, typed …
key(Qt.Key_Return)                      # … and left: saved
print("ANSWERED", filler.response.id, flush=True)
QTest.keyClicks(app.focusWidget(), "4") # starts typing years on wildlife crime …
while True:                             # … and the process is killed here
    app.processEvents()
    time.sleep(0.01)
"""


def test_draft_survives_sigkill_and_resumes_with_its_answers(home, settings, qtbot):
    settings.save(home.ensure().settings_path)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(home.root)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        line = child.stdout.readline()
        assert line.startswith("ANSWERED "), child.stderr.read()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    assert child.returncode == -signal.SIGKILL
    response_id = line.split()[1]

    from desktop.ui.app import application
    from desktop.ui.questionnaire.page import QuestionnairesPage

    ctx = AppContext.create(home=str(home.root))
    try:
        store = ctx.store()
        book = ResponseBook(store)
        rows = book.rows("needs_assessment")
        assert [(r["id"], r["status"], r["language"]) for r in rows] == [(response_id, "draft", "id")]
        draft = book.get(response_id)
        assert {
            k: draft.answers.get(k) for k in ("country", "region", "agency_type", "role_level", "years_service")
        } == {
            "country": "MY",
            "region": "sarawak",
            "agency_type": "customs",
            "role_level": "prosecutor",
            "years_service": 9,
        }
        assert store.verify_audit().ok

        application()
        page = QuestionnairesPage(store)
        qtbot.addWidget(page)
        page.show()
        page.open_selected()  # the newest response is selected
        filler = page.filler
        assert filler.response.id == response_id and filler.lang == "id"
        filler.go_next()  # past the note
        assert filler.page_title.text() == "Tentang Anda"
        assert filler.findChild(QRadioButton, "choice:country:MY").isChecked()
        assert filler.findChild(QRadioButton, "choice:role_level:prosecutor").isChecked()
        region = next(w for w in filler.widgets if w.question.name == "region")
        assert region.combo.currentData() == "sarawak"
        years = next(w for w in filler.widgets if w.question.name == "years_service")
        assert years.line.text() == "9"
        # and it goes on from there
        wildlife = next(w for w in filler.widgets if w.question.name == "years_wildlife")
        wildlife.line.setText("4")
        wildlife.line.textEdited.emit("4")
        filler.save_now()
        assert book.get(response_id).answers["years_wildlife"] == 4
        page.back_to_list()
    finally:
        ctx.close()
