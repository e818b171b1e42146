"""Errors raised by the questionnaire engine.

:class:`ExpressionError` is a malformed or unsafe XPath expression (with the
character position where the problem was found); :class:`FormError` is an
XLSForm that cannot be imported and carries *every* problem found as a list of
:class:`FormIssue` (sheet, row, column, message), so the user can fix them all
in one go. All messages are already translated.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.errors import PantauError
from desktop.i18n import _, ngettext


class ExpressionError(PantauError):
    """A malformed, unsupported or unsafe expression.

    ``position`` is the 0-based character offset in the expression text where
    the problem was detected (``None`` when it is not about one place).
    """

    def __init__(self, message: str, position: int | None = None):
        super().__init__(message)
        self.position = position


@dataclass(frozen=True)
class FormIssue:
    """One problem in an XLSForm: where it is (sheet, 1-based row, column header) and what."""

    sheet: str
    row: int | None
    column: str | None
    message: str

    def location(self) -> str:
        """'survey, row 4, column relevant' in the current language."""
        if self.row is not None and self.column:
            return _("{sheet}, row {row}, column {column}").format(sheet=self.sheet, row=self.row, column=self.column)
        if self.row is not None:
            return _("{sheet}, row {row}").format(sheet=self.sheet, row=self.row)
        if self.column:
            return _("{sheet}, column {column}").format(sheet=self.sheet, column=self.column)
        return self.sheet

    def __str__(self) -> str:
        return "{where}: {message}".format(where=self.location(), message=self.message)


class FormError(PantauError):
    """An XLSForm could not be imported; ``issues`` lists every problem found."""

    def __init__(self, issues: list[FormIssue], message: str | None = None):
        self.issues = list(issues)
        if message is None:
            count = len(self.issues)
            message = ngettext("The form has {count} problem.", "The form has {count} problems.", count).format(
                count=count
            )
        super().__init__(message)
