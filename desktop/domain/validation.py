"""The one validation result type: a field name plus a translated message.

Validators return a list of :class:`Problem`; they never raise for bad data
and report every problem at once. ``severity`` is ``"error"`` (saving is
refused) or ``"warning"`` (the user may confirm and save).
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    field: str
    message: str
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def as_dict(self) -> dict:
        return {"field": self.field, "message": self.message, "severity": self.severity}


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


def warnings(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if not p.is_error]
