"""Importing an XLSForm (.xlsx) into an immutable :class:`FormDefinition`.

``load_xlsform(path)`` reads the survey, choices and settings sheets with
openpyxl, builds the question tree and checks it completely, collecting every
problem as a :class:`FormIssue` (sheet, row, column, message); pyxform, the
reference implementation, then gives a second opinion. If anything is wrong a
:class:`FormError` with *all* issues is raised.

Languages: a column ``label::English (en)`` is language ``en`` (the code in
parentheses; a suffix without parentheses is used as the code). Unsuffixed
columns (``label``) belong to the default language: the ``default_language``
setting (``English (en)`` or ``en``), else the first language of the suffixed
columns when there are no unsuffixed ones, else ``en``.
"""

from __future__ import annotations

from pathlib import Path

from desktop.forms.errors import FormError, FormIssue
from desktop.forms.model import Choice, FormDefinition, Texts
from desktop.forms.pyxform_check import pyxform_issues
from desktop.forms.xlsform_sheets import SheetRows, language_code, read_workbook
from desktop.forms.xlsform_survey import (
    TRANSLATABLE,
    Context,
    SurveyBuilder,
    check_cycles,
    check_names,
    check_references,
    resolve_texts,
)
from desktop.i18n import _

_SHEET_ORDER = {"file": 0, "settings": 1, "survey": 2, "choices": 3}
_CHOICE_COLUMNS = ("list_name", "name", "label")


def _languages(sheets: dict[str, SheetRows]) -> list[str]:
    """Language names (as in the headers) in order of first appearance."""
    names: list[str] = []
    for sheet_name, bases in (("survey", TRANSLATABLE), ("choices", ("label",)), ("settings", ("form_title",))):
        sheet = sheets.get(sheet_name)
        if sheet is not None:
            for name in sheet.languages(bases):
                if name not in names:
                    names.append(name)
    return names


def _has_plain_texts(sheets: dict[str, SheetRows]) -> bool:
    return any(
        sheet is not None and sheet.has_plain(bases)
        for sheet, bases in (
            (sheets.get("survey"), TRANSLATABLE),
            (sheets.get("choices"), ("label",)),
            (sheets.get("settings"), ("form_title",)),
        )
    )


def _read_choices(sheet: SheetRows | None, ctx: Context) -> dict[str, tuple[Choice, ...]]:
    lists: dict[str, list[Choice]] = {}
    if sheet is None:
        return {}
    seen: dict[tuple[str, str], int] = {}
    col = sheet.header_text.get
    for row, cells in sheet.rows:
        list_name = cells.get(("list_name", None), "")
        name = cells.get(("name", None), "")
        if not list_name:
            ctx.add(row, col(("list_name", None), "list_name"), _("The list_name is missing."), "choices")
            continue
        if not name:
            ctx.add(row, col(("name", None), "name"), _("The choice name is missing."), "choices")
            continue
        if (list_name, name) in seen:
            ctx.add(
                row,
                col(("name", None), "name"),
                _("The choice '{name}' is already in the list '{list}' (row {first}).").format(
                    name=name, list=list_name, first=seen[(list_name, name)]
                ),
                "choices",
            )
            continue
        seen[(list_name, name)] = row
        labels = resolve_texts(cells, "label", ctx)
        if not labels:
            ctx.add(
                row, col(("label", None), "label"), _("The choice '{name}' has no label.").format(name=name), "choices"
            )
        properties = {
            base: text for (base, lang), text in cells.items() if lang is None and base not in _CHOICE_COLUMNS
        }
        lists.setdefault(list_name, []).append(Choice(name, labels, Texts(properties), row=row))
    return {name: tuple(choices) for name, choices in lists.items()}


def _settings(sheet: SheetRows | None, issues: list[FormIssue]) -> tuple[int, dict]:
    """(row, cells) of the settings values row; reports a missing form_id / version."""
    row, cells = sheet.rows[0] if sheet is not None and sheet.rows else (None, {})
    if sheet is None:
        issues.append(
            FormIssue(
                "settings", None, None, _("The settings sheet is missing; it must give at least form_id and version.")
            )
        )
        return 0, {}
    for column in ("form_id", "version"):
        if not cells.get((column, None)):
            issues.append(
                FormIssue(
                    "settings",
                    row or 2,
                    sheet.header_text.get((column, None), column),
                    _("The setting '{name}' is missing.").format(name=column),
                )
            )
    return row or 0, cells


def _sort_key(issue: FormIssue):
    return (_SHEET_ORDER.get(issue.sheet, 9), issue.row or 0, issue.column or "")


def load_xlsform(path: str | Path, use_pyxform: bool = True) -> FormDefinition:
    """Import the XLSForm at ``path``; raises :class:`FormError` listing every problem."""
    workbook = read_workbook(path)
    sheets, issues = workbook.sheets, list(workbook.issues)
    survey = sheets.get("survey")
    if survey is None:
        issues.append(FormIssue("survey", None, None, _("The survey sheet is missing.")))
    elif ("type", None) not in survey.header_text:
        issues.append(
            FormIssue(
                "survey",
                1,
                None,
                _("The survey sheet has no 'type' column: row 1 must hold the column names (type, name, label)."),
            )
        )

    settings_row, settings = _settings(sheets.get("settings"), issues)
    names = _languages(sheets)
    codes = {name: language_code(name) for name in names}
    setting_lang = settings.get(("default_language", None), "")
    if setting_lang:
        # 'English (en)', 'en' or just 'English' when the columns say 'English (en)'
        default = codes.get(setting_lang) or next(
            (code for name, code in codes.items() if name.startswith(setting_lang + " (")), language_code(setting_lang)
        )
    elif names and not _has_plain_texts(sheets):
        default = codes[names[0]]
    else:
        default = "en"
    languages: list[str] = []
    language_names: dict[str, str] = {}
    for name in names:
        if codes[name] not in languages:
            languages.append(codes[name])
            language_names[codes[name]] = name
    if default not in languages:
        languages.insert(0, default)
        language_names[default] = setting_lang if setting_lang and setting_lang != default else default

    ctx = Context(default, codes, {}, issues)
    ctx.choice_lists = _read_choices(sheets.get("choices"), ctx)
    children: tuple = ()
    if survey is not None:
        children = SurveyBuilder(survey, ctx).build()
        check_names(children, ctx)
        check_references(children, ctx, survey.header_text)
        check_cycles(children, ctx, survey.header_text)

    if use_pyxform and survey is not None:
        reported = {(i.sheet, i.row) for i in issues}
        for issue in pyxform_issues(path):
            if (issue.sheet, issue.row) not in reported and not (issue.row is None and issues):
                issues.append(issue)

    if issues:
        raise FormError(sorted(issues, key=_sort_key))
    return FormDefinition(
        form_id=settings[("form_id", None)],
        version=settings[("version", None)],
        title=resolve_texts(settings, "form_title", ctx),
        languages=tuple(languages),
        default_language=default,
        children=children,
        choice_lists=tuple(ctx.choice_lists.items()),
        language_names=Texts(language_names),
        title_row=settings_row,
    )
