"""Errors that reach a user.

Every error a user may see is a :class:`PantauError` whose ``message`` is
already translated into the current language. The CLI prints it on one line,
the GUI shows it in a dialog; neither shows a traceback.
"""


class PantauError(Exception):
    """An error with a translated, user-facing message."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class DatabaseError(PantauError):
    """The database cannot be opened or written (not SQLite, newer, locked, read-only)."""


class RecordNotFound(PantauError):
    """No record with the given id."""


class ValidationFailed(PantauError):
    """A record did not pass validation; ``problems`` lists every problem."""

    def __init__(self, message: str, problems):
        super().__init__(message)
        self.problems = list(problems)
