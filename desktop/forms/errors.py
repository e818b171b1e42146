"""Errors raised by the questionnaire engine.

:class:`ExpressionError` is a malformed or unsafe XPath expression (with the
character position where the problem was found); :class:`FormError` is an
XLSForm that cannot be imported and carries *every* problem found as a list of
:class:`~desktop.domain.validation.Problem` with its sheet, row and column (made by
:func:`form_issue`), so the user can fix them all in one go. All messages are already translated.
"""

from __future__ import annotations

from desktop.domain.validation import ERROR, Problem
from desktop.errors import PantauError
from desktop.i18n import ngettext


class ExpressionError(PantauError):
    """A malformed, unsupported or unsafe expression.

    ``position`` is the 0-based character offset in the expression text where
    the problem was detected (``None`` when it is not about one place).
    """

    def __init__(self, message: str, position: int | None = None):
        super().__init__(message)
        self.position = position


def form_issue(sheet: str, row: int | None, column: str | None, message: str, severity: str = ERROR) -> Problem:
    """One problem in an XLSForm as the one validation result type: where it is (sheet, 1-based row,
    column header) and what; ``field`` is the column (what a form's author would fix)."""
    return Problem(column or "", message, severity, row=row, column=column, sheet=sheet)


class FormError(PantauError):
    """An XLSForm could not be imported; ``issues`` lists every problem found."""

    def __init__(self, issues: list[Problem], message: str | None = None):
        self.issues = list(issues)
        if message is None:
            count = len(self.issues)
            message = ngettext("The form has {count} problem.", "The form has {count} problems.", count).format(
                count=count
            )
        super().__init__(message)
