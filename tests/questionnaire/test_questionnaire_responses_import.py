"""``pantau forms responses-import``: responses exported from KoboToolbox (CSV with XML headers,
XLSX with label headers and a sheet per repeat) and ODK Central (a zip of CSVs, ``group-question``
headers, repeats linked by PARENT_KEY) import once, each checked against the installed form;
a second import of the same file creates nothing new; forms with media files and without settings
import from a folder or a zip."""

from __future__ import annotations

import zipfile

from openpyxl import Workbook

from desktop.cli import main
from desktop.forms.response_import import SUBMISSION_KEY, record_id
from tests.forms.forms_testkit import write_xlsform

SURVEY = [
    ["type", "name", "label", "required", "constraint"],
    ["start", "started", None],
    ["image", "photo", "Photo"],
    ["begin group", "who", "Who"],
    ["text", "name", "Name", "yes"],
    ["integer", "age", "Age", None, ". < 120"],
    ["end group"],
    ["select_multiple animal", "seen", "Animals seen"],
    ["begin repeat", "seizure", "Seizure"],
    ["select_one animal", "species", "Species"],
    ["decimal", "weight", "Weight (kg)"],
    ["end repeat"],
]
CHOICES = [["list_name", "name", "label"], ["animal", "pangolin", "Pangolin"], ["animal", "tiger", "Sun bear"]]
SETTINGS = [["form_id", "version"], ["patrol", "1"]]
U1, U2, U3 = (
    "0b8ad1c2-1111-4a7e-9a57-5a4e1d3c2b10",
    "0b8ad1c2-2222-4a7e-9a57-5a4e1d3c2b10",
    "0b8ad1c2-3333-4a7e-9a57-5a4e1d3c2b10",
)


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _installed(tmp_path, capsys) -> str:
    home = str(tmp_path / "h")
    form = write_xlsform(tmp_path / "patrol.xlsx", SURVEY, CHOICES, SETTINGS)
    assert run(capsys, "--home", home, "forms", "import", str(form))[0] == 0
    return home


def _responses(home):
    from desktop.paths import Home
    from desktop.reference import load_reference
    from desktop.settings import Settings
    from desktop.store import Store

    store = Store.open(Home.resolve(home), Settings(officer_name="T", officer_id="T-1"), load_reference())
    try:
        from desktop.forms.responses import ResponseBook

        return {r["id"]: store.get("response", r["id"]) for r in ResponseBook(store).rows("patrol")}
    finally:
        store.close()


def test_kobo_csv_with_xml_headers_imports_once(tmp_path, capsys):
    home = _installed(tmp_path, capsys)
    csv_path = tmp_path / "kobo.csv"
    csv_path.write_text(
        "started;photo;who/name;who/age;seen;seen/pangolin;seen/tiger;_id;_uuid;meta/instanceID\n"
        "2026-03-01T10:00:00;IMG_1.jpg;Ana;34;pangolin tiger;1;1;11;{u1};uuid:{u1}\n"
        "2026-03-02T10:00:00;;Budi;150;tiger;0;1;12;{u2};uuid:{u2}\n".format(u1=U1, u2=U2),
        encoding="utf-8",
    )
    code, out, err = run(capsys, "--home", home, "forms", "responses-import", "patrol", str(csv_path))
    assert code == 1  # Budi's age breaks the constraint: reported with its row, not imported
    assert "Imported 1 response." in out, err
    assert "row 3" in err and "age" in err
    code, out, err = run(capsys, "--home", home, "forms", "responses-import", "patrol", str(csv_path))
    assert "Imported 0 responses." in out and "1 response was already imported" in out
    responses = _responses(home)
    assert list(responses) == [record_id("patrol", "uuid:" + U1)]
    answers = responses[U1].answers
    assert answers["name"] == "Ana" and answers["age"] == 34 and answers["seen"] == ["pangolin", "tiger"]
    assert answers[SUBMISSION_KEY] == "uuid:" + U1 and responses[U1].status == "complete"
    assert answers["started"] == "2026-03-01T10:00:00"  # the phone's metadata is kept
    assert answers["photo"]["filename"] == "IMG_1.jpg" and answers["photo"]["external"]


def test_central_zip_with_dash_headers_and_linked_repeat_csv(tmp_path, capsys):
    home = _installed(tmp_path, capsys)
    archive = tmp_path / "patrol.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(
            "patrol.csv",
            "SubmissionDate,who-name,who-age,seen,meta-instanceID,KEY\n"
            "2026-03-03,Citra,29,pangolin,uuid:{u},uuid:{u}\n".format(u=U3),
        )
        zf.writestr(
            "patrol-seizure.csv",
            "species,weight,PARENT_KEY,KEY\n"
            "pangolin,2.5,uuid:{u},uuid:{u}/seizure[1]\n"
            "tiger,40,uuid:{u},uuid:{u}/seizure[2]\n".format(u=U3),
        )
    code, out, err = run(capsys, "--home", home, "forms", "responses-import", "patrol", str(archive))
    assert code == 0, err
    answers = _responses(home)[U3].answers
    assert answers["seizure"] == [{"species": "pangolin", "weight": 2.5}, {"species": "tiger", "weight": 40}]
    run(capsys, "--home", home, "forms", "responses-import", "patrol", str(archive))
    assert len(_responses(home)) == 1


def test_kobo_xlsx_with_label_headers_and_a_sheet_per_repeat(tmp_path, capsys):
    home = _installed(tmp_path, capsys)
    wb = Workbook()
    main_sheet = wb.active
    main_sheet.title = "Patrol"
    main_sheet.append(["Name", "Age", "Animals seen", "_index", "_uuid"])
    main_sheet.append(["Dewi", 41, "Sun bear", 1, U1])
    repeat = wb.create_sheet("seizure")
    repeat.append(["Species", "Weight (kg)", "_parent_index"])
    repeat.append(["Sun bear", 12, 1])
    wb.save(tmp_path / "kobo.xlsx")
    code, out, err = run(capsys, "--home", home, "forms", "responses-import", "patrol", str(tmp_path / "kobo.xlsx"))
    assert code == 0, err
    answers = _responses(home)[U1].answers
    assert answers["seen"] == ["tiger"] and answers["seizure"] == [{"species": "tiger", "weight": 12}]


def test_form_from_a_zip_with_media_and_without_settings(tmp_path, capsys):
    home = str(tmp_path / "h")
    form = write_xlsform(
        tmp_path / "market_check.xlsx",
        [
            ["type", "name", "label", "calculation"],
            ["select_one_from_file species.csv", "sp", "Species", None],
            ["calculate", "price", None, "pulldata('prices', 'price', 'item', ${sp})"],
        ],
        None,
        settings=None,
    )
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(form, "market_check.xlsx")
        zf.writestr("media/species.csv", "name,label\npangolin,Pangolin\n")
        zf.writestr("media/prices.csv", "item,price\npangolin,900\n")
    code, out, err = run(capsys, "--home", home, "forms", "import", str(archive))
    assert code == 0, err
    assert "Installed form 'market_check' version " in out
    code, out, _err = run(capsys, "--home", home, "forms", "list")
    assert "market_check" in out
    from desktop.forms import FormSession
    from desktop.forms.installed import FormLibrary
    from desktop.paths import Home
    from desktop.reference import load_reference
    from desktop.settings import Settings
    from desktop.store import Store

    store = Store.open(Home.resolve(home), Settings(officer_name="T", officer_id="T-1"), load_reference())
    try:
        definition = FormLibrary(store).get("market_check")
    finally:
        store.close()
    session = FormSession(definition)
    assert [c.name for c in session.choices("sp")] == ["pangolin"]
    session.set_answer("sp", "pangolin")
    assert session.value("price") == "900"  # pulldata() gives text, as in ODK


def test_questionnaire_page_panel_shows_skipped_rows_and_imports_responses(qtbot, tmp_path, store):
    from desktop.forms.installed import FormLibrary
    from desktop.ui.questionnaire.forms_panel import FormsPanel

    panel = FormsPanel(FormLibrary(store))
    qtbot.addWidget(panel)
    survey = [row[:] for row in SURVEY] + [["osm", "building", "Building"]]
    form = write_xlsform(tmp_path / "patrol.xlsx", survey, CHOICES, SETTINGS)
    dialog = panel.import_file(str(form))
    qtbot.addWidget(dialog)
    cells = [dialog.table.item(r, 3).text() for r in range(dialog.table.rowCount())]
    assert any("osm" in text and text.startswith("Warning:") for text in cells)
    assert dialog.table.item(0, 1).text() == str(len(survey))  # the row of the skipped question
    panel.reload(select=("patrol", "1"))
    csv_path = tmp_path / "kobo.csv"
    csv_path.write_text("who/name,who/age,_uuid\nAna,34,{u}\n".format(u=U1), encoding="utf-8")
    assert panel.import_responses(str(csv_path)) == "Imported 1 response."
    assert "1 response was already imported" in panel.import_responses(str(csv_path))
    row = next(r for r in range(panel.table.rowCount()) if panel.table.item(r, 0).text() == "patrol")
    assert panel.table.item(row, 4).text().startswith("1")  # the response count is refreshed


def test_phone_workshop_and_desktop_workshop_make_one_summary(store, library, mini):
    """A built-in-style form: responses collected on phones (Kobo CSV, label headers in Indonesian,
    choices as labels) import once and count in the same summary as one filled in on Pantau."""
    from desktop.forms.response_import import import_responses
    from desktop.forms.responses import ResponseBook
    from desktop.forms.summary import summarise

    book = ResponseBook(store, library)
    response = book.new("mini")
    session = book.session(response)
    for name, value in {"country": "MY", "agency_type": "customs", "role_level": "manager", "handled": "no"}.items():
        session.set_answer(name, value)
    book.complete(response, session)

    csv_path = store.path.parent / "kobo_mini.csv"
    csv_path.write_text(
        "Negara,Instansi,Peran,Pernah menangani perkara daring?,Berapa perkara?,Perangkat yang digunakan,_uuid\n"
        "Indonesia,Kepolisian,Petugas lapangan,Ya,4,screenshots osint,{u1}\n"
        "Malaysia,Kepolisian,Pimpinan,Tidak,,,{u2}\n".format(u1=U1, u2=U2),
        encoding="utf-8",
    )
    report = import_responses(book, "mini", csv_path)
    assert (report.imported, report.already, report.rejected) == (2, 0, [])
    again = import_responses(book, "mini", csv_path)
    assert (again.imported, again.already) == (0, 2)
    summary = summarise(store, "mini", library=library)
    assert summary.total == 3
    assert {c.name: c.count for c in summary.by_country} == {"ID": 1, "MY": 2}
    imported = store.get("response", U1)
    assert imported.respondent_country == "ID" and imported.answers["tools"] == ["screenshots", "osint"]
