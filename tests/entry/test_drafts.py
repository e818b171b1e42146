"""Autosaved drafts: a real process typing into the form is killed with SIGKILL between two field
changes; the next start of the app offers the draft and restores what was typed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt

from desktop.app_context import AppContext
from desktop.db.queries import ListFilter
from desktop.drafts import DraftBook
from tests.entry.conftest import Keyboard, dispose, open_page

ROOT = Path(__file__).resolve().parents[2]
URL = "https://www.facebook.com/groups/kicaumania/posts/8812"

CHILD = r"""
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from desktop.app_context import AppContext
from desktop.ui.app import application
from desktop.ui.forms.observation_form import ObservationForm

app = application()
ctx = AppContext.create(home=sys.argv[1])
form = ObservationForm(ctx.store(), ctx.settings)
form.show()
form.activateWindow()
for _ in range(50):
    app.processEvents()
    if app.focusWidget() is not None:
        break
    time.sleep(0.02)
form.start_new()

def key(k):
    QTest.keyClick(app.focusWidget(), k)

QTest.keyClicks(app.focusWidget(), sys.argv[2])      # web address
for _ in range(5):                                     # platform, country, date, group → seller
    key(Qt.Key_Return)
QTest.keyClicks(app.focusWidget(), "rimba_exotic")
key(Qt.Key_Return)                                     # → display name
key(Qt.Key_Return)                                     # → province
key(Qt.Key_Return)                                     # → species 1
QTest.keyClicks(app.focusWidget(), "trenggiling")
key(Qt.Key_Return)                                     # takes the Sunda pangolin, → quantity
QTest.keyClicks(app.focusWidget(), "3")
key(Qt.Key_Return)                                     # → specimen
print("FIELDS DONE", flush=True)
QTest.keyClicks(app.focusWidget(), "p")                # starts changing the specimen type …
while True:                                            # … and the process is killed here
    app.processEvents()
    time.sleep(0.01)
"""


def test_draft_survives_sigkill_and_is_offered_on_next_start(home, settings, qtbot):
    settings.save(home.ensure().settings_path)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(home.root), URL],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        line = child.stdout.readline()
        assert line.strip() == "FIELDS DONE", child.stderr.read()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    assert child.returncode == -signal.SIGKILL

    from desktop.ui.app import application, create_main_window

    ctx = AppContext.create(home=str(home.root))
    window = None
    try:
        application()
        window = create_main_window(ctx)
        window.show()
        bar = window.drafts_bar
        assert bar.isVisible() and len(bar.drafts) == 1
        assert "rimba_exotic" in bar.choice.currentText() and "Facebook" in bar.choice.currentText()
        bar.resume_button.click()
        page = window.pages["observations"]
        form = page.form
        assert window.current_page_key() == "observations" and page.stack.currentWidget() is form
        assert form.value("url") == URL
        assert form.value("platform") == "facebook"
        assert form.value("seller_handle") == "rimba_exotic"
        line = form.record().species[0]
        assert (line.species_id, line.quantity) == ("manis-javanica", "3")
        assert "MY: Totally protected" in form.lines.rows[0].badge.plain
        assert not bar.isVisible()

        # saving removes the draft
        window.activateWindow()
        form.widget("price").setFocus()
        qtbot.waitUntil(lambda: form.widget("price").hasFocus())
        keyboard = Keyboard(qtbot)
        keyboard.type("2500")
        form.widget("country").setFocus()
        keyboard.type("Malaysia")  # facebook.com does not tell the country
        keyboard.ctrl(Qt.Key.Key_S)
        assert form.problems == [] and page.stack.currentWidget() is page.list_view
        assert DraftBook(window.store).all() == []
        record = window.store.get("observation", window.store.page(ListFilter(), 0, 1)[0]["id"])
        assert (record.seller_handle, record.price, record.country, record.currency) == (
            "rimba_exotic",
            "2500",
            "MY",
            "MYR",
        )
    finally:
        if window is not None:
            dispose(window)
        ctx.close()


def test_every_field_change_is_autosaved(window, qtbot, keyboard):
    open_page(window, qtbot, "observations")
    keyboard.ctrl(Qt.Key.Key_N)
    book = DraftBook(window.store)
    assert book.all() == []  # an untouched form leaves no draft
    keyboard.type(URL)
    keyboard.enter()
    drafts = book.all()
    assert len(drafts) == 1 and drafts[0].data["values"]["url"] == URL
    keyboard.enter(4)
    keyboard.type("penjual_satu")
    keyboard.enter()
    assert book.all()[0].data["values"]["seller_handle"] == "penjual_satu"
    keyboard.type("Typed without leaving the field")
    qtbot.waitUntil(lambda: book.all()[0].data["values"]["seller_name"].startswith("Typed"), timeout=3000)


def test_edit_draft_is_restored_when_the_record_is_opened_again(window, qtbot, keyboard):
    from desktop.domain.records import Observation, SpeciesLine

    saved = window.store.save(
        Observation(
            observed_at="2026-02-01",
            platform="shopee",
            country="ID",
            seller_handle="before",
            species=[SpeciesLine(species_id="manis-javanica")],
        )
    )
    page = open_page(window, qtbot, "observations")
    page.refresh()
    page.table.selectRow(0)
    keyboard.enter()
    form = page.form
    form.widget("seller_handle").setFocus()
    form.widget("seller_handle").selectAll()
    keyboard.type("after")
    keyboard.enter()
    form.leave_keeping_draft()  # e.g. the window was closed
    page.show_list()
    page.table.selectRow(0)
    keyboard.enter()
    assert form.record_id == saved.id and form.value("seller_handle") == "after"
    assert window.store.get("observation", saved.id).seller_handle == "before"
