"""Shared data and helpers for the questionnaire-engine tests: small XLSForms (openpyxl)."""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook

EN, ID = "English (en)", "Bahasa Indonesia (id)"
DEFAULT_SETTINGS = [["form_id", "version", "form_title", "default_language"], ["test_form", "1", "Test form", EN]]
TODAY = dt.date(2026, 3, 15)


def write_xlsform(
    path, survey: list[list], choices: list[list] | None = None, settings: list[list] | None = DEFAULT_SETTINGS
):
    """Write a workbook; each sheet is a list of rows, the first being the headers.

    Item N of a list (0-based) is spreadsheet row N + 1, so ``survey[1]`` is row 2.
    ``settings=None`` leaves the settings sheet out; ``choices=None`` the choices sheet.
    """
    wb = Workbook()
    wb.active.title = "survey"
    for title, rows in (("survey", survey), ("choices", choices), ("settings", settings)):
        if rows is None:
            continue
        sheet = wb[title] if title in wb.sheetnames else wb.create_sheet(title)
        for row in rows:
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text, not a formula
    wb.save(path)
    return path


# A form that uses every supported type and column, in English and Indonesian.
FULL_SURVEY = [
    [
        "type",
        "name",
        "label::" + EN,
        "label::" + ID,
        "hint::" + EN,
        "hint::" + ID,
        "required",
        "required_message::" + EN,
        "required_message::" + ID,
        "constraint",
        "constraint_message::" + EN,
        "constraint_message::" + ID,
        "relevant",
        "calculation",
        "default",
        "appearance",
        "choice_filter",
    ],
    # row 2
    ["note", "intro", "Welcome, ${age}", "Selamat datang, ${age}"],
    # row 3
    [
        "text",
        "code",
        "Code",
        "Kode",
        "Three capitals",
        "Tiga huruf besar",
        "no",
        None,
        None,
        "regex(., '^[A-Z]{3}$')",
        "Use three capitals",
        "Gunakan tiga huruf besar",
    ],
    # row 4
    [
        "integer",
        "age",
        "Age",
        "Umur",
        None,
        None,
        "yes",
        "Age is needed",
        "Umur wajib diisi",
        ". >= 18 and . <= 70",
        "Age must be 18 to 70",
        "Umur harus antara 18 dan 70",
    ],
    # row 5
    ["decimal", "weight", "Weight", "Berat", None, None, None, None, None, ". > 0", None, None, None, None, "2.5"],
    # row 6
    [
        "date",
        "visit_date",
        "Visit date",
        "Tanggal kunjungan",
        None,
        None,
        None,
        None,
        None,
        ". <= today()",
        "Not in the future",
        None,
    ],
    # row 7
    ["select_one yn", "likes", "Likes fruit?", "Suka buah?", None, None, "yes"],
    # row 8
    [
        "select_multiple fruit or_other",
        "fruits",
        "Which fruits?",
        "Buah apa?",
        None,
        None,
        None,
        None,
        None,
        "count-selected(.) <= 2",
        "At most two",
        "Paling banyak dua",
        "${likes} = 'yes'",
        None,
        None,
        "minimal",
    ],
    # row 9
    [
        "begin group",
        "details",
        "Details",
        "Rincian",
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        "${age} >= 21",
        None,
        None,
        "field-list",
    ],
    # row 10
    ["select_one country", "country", "Country", "Negara"],
    # row 11
    [
        "select_one city",
        "city",
        "City",
        "Kota",
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        "country = ${country}",
    ],
    # row 12
    [
        "text",
        "remarks",
        "Remarks",
        "Catatan",
        "Anything else",
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        "multiline",
    ],
    # row 13
    ["end group"],
    # row 14
    ["calculate", "total", None, None, None, None, None, None, None, None, None, None, None, "${age} + ${weight}"],
    # row 15
    ["begin repeat", "visits", "Visits", "Kunjungan"],
    # row 16
    [
        "integer",
        "visit_count",
        "Count",
        "Jumlah",
        None,
        None,
        "yes",
        None,
        None,
        ". > 0",
        "Must be positive",
        "Harus positif",
    ],
    # row 17
    ["text", "visit_note", "Note", "Catatan", None, None, None, None, None, None, None, None, "${visit_count} > 1"],
    # row 18
    ["end repeat"],
]
FULL_CHOICES = [
    ["list_name", "name", "label::" + EN, "label::" + ID, "country"],
    ["yn", "yes", "Yes", "Ya"],
    ["yn", "no", "No", "Tidak"],
    ["fruit", "apple", "Apple", "Apel"],
    ["fruit", "banana", "Banana", None],  # row 5: Indonesian label missing
    ["fruit", "mango", "Mango", "Mangga"],
    ["country", "ID", "Indonesia", "Indonesia"],
    ["country", "MY", "Malaysia", "Malaysia"],
    ["city", "jakarta", "Jakarta", "Jakarta", "ID"],
    ["city", "surabaya", "Surabaya", "Surabaya", "ID"],
    ["city", "kl", "Kuala Lumpur", "Kuala Lumpur", "MY"],
]
FULL_SETTINGS = [
    ["form_id", "version", "form_title::" + EN, "form_title::" + ID, "default_language"],
    ["full_form", "3", "Full form", "Formulir lengkap", EN],
]
CHOICES_YN = [["list_name", "name", "label"], ["yn", "yes", "Yes"], ["yn", "no", "No"]]
