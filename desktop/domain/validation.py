"""The one validation result type: a field name plus a translated message.

Every layer reports validation through :class:`Problem`: the record validators,
the spreadsheet import (a problem in a sheet row, with ``row`` and ``column``)
and the XLSForm import (with ``sheet``, ``row`` and ``column``). Validators
return a list of Problems; they never raise for bad data and report every
problem at once. ``severity`` is ``"error"`` (saving or importing is refused)
or ``"warning"`` (the user may confirm and go on, or something was skipped).
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.i18n import _

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    field: str
    message: str
    severity: str = ERROR
    row: int | None = None  # 1-based sheet row (spreadsheet or XLSForm), None when not about a row
    column: str | None = None  # the column's header as written in the sheet
    sheet: str | None = None  # the XLSForm sheet (or file) the problem is in

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def location(self) -> str:
        """Where an XLSForm problem is ('survey, row 4, column relevant') in the current language;
        "" for a problem that is not about a sheet."""
        if self.sheet is None:
            return ""
        if self.row is not None and self.column:
            return _("{sheet}, row {row}, column {column}").format(sheet=self.sheet, row=self.row, column=self.column)
        if self.row is not None:
            return _("{sheet}, row {row}").format(sheet=self.sheet, row=self.row)
        if self.column:
            return _("{sheet}, column {column}").format(sheet=self.sheet, column=self.column)
        return self.sheet

    def __str__(self) -> str:
        where = self.location()
        return "{where}: {message}".format(where=where, message=self.message) if where else self.message

    def as_dict(self) -> dict:
        out: dict = {"field": self.field, "message": self.message, "severity": self.severity}
        for name in ("row", "column", "sheet"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        return out


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


def warnings(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if not p.is_error]
