"""Reports of imported questionnaires: a hand-written form imported with ``pantau forms import`` at
two versions prints as a blank form and is summarised from the installed-forms library (no file
in a forms folder), and each response prints with the version it was answered with."""

from __future__ import annotations

from pypdf import PdfReader

from desktop.app_context import AppContext
from desktop.cli import main
from desktop.forms.responses import ResponseBook
from tests.questionnaire.conftest import EN, MINI_CHOICES, MINI_SETTINGS, MINI_SURVEY


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def pdf_text(path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(str(path)).pages)


def mini_v2(make_xlsform):
    """Version 2: the country question is reworded and 'handled' gets a third choice."""
    survey = [row[:] for row in MINI_SURVEY]
    survey[2][2], survey[2][3] = "Country of work", "Negara tempat bekerja"
    choices = MINI_CHOICES + [["yn", "unsure", "Not sure", "Tidak yakin"]]
    return make_xlsform(survey, choices, [MINI_SETTINGS[0], ["mini", "2", "Mini questionnaire", "Kuesioner mini", EN]])


def answer(book, version: str, handled: str, country: str) -> str:
    response = book.new("mini", version, "en")
    session = book.session(response)
    for name, value in (
        ("country", country),
        ("agency_type", "police"),
        ("role_level", "officer"),
        ("handled", handled),
        ("tools", ["osint"]),
    ):
        session.set_answer(name, value)
    if handled == "yes":
        session.set_answer("cases", 4)
    return book.complete(response, session).id


def test_imported_form_at_two_versions_prints_and_summarises(tmp_path, capsys, mini_path, make_xlsform):
    home = str(tmp_path / "h")
    assert run(capsys, "--home", home, "forms", "import", str(mini_path))[0] == 0
    ctx = AppContext.create(home=home)
    try:
        book = ResponseBook(ctx.store())
        old = answer(book, "1", "yes", "ID")  # answered before version 2 was installed
    finally:
        ctx.close()
    assert run(capsys, "--home", home, "forms", "import", str(mini_v2(make_xlsform)))[0] == 0
    ctx = AppContext.create(home=home)
    try:
        book = ResponseBook(ctx.store())
        new = answer(book, "2", "unsure", "MY")
        draft = book.new("mini", "2", "en")
        session = book.session(draft)
        session.set_answer("country", "ID")
        book.save_draft(draft, session)
    finally:
        ctx.close()

    blank = tmp_path / "blank.pdf"
    code, _out, err = run(
        capsys,
        "--home",
        home,
        "report",
        "blank-form",
        "--form",
        "mini",
        "--lang",
        "id",
        "--lang",
        "en",
        "--out",
        str(blank),
    )
    assert code == 0, err
    text = pdf_text(blank)
    assert "Form mini, version 2" in text  # the newest version
    assert "Country of work" in text and "Negara tempat bekerja" in text and "Not sure" in text

    summary = tmp_path / "summary.pdf"
    code, _out, err = run(capsys, "--home", home, "report", "questionnaire", "--form", "mini", "--out", str(summary))
    assert code == 0, err
    text = pdf_text(summary)
    assert "2 complete responses are summarised here. 1 draft is not counted." in text
    assert "Country of work" in text and "Handled an online case?" in text
    assert "Not sure" in text and "1 (50%)" in text  # yes (version 1) and not sure (version 2)

    for response_id, version, label, absent in (
        (old, "1", "Country", "Country of work"),
        (new, "2", "Country of work", None),
    ):
        sheet = tmp_path / f"response-{version}.pdf"
        code, _out, err = run(capsys, "--home", home, "report", "response", "--id", response_id, "--out", str(sheet))
        assert code == 0, err
        text = pdf_text(sheet)
        assert f"mini, version {version}" in text and label in text
        assert absent is None or absent not in text  # printed with the version it was answered with
    assert "☒ Yes" in pdf_text(tmp_path / "response-1.pdf")
    assert "☒ Not sure" in pdf_text(tmp_path / "response-2.pdf")

    code, out, err = run(
        capsys, "--home", home, "report", "blank-form", "--form", "nope", "--out", str(tmp_path / "nope.pdf")
    )
    assert code == 1 and out == "" and err.strip() == "Error: No form 'nope' is installed."
    assert not (tmp_path / "nope.pdf").exists()


def test_a_response_whose_version_is_not_installed_is_reported(tmp_path, capsys, mini_path):
    """A response synced from a laptop with a form version this one lacks: one clear line."""
    home = str(tmp_path / "h")
    assert run(capsys, "--home", home, "forms", "import", str(mini_path))[0] == 0
    ctx = AppContext.create(home=home)
    try:
        from desktop.domain.records import QuestionnaireResponse

        record = ctx.store().save(
            QuestionnaireResponse(
                form_id="mini", form_version="7", language="id", status="draft", answers={"country": "ID"}
            )
        )
    finally:
        ctx.close()
    code, _out, err = run(
        capsys, "--home", home, "report", "response", "--id", record.id, "--out", str(tmp_path / "r.pdf")
    )
    assert code == 1 and err.strip() == "Error: Form 'mini' version 7 is not installed on this device."
