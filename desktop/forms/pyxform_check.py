"""A second opinion from pyxform, the reference XLSForm implementation.

Pantau's own import collects every problem at once; pyxform stops at the
first one but knows the XLSForm specification in more depth (reserved names,
XML name rules, choice list details...). After Pantau's checks, the form is
run through ``pyxform.xls2xform.convert`` (pure Python, no Java validator)
and its error, if any, is turned into a :class:`~desktop.domain.validation.Problem` using the
``[row : N]`` and ``On the 'sheet' sheet`` markers in pyxform's message.
"""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

from desktop.domain.validation import Problem
from desktop.forms.errors import form_issue
from desktop.i18n import _

_ROW = re.compile(r"\[row\s*:\s*(\d+)\]")
_ROW_MARK = re.compile(r"\[row\s*:[^\]]*\]")
_SHEET = re.compile(r"[Oo]n the '([A-Za-z_]+)' sheet")
_COLUMN = re.compile(r"the '([A-Za-z_:]+)' value (?:'[^']*' )?is invalid")


def issue_from_message(message: str) -> Problem:
    """Turn a pyxform error message into a Problem (row and sheet when pyxform gives them)."""
    row_match = _ROW.search(message)
    sheet_match = _SHEET.search(message)
    column_match = _COLUMN.search(message)
    text = _ROW_MARK.sub("", message).strip()
    return form_issue(
        sheet_match.group(1).lower() if sheet_match else "survey",
        int(row_match.group(1)) if row_match else None,
        column_match.group(1) if column_match else None,
        _("The XLSForm reference checker (pyxform) reports: {message}").format(message=text),
    )


def _single_language_title(data) -> dict:
    """The workbook as pyxform's dict input, with a translated ``form_title`` reduced to one
    plain ``form_title`` (pyxform cannot put a multilingual title in the XForm head)."""
    workbook = {f.name: getattr(data, f.name) for f in fields(data)}
    if data.settings:
        row = dict(data.settings[0])
        translated = [k for k in row if k.lower().startswith("form_title::")]
        if translated:
            row.setdefault("form_title", row[translated[0]])
            for key in translated:
                row.pop(key)
            workbook["settings"] = [row] + list(data.settings[1:])
            workbook["settings_header"] = [{k: None for k in row}]
    return workbook


def pyxform_issues(path: str | Path) -> list[Problem]:
    """Run pyxform on the workbook: [] if it converts (or crashes), else its one error."""
    from pyxform.errors import PyXFormError
    from pyxform.xls2json_backends import get_xlsform
    from pyxform.xls2xform import convert

    try:
        workbook = _single_language_title(get_xlsform(xlsform=str(path)))
        convert(xlsform=workbook, warnings=[], form_name="data")
    except PyXFormError as exc:
        return [issue_from_message(str(exc))]
    except (ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
        # pyxform itself crashed (not a verdict on the form): Pantau's own checks stand
        return []
    return []
