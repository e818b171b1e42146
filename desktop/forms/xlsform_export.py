"""Writing a :class:`FormDefinition` back as an XLSForm workbook (openpyxl).

The workbook re-imports to an equal definition: every language gets its own
``label::<name>`` column, expressions are written as their source text, the
questions and choices that ``or_other`` adds are left out (the import adds them
again).
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from desktop.forms.model import FormDefinition, Group, Question, iter_elements

_SURVEY_TEXTS = ("label", "hint", "required_message", "constraint_message")
_SURVEY_PLAIN = ("required", "constraint", "relevant", "calculation", "default", "appearance", "choice_filter")


def _append(ws, values: list) -> None:
    ws.append([v if v != "" else None for v in values])
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"  # text, never a spreadsheet formula


def _type_text(q: Question) -> str:
    if q.is_select:
        return "{type} {list}{other}".format(type=q.type, list=q.list_name, other=" or_other" if q.or_other else "")
    return q.type


def _plain(element, column: str) -> str:
    if column == "required":
        return "yes" if getattr(element, "required", False) else ""
    value = getattr(element, column, None)
    if value is None:
        return ""
    return getattr(value, "text", value)


def _texts(element, column: str):
    attr = {"label": "labels", "hint": "hints"}.get(column, column)
    return getattr(element, attr, None) or {}


def export_xlsform(definition: FormDefinition, path: str | Path) -> Path:
    """Write ``definition`` as an .xlsx XLSForm at ``path``; returns the path."""
    path = Path(path)
    langs = list(definition.languages)
    names = {lang: definition.language_names.get(lang, lang) for lang in langs}
    elements = [e for e, _p in iter_elements(definition.children) if not (isinstance(e, Question) and e.other_for)]

    text_columns = [c for c in _SURVEY_TEXTS if any(_texts(e, c) for e in elements)]
    plain_columns = [c for c in _SURVEY_PLAIN if any(_plain(e, c) for e in elements)]
    wb = Workbook()
    survey = wb.active
    survey.title = "survey"
    header = ["type", "name"]
    for column in text_columns:
        header += ["{c}::{n}".format(c=column, n=names[lang]) for lang in langs]
    _append(survey, header + plain_columns)

    def row_for(element, type_text: str) -> list:
        row = [type_text, element.name]
        for column in text_columns:
            texts = _texts(element, column)
            row += [texts.get(lang, "") for lang in langs]
        return row + [_plain(element, c) for c in plain_columns]

    def write(children) -> None:
        for child in children:
            if isinstance(child, Group):
                _append(survey, row_for(child, "begin {kind}".format(kind=child.kind)))
                write(child.children)
                _append(survey, ["end {kind}".format(kind=child.kind)])
            elif not child.other_for:
                _append(survey, row_for(child, _type_text(child)))

    write(definition.children)

    choices = wb.create_sheet("choices")
    props: list[str] = []
    for _name, items in definition.choice_lists:
        for choice in items:
            props += [p for p in choice.properties if p not in props]
    _append(choices, ["list_name", "name"] + ["label::{n}".format(n=names[lang]) for lang in langs] + props)
    for list_name, items in definition.choice_lists:
        for choice in items:
            _append(
                choices,
                [list_name, choice.name]
                + [choice.labels.get(lang, "") for lang in langs]
                + [choice.properties.get(p, "") for p in props],
            )

    settings = wb.create_sheet("settings")
    title_langs = [lang for lang in langs if definition.title.get(lang)]
    _append(
        settings,
        ["form_id", "version"]
        + ["form_title::{n}".format(n=names[lang]) for lang in title_langs]
        + ["default_language"],
    )
    _append(
        settings,
        [definition.form_id, definition.version]
        + [definition.title[lang] for lang in title_langs]
        + [names[definition.default_language]],
    )
    wb.save(path)
    return path
