"""Importing an XLSForm (.xlsx) into an immutable :class:`FormDefinition`.

``load_xlsform(path)`` reads the survey, choices and settings sheets with
openpyxl, builds the question tree and checks it completely, collecting every
problem as a :class:`~desktop.domain.validation.Problem` (sheet, row, column, message); pyxform, the
reference implementation, then gives a second opinion. If anything is wrong a
:class:`FormError` with *all* issues is raised.

Languages: a column ``label::English (en)`` is language ``en`` (the code in
parentheses; a suffix without parentheses is used as the code). Unsuffixed
columns (``label``) belong to the default language: the ``default_language``
setting (``English (en)`` or ``en``), else the first language of the suffixed
columns when there are no unsuffixed ones, else ``en``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from desktop.domain.validation import Problem
from desktop.forms.errors import FormError, form_issue
from desktop.forms.model import Choice, FormDefinition, Texts
from desktop.forms.pyxform_check import pyxform_issues
from desktop.forms.xlsform_checks import check_cycles, check_references
from desktop.forms.xlsform_export import TITLES_SHEET
from desktop.forms.xlsform_media import media_choice_lists
from desktop.forms.xlsform_sheets import SheetRows, column_key, language_code, read_workbook, sheet_rows
from desktop.forms.xlsform_survey import TRANSLATABLE, Context, SurveyBuilder, resolve_texts, unique_names
from desktop.i18n import _

_SHEET_ORDER = {"file": 0, "settings": 1, "survey": 2, "choices": 3, "external_choices": 4}
_CHOICE_COLUMNS = ("list_name", "name", "label")
_SETTINGS_USED = ("form_id", "version", "form_title", "default_language")
_YES = ("yes", "true", "true()", "1")


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


def _read_choices(
    sheet: SheetRows | None, ctx: Context, allow_duplicates: bool = False, sheet_name: str = "choices"
) -> dict[str, tuple[Choice, ...]]:
    lists: dict[str, list[Choice]] = {}
    if sheet is None:
        return {}
    seen: dict[tuple[str, str], int] = {}
    col = sheet.header_text.get
    for row, cells in sheet.rows:
        list_name = cells.get(("list_name", None), "")
        name = cells.get(("name", None)) or cells.get(("value", None), "")  # 'value': an older spelling
        if not list_name and name:
            ctx.add(row, col(("list_name", None), "list_name"), _("The list_name is missing."), sheet_name)
            continue
        if not list_name:
            ctx.warn(
                row,
                col(("list_name", None), "list_name"),
                _("The list_name is missing; the row was skipped."),
                sheet_name,
            )
            continue
        if not name:
            ctx.add(row, col(("name", None), "name"), _("The choice name is missing."), sheet_name)
            continue
        if (list_name, name) in seen and not allow_duplicates:
            ctx.add(
                row,
                col(("name", None), "name"),
                _("The choice '{name}' is already in the list '{list}' (row {first}).").format(
                    name=name, list=list_name, first=seen[(list_name, name)]
                ),
                sheet_name,
            )
            continue
        seen[(list_name, name)] = row
        labels = resolve_texts(cells, "label", ctx)
        if not labels:
            ctx.warn(
                row,
                col(("label", None), "label"),
                _("The choice '{name}' has no label; its name is shown instead.").format(name=name),
                sheet_name,
            )
        properties = {
            (base if lang is None else sheet.header_text.get((base, lang), base)): text
            for (base, lang), text in cells.items()
            if base not in _CHOICE_COLUMNS + ("value",) or (lang is not None and base != "label")
        }
        lists.setdefault(list_name, []).append(Choice(name, labels, Texts(properties), row=row))
    return {name: tuple(choices) for name, choices in lists.items()}


def _settings(sheet: SheetRows | None) -> tuple[int, dict]:
    """(row, cells) of the settings values row; every setting is optional as in XLSForm."""
    if sheet is None or not sheet.rows:
        return 0, {}
    return sheet.rows[0]


def default_version(path: Path) -> str:
    """The version of a form whose settings give none: the file's modification time
    (``YYYYMMDDHHMM``, UTC), or ``1`` when it cannot be read."""
    try:
        stamp = path.stat().st_mtime
    except OSError:
        return "1"
    return dt.datetime.fromtimestamp(stamp, dt.timezone.utc).strftime("%Y%m%d%H%M")


def _sort_key(issue: Problem):
    return (_SHEET_ORDER.get(issue.sheet or "", 9), issue.row or 0, issue.column or "")


def load_xlsform(
    path: str | Path, use_pyxform: bool = True, media: dict[str, str] | None = None, form_name: str | None = None
) -> FormDefinition:
    """Import the XLSForm at ``path``; raises :class:`FormError` listing every problem.

    ``media`` maps the names of the form's CSV/XML files (``select_one_from_file``,
    ``pulldata``, ``select_one_external``) to their text. Without a ``form_id`` setting the
    form id is ``form_name`` or the file name (as pyxform does); without a ``version`` it is
    the file's modification time. What the import skipped or guessed is in ``warnings``."""
    path = Path(path)
    media = dict(media or {})
    workbook = read_workbook(path)
    sheets, issues = workbook.sheets, list(workbook.issues)
    survey = sheets.get("survey")
    if survey is None:
        issues.append(form_issue("survey", None, None, _("The survey sheet is missing.")))
    elif ("type", None) not in survey.header_text:
        issues.append(
            form_issue(
                "survey",
                1,
                None,
                _("The survey sheet has no 'type' column: row 1 must hold the column names (type, name, label)."),
            )
        )

    settings_row, settings = _settings(sheets.get("settings"))
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
    allow_duplicates = settings.get(("allow_choice_duplicates", None), "").strip().lower() in _YES
    ctx.choice_lists = _read_choices(sheets.get("choices"), ctx, allow_duplicates)
    ctx.external_lists = _read_choices(sheets.get("external_choices"), ctx, True, "external_choices")
    ctx.file_lists = {name: choices for name, choices in media_choice_lists(media, default).items()}
    children: tuple = ()
    if survey is not None:
        children = SurveyBuilder(survey, ctx).build()
        children = unique_names(children, ctx)
        check_references(children, ctx, survey.header_text)
        check_cycles(children, ctx, survey.header_text)

    if use_pyxform and survey is not None:
        reported = {(i.sheet, i.row) for i in issues}
        for issue in pyxform_issues(path):
            if (issue.sheet, issue.row) not in reported and not (issue.row is None and issues):
                issues.append(issue)

    if issues:
        raise FormError(sorted(issues, key=_sort_key))
    title = resolve_texts(settings, "form_title", ctx)
    others = []
    for sheet_title, rows in workbook.others:
        if sheet_title.strip().lower() == TITLES_SHEET and len(rows) >= 2:  # written by Pantau's export
            translated = {column_key(h): v for h, v in zip(rows[0], rows[1]) if h and v}
            title = Texts(dict(title, **resolve_texts(translated, "form_title", ctx)))
        else:
            others.append((sheet_title, rows))
    settings_sheet = sheets.get("settings")
    extra_settings = {
        (settings_sheet.header_text.get(key, key[0]) if settings_sheet else key[0]): text
        for key, text in settings.items()
        if key[0] not in _SETTINGS_USED
    }
    return FormDefinition(
        form_id=settings.get(("form_id", None)) or form_name or path.stem,
        version=settings.get(("version", None)) or default_version(path),
        title=title,
        languages=tuple(languages),
        default_language=default,
        children=children,
        choice_lists=tuple(ctx.choice_lists.items()),
        language_names=Texts(language_names),
        settings_extra=Texts(extra_settings),
        extra_sheets=tuple(others)
        + ((("external_choices", sheet_rows(sheets["external_choices"])),) if "external_choices" in sheets else ()),
        media=tuple(sorted(media.items())),
        title_row=settings_row,
        warnings=tuple(sorted(ctx.warnings, key=_sort_key)),
    )
