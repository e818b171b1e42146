"""Fixtures for the questionnaire tests: hand-written XLSForms (tests/forms/forms_testkit.py
builders), a form library on the test store, and keyboard helpers for the filler."""

from __future__ import annotations

import pytest

from tests.forms.forms_testkit import DEFAULT_SETTINGS, EN, FULL_CHOICES, FULL_SETTINGS, FULL_SURVEY, ID, write_xlsform

# A small bilingual form: a page of profile questions, a page with skip logic and a constraint,
# a closing page. Row numbers in comments are spreadsheet rows.
MINI_SURVEY = [
    [
        "type",
        "name",
        "label::" + EN,
        "label::" + ID,
        "required",
        "constraint",
        "constraint_message::" + EN,
        "constraint_message::" + ID,
        "relevant",
        "hint::" + EN,
        "hint::" + ID,
    ],
    ["begin group", "profile", "About you", "Tentang Anda"],  # 2
    ["select_one country", "country", "Country", "Negara", "yes"],  # 3
    ["select_one agency", "agency_type", "Agency", "Instansi", "yes"],  # 4
    ["select_one role", "role_level", "Role", "Peran", "yes"],  # 5
    ["end group"],  # 6
    ["begin group", "work", "Your work", "Pekerjaan Anda"],  # 7
    ["select_one yn", "handled", "Handled an online case?", "Pernah menangani perkara daring?", "yes"],  # 8
    [
        "integer",
        "cases",
        "How many cases?",
        "Berapa perkara?",
        "yes",
        ". >= 1 and . <= 100",
        "Between 1 and 100",
        "Antara 1 dan 100",
        "${handled} = 'yes'",
    ],  # 9
    [
        "select_multiple tool",
        "tools",
        "Tools used",
        "Perangkat yang digunakan",
        None,
        None,
        None,
        None,
        None,
        "Select all that apply.",
        None,
    ],  # 10: hint id missing
    ["end group"],  # 11
    ["begin group", "closing", "Closing", "Penutup"],  # 12
    ["text", "comments", "Comments", "Komentar"],  # 13
    ["end group"],  # 14
]
MINI_CHOICES = [
    ["list_name", "name", "label::" + EN, "label::" + ID],
    ["country", "ID", "Indonesia", "Indonesia"],
    ["country", "MY", "Malaysia", "Malaysia"],
    ["agency", "police", "Police", "Kepolisian"],
    ["agency", "customs", "Customs", "Bea dan Cukai"],
    ["role", "officer", "Field officer", "Petugas lapangan"],
    ["role", "manager", "Manager", "Pimpinan"],
    ["yn", "yes", "Yes", "Ya"],
    ["yn", "no", "No", "Tidak"],
    ["tool", "screenshots", "Screenshots", "Tangkapan layar"],
    ["tool", "osint", "OSINT tools", "Perangkat OSINT"],
    ["tool", "none", "None", "Tidak ada"],
]
MINI_SETTINGS = [
    ["form_id", "version", "form_title::" + EN, "form_title::" + ID, "default_language"],
    ["mini", "1", "Mini questionnaire", "Kuesioner mini", EN],
]

__all__ = [
    "DEFAULT_SETTINGS",
    "EN",
    "FULL_CHOICES",
    "FULL_SETTINGS",
    "FULL_SURVEY",
    "ID",
    "MINI_CHOICES",
    "MINI_SETTINGS",
    "MINI_SURVEY",
    "write_xlsform",
]


@pytest.fixture
def make_xlsform(tmp_path):
    counter = iter(range(1000))

    def make(survey, choices=None, settings=DEFAULT_SETTINGS):
        return write_xlsform(tmp_path / "form{n}.xlsx".format(n=next(counter)), survey, choices, settings)

    return make


@pytest.fixture
def mini_path(tmp_path):
    return write_xlsform(tmp_path / "mini.xlsx", MINI_SURVEY, MINI_CHOICES, MINI_SETTINGS)


@pytest.fixture
def full_path(tmp_path):
    return write_xlsform(tmp_path / "full.xlsx", FULL_SURVEY, FULL_CHOICES, FULL_SETTINGS)


@pytest.fixture
def library(store):
    from desktop.forms.installed import FormLibrary

    return FormLibrary(store)


@pytest.fixture
def mini(library, mini_path):
    """The mini form, installed."""
    return library.install_file(mini_path).definition
