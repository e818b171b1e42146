"""Widgets for the XLSForm types beyond text, numbers and choices (pytest-qt, real widgets): time and
date-time pickers, geopoint with validation, traces, files into the evidence store with their SHA-256,
range, rank and acknowledge; answers reach the session as the XLSForm stores them."""

from __future__ import annotations

import hashlib

from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QLineEdit, QPlainTextEdit

from desktop.forms import load_xlsform
from desktop.forms.installed import FormLibrary
from desktop.forms.responses import ResponseBook
from desktop.ui.questionnaire.question_widgets import QuestionWidget
from tests.forms.forms_testkit import write_xlsform

SURVEY = [
    ["type", "name", "label", "parameters", "appearance"],
    ["start", "started", None],
    ["deviceid", "device", None],
    ["time", "at", "Time"],
    ["dateTime", "seen_at", "Seen at"],
    ["geopoint", "where", "Where"],
    ["geotrace", "route", "Route"],
    ["image", "photo", "Photo"],
    ["range", "count", "Count", "start=0 end=10 step=2"],
    ["rank animal", "priority", "Priority"],
    ["acknowledge", "ok", "Understood"],
    ["barcode", "code", "Code"],
    ["select_one animal", "animal", "Animal", None, "likert"],
]
CHOICES = [["list_name", "name", "label"], ["animal", "pangolin", "Pangolin"], ["animal", "bear", "Sun bear"]]


def _session(tmp_path, store):
    definition = load_xlsform(write_xlsform(tmp_path / "types.xlsx", SURVEY, CHOICES, settings=None))
    library = FormLibrary(store)
    library.install(definition)
    book = ResponseBook(store, library)
    response = book.new(definition.form_id)
    return book, response, book.session(response)


def _widget(qtbot, session, name):
    widget = QuestionWidget(session, session.definition.question(name), "en")
    qtbot.addWidget(widget)
    widget.changed.connect(lambda q, index, value: session.set_answer(q, value, index))
    return widget


def test_every_field_type_has_an_input_and_stores_its_answer(qtbot, tmp_path, store):
    book, response, session = _session(tmp_path, store)
    assert session.value("device") == store.actor.device_id  # metadata filled in
    assert session.answers["started"]

    at = _widget(qtbot, session, "at")
    assert session.value("at") is None  # empty until set
    at.special.editor.setTime(at.special.editor.time().fromString("09:45", "HH:mm"))
    assert session.value("at") == "09:45:00"

    where = _widget(qtbot, session, "where")
    lat, lon, acc = where.findChildren(QLineEdit)
    lat.setText("-6.2")
    lon.setText("106.8")
    acc.setText("5")
    lon.textEdited.emit("106.8")
    assert session.value("where") == "-6.2 106.8 0 5"
    lat.setText("95")
    lat.textEdited.emit("95")
    assert any(p.field == "where" for p in session.problems())

    route = _widget(qtbot, session, "route")
    route.findChild(QPlainTextEdit).setPlainText("-6.2 106.8\n-6.3 106.9")
    assert session.value("route") == "-6.2 106.8;-6.3 106.9"

    photo = _widget(qtbot, session, "photo")
    image = tmp_path / "pangolin.jpg"
    image.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    photo.special.attach_path(image)
    stored = session.value("photo")
    assert stored["sha256"] == hashlib.sha256(image.read_bytes()).hexdigest()
    assert store.evidence.has(stored["sha256"])

    count = _widget(qtbot, session, "count")
    spin = count.findChild(QDoubleSpinBox)
    assert count.value() is None
    spin.setValue(4)
    assert session.value("count") == 4

    priority = _widget(qtbot, session, "priority")
    priority.special.list.setCurrentRow(1)
    priority.special.move(-1)
    assert session.value("priority") == ["bear", "pangolin"]

    ok = _widget(qtbot, session, "ok")
    ok.findChild(QCheckBox).setChecked(True)
    assert session.value("ok") == "OK"

    animal = _widget(qtbot, session, "animal")
    assert animal.choice_layout.direction().name.startswith("LeftToRight")  # likert: side by side

    session.set_answer("seen_at", "2026-03-15T10:30:00")
    session.set_answer("code", "4006381333931")
    saved = book.save_draft(response, session)
    assert store.get("response", saved.id).answers["photo"]["sha256"] == stored["sha256"]


def test_filler_follows_repeat_count_from_an_answer(qtbot, tmp_path, store):
    from PySide6.QtWidgets import QPushButton

    from desktop.ui.questionnaire.filler import QuestionnaireFiller

    survey = [
        ["type", "name", "label", "repeat_count"],
        ["integer", "people", "How many people?"],
        ["begin repeat", "person", "Person", "${people}"],
        ["text", "pname", "Name"],
        ["end repeat"],
    ]
    definition = load_xlsform(write_xlsform(tmp_path / "count.xlsx", survey, None, settings=None))
    library = FormLibrary(store)
    library.install(definition)
    book = ResponseBook(store, library)
    filler = QuestionnaireFiller(book, book.new(definition.form_id))
    qtbot.addWidget(filler)
    people = next(w for w in filler.widgets if w.question.name == "people")
    people.line.setText("2")
    people.line.textEdited.emit("2")
    names = [w for w in filler.widgets if w.question.name == "pname"]
    if not names:  # the repeat is on the next page
        filler.show_page(filler.page_index + 1)
        names = [w for w in filler.widgets if w.question.name == "pname"]
    assert [w.index for w in names] == [0, 1]
    assert not any(b.objectName().startswith("addRepeat:") for b in filler.findChildren(QPushButton))
    assert filler.save_now()  # the draft is written now (no save timer left running after the test)
    assert book.rows(definition.form_id)[0]["status"] == "draft"
