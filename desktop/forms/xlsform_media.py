"""The CSV and XML files a form reads: ``select_one_from_file``, ``pulldata()``, external lists.

Kobo and ODK Central export a form with its media files beside it (a folder or a
zip). The files are kept in the form definition as text; this module turns them
into choices (``name``/``label`` columns, ``label::Language (code)`` for
translations, other columns kept for ``choice_filter``) and into rows for
``pulldata``.
"""

from __future__ import annotations

import csv
import io
from xml.etree import ElementTree  # expat refuses entity expansion bombs; no external entities

from desktop.forms.model import Choice, Texts
from desktop.forms.xlsform_sheets import column_key, language_code

MEDIA_SUFFIXES = (".csv", ".xml", ".geojson")


def csv_rows(text: str) -> list[dict[str, str]]:
    """The rows of a CSV file as dicts (header -> cell); ``;`` separated files are accepted too."""
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
    return [{(k or "").strip(): (v or "").strip() for k, v in row.items()} for row in reader]


def xml_rows(text: str) -> list[dict[str, str]]:
    """``<root><item><name>..</name><label>..</label></item></root>`` as rows of dicts."""
    try:
        root = ElementTree.fromstring(text.encode("utf-8"))
    except (ElementTree.ParseError, ValueError):
        return []
    rows = []
    for item in root.iter("item"):
        rows.append({child.tag: (child.text or "").strip() for child in item})
    return rows


def media_rows(name: str, text: str) -> list[dict[str, str]]:
    if name.lower().endswith(".xml"):
        return xml_rows(text)
    if name.lower().endswith(".csv"):
        return csv_rows(text)
    return []


def choices_from_rows(rows: list[dict[str, str]], default_language: str) -> tuple[Choice, ...]:
    choices = []
    for index, row in enumerate(rows, start=2):
        name = row.get("name", "")
        if not name:
            continue
        labels, properties = {}, {}
        for header, value in row.items():
            base, lang = column_key(header)
            if base == "label":
                labels[language_code(lang) if lang else default_language] = value
            elif base != "name":
                properties[header] = value
        choices.append(Choice(name, Texts(labels), Texts(properties), row=index))
    return tuple(choices)


def media_choice_lists(media: dict[str, str], default_language: str) -> dict[str, tuple[Choice, ...]]:
    """Choices of every CSV/XML media file, by file name."""
    return {
        name: choices_from_rows(media_rows(name, text), default_language)
        for name, text in media.items()
        if name.lower().endswith((".csv", ".xml"))
    }
