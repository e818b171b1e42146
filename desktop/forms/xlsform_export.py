"""Writing a :class:`FormDefinition` back as an XLSForm workbook (openpyxl).

The workbook converts with pyxform and re-imports to an equal definition:

* every language gets its own ``label::<name>`` column; expressions are written as their
  source text; the questions and choices that ``or_other`` adds are left out (the import
  adds them again); names are written as in the original spreadsheet;
* columns and settings Pantau does not use, and sheets that are not part of XLSForm, are
  written back unchanged (``kobo--locking-profile``, ``media::image``, ``instance_name``...);
* ``form_title`` is one plain setting, as XLSForm defines it (the default language's title);
  the other languages' titles go to a sheet ``pantau_form_title`` that ODK tools ignore;
* the form's media files (CSV/XML) are written beside the workbook.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desktop.forms.model import FormDefinition, Group, Question, iter_elements
from desktop.forms.xlsform_survey import PLAIN_COLUMNS, TRANSLATABLE
from desktop.forms.xlsform_types import type_text

if TYPE_CHECKING:
    from openpyxl import Workbook

TITLES_SHEET = "pantau_form_title"


def _append(ws, values: list) -> None:
    ws.append([v if v != "" else None for v in values])
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"  # text, never a spreadsheet formula


def _plain(element, column: str) -> str:
    if column == "required":
        if getattr(element, "required_if", None) is not None:
            return element.required_if.text
        return "yes" if getattr(element, "required", False) else ""
    if column == "read_only":
        return "yes" if getattr(element, "read_only", False) else ""
    value = getattr(element, column, None)
    if value is None:
        return ""
    return getattr(value, "text", value)


def _texts(element, column: str):
    attr = {"label": "labels", "hint": "hints"}.get(column, column)
    return getattr(element, attr, None) or {}


if TYPE_CHECKING:
    from openpyxl import Workbook


def _survey(wb: Workbook, definition: FormDefinition, names: dict) -> None:
    langs = list(definition.languages)
    elements = [e for e, _p in iter_elements(definition.children) if not (isinstance(e, Question) and e.other_for)]
    text_columns = [c for c in TRANSLATABLE if any(_texts(e, c) for e in elements)]
    plain_columns = [c for c in PLAIN_COLUMNS if any(_plain(e, c) for e in elements)]
    extra_columns: list[str] = []
    for element in elements:
        extra_columns += [h for h in element.extra if h not in extra_columns]
    survey = wb.active
    survey.title = "survey"
    header = ["type", "name"]
    for column in text_columns:
        header += ["{c}::{n}".format(c=column, n=names[lang]) for lang in langs]
    _append(survey, header + plain_columns + extra_columns)

    def row_for(element, type_cell: str) -> list:
        row = [type_cell, element.xls_name]
        for column in text_columns:
            texts = _texts(element, column)
            row += [texts.get(lang, "") for lang in langs]
        return row + [_plain(element, c) for c in plain_columns] + [element.extra.get(h, "") for h in extra_columns]

    def write(children) -> None:
        for child in children:
            if isinstance(child, Group):
                _append(survey, row_for(child, "begin {kind}".format(kind=child.kind)))
                write(child.children)
                _append(survey, ["end {kind}".format(kind=child.kind)])
            elif not child.other_for:
                _append(survey, row_for(child, type_text(child)))

    write(definition.children)


def _choices(wb: Workbook, definition: FormDefinition, names: dict) -> None:
    if not definition.choice_lists:
        return
    langs = list(definition.languages)
    choices = wb.create_sheet("choices")
    props: list[str] = []
    for _name, items in definition.choice_lists:
        for choice in items:
            props += [p for p in choice.properties if p not in props]
    label_langs = [lang for lang in langs if any(c.labels.get(lang) for _n, cs in definition.choice_lists for c in cs)]
    _append(choices, ["list_name", "name"] + ["label::{n}".format(n=names[lang]) for lang in label_langs] + props)
    for list_name, items in definition.choice_lists:
        for choice in items:
            _append(
                choices,
                [list_name, choice.name]
                + [choice.labels.get(lang, "") for lang in label_langs]
                + [choice.properties.get(p, "") for p in props],
            )


def _settings(wb: Workbook, definition: FormDefinition, names: dict) -> None:
    settings = wb.create_sheet("settings")
    default = definition.default_language
    title = definition.title.get(default) or next(iter(definition.title.values()), "")
    extra = list(definition.settings_extra)
    _append(settings, ["form_id", "version", "form_title", "default_language"] + extra)
    _append(
        settings,
        [definition.form_id, definition.version, title, names[default]] + [definition.settings_extra[k] for k in extra],
    )
    others = [lang for lang in definition.languages if definition.title.get(lang) and lang != default]
    if others:
        sheet = wb.create_sheet(TITLES_SHEET)
        _append(sheet, ["form_title::{n}".format(n=names[lang]) for lang in others])
        _append(sheet, [definition.title[lang] for lang in others])


def export_xlsform(definition: FormDefinition, path: str | Path) -> Path:
    """Write ``definition`` as an .xlsx XLSForm at ``path`` (media files beside it); returns the path."""
    path = Path(path)
    names = {lang: definition.language_names.get(lang, lang) for lang in definition.languages}
    from openpyxl import Workbook  # imported when a form is exported, not at start-up

    wb = Workbook()
    _survey(wb, definition, names)
    _choices(wb, definition, names)
    _settings(wb, definition, names)
    for title, rows in definition.extra_sheets:
        sheet = wb.create_sheet(title[:31])
        for row in rows:
            _append(sheet, list(row))
    wb.save(path)
    for name, text in definition.media:
        (path.parent / Path(name).name).write_text(text, encoding="utf-8")
    return path
