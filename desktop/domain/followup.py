"""Follow-up rules of reported adverts, on the record itself (no database): the date a reported
advert is due for a check, and what a check's outcome changes. The follow-up screens, lists and
figures are in :mod:`desktop.intel.followup`; the store applies :func:`apply_followup_defaults` on
every save.
"""

from __future__ import annotations

import datetime as dt

from desktop.domain.records import FOLLOWUP_OUTCOMES, Observation
from desktop.errors import PantauError
from desktop.i18n import _

DEFAULT_DAYS = 7


def followup_days(settings) -> int:
    """Days from a report to its follow-up check (``Settings.extra['followup_days']``, default 7)."""
    extra = getattr(settings, "extra", None) or {}
    try:
        days = int(extra.get("followup_days", DEFAULT_DAYS))
    except (TypeError, ValueError):
        return DEFAULT_DAYS
    return days if 1 <= days <= 365 else DEFAULT_DAYS


def _plus(day: str, days: int) -> str:
    try:
        return (dt.date.fromisoformat(str(day)[:10]) + dt.timedelta(days=days)).isoformat()
    except ValueError:
        return ""


def apply_followup_defaults(record, settings=None):
    """Give a reported advert its follow-up date (report date + the follow-up period) if it has none;
    clear a date that no longer applies because the advert is no longer marked reported.
    Other records are returned unchanged. Returns ``record``."""
    if not isinstance(record, Observation):
        return record
    if record.reported and record.reported_on and not record.followup_due and not record.followup_outcome:
        record.followup_due = _plus(record.reported_on, followup_days(settings))
    elif not record.reported and not record.followup_outcome:
        record.followup_due = ""
    return record


def apply_outcome(record: Observation, outcome: str, checked_on: str, settings=None) -> Observation:
    """Record the result of a check on ``record`` (in place): the outcome, the date, the flags, and the
    next follow-up date when the advert is still to be watched."""
    if outcome not in FOLLOWUP_OUTCOMES:
        raise PantauError(_("Unknown follow-up outcome '{value}'.").format(value=outcome))
    record.followup_outcome = outcome
    record.followup_checked_on = checked_on
    if outcome == "removed":
        record.removed = True
    elif outcome == "account_locked":
        record.account_locked = True
    else:
        record.followup_due = _plus(checked_on, followup_days(settings))
    return record
