"""Follow-up of adverts reported to a platform.

When an advert is marked reported, it is due for a check ``followup_days``
after the report (``Settings.extra['followup_days']``, default 7). The check
records an outcome: *removed* and *account locked* close the follow-up (and set
the record's ``removed`` / ``account_locked`` flags); *still online* and *could
not check* schedule the next check the same number of days later. The report
date and the date of the closing check are kept, so a report can state the
time to removal (the median days from report to the check that found the
advert gone; an upper bound, since the advert may have gone earlier).
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from desktop.domain.followup import DEFAULT_DAYS, apply_followup_defaults, apply_outcome, followup_days
from desktop.domain.records import Observation
from desktop.domain.validation import Problem
from desktop.domain.validation import errors as only_errors
from desktop.errors import PantauError, ValidationFailed
from desktop.i18n import N_, _, current_language

OUTCOME_LABELS = {
    "still_online": N_("Still online"),
    "removed": N_("Removed"),
    "account_locked": N_("Account locked"),
    "could_not_check": N_("Could not check"),
}
__all__ = ["DEFAULT_DAYS", "apply_followup_defaults", "apply_outcome", "followup_days"]  # the rules, from domain
CLOSING = ("removed", "account_locked")
FIELD_NAMES = {
    "followup_checked_on": N_("Date of the check"),
    "followup_due": N_("Follow-up date"),
    "followup_outcome": N_("Follow-up outcome"),
    "reported_on": N_("Report date"),
    "evidence": N_("Evidence"),
}


def problem_text(problem) -> str:
    """'Field: problem' for one validation problem of a follow-up."""
    name = FIELD_NAMES.get(problem.field)
    return _("{field}: {problem}").format(field=_(name) if name else problem.field, problem=problem.message)


def outcome_label(code: str) -> str:
    text = OUTCOME_LABELS.get(code or "")
    return _(text) if text else (code or "")


def record_outcome(store, record_id: str, outcome: str, checked_on: str = "", settings=None) -> Observation:
    """Save the outcome of a follow-up check (today unless ``checked_on`` is given)."""
    record = store.get("observation", record_id)
    if not record.reported:
        raise PantauError(_("This advert is not marked as reported, so it has no follow-up."))
    day = checked_on or dt.date.today().isoformat()
    reported_on = (record.reported_on or "")[:10]
    if reported_on and day < reported_on:
        problem = Problem(
            "followup_checked_on",
            _("{day} is before the report date ({reported}); a check cannot come before the report.").format(
                day=day, reported=reported_on
            ),
        )
        raise ValidationFailed(problem_text(problem), [problem])
    apply_outcome(record, outcome, day, settings if settings is not None else store.settings)
    try:
        return store.save(record, accept_warnings=True)
    except ValidationFailed as exc:  # name each problem, not only how many there are
        blocking = only_errors(exc.problems) or exc.problems
        raise ValidationFailed(" ".join(problem_text(p) for p in blocking), exc.problems) from None


def due(store, today: dt.date | None = None, include_upcoming: bool = False) -> list[dict]:
    """Reported adverts waiting for a check, oldest due date first; with ``include_upcoming`` also the
    ones due later. Each row has id, followup_due, reported_on, platform, seller_handle, url,
    species_names, followup_outcome, followup_checked_on, evidence_count and days_overdue."""
    day = today or dt.date.today()
    until = "9999-12-31" if include_upcoming else day.isoformat()
    rows = store.queries.intel.followup_rows(until, current_language())
    for row in rows:
        try:
            row["days_overdue"] = (day - dt.date.fromisoformat(row["followup_due"][:10])).days
        except ValueError:
            row["days_overdue"] = 0
    return rows


@dataclass(frozen=True)
class RemovalStats:
    closed: int  # adverts whose follow-up found them removed or the account locked
    median_days: float | None  # median days from report to that check
    min_days: float | None
    max_days: float | None
    counts: dict  # reported adverts by follow-up state (outcome codes, 'due', 'waiting', …)


def removal_stats(store, date_from: str = "", date_to: str = "", today: dt.date | None = None) -> RemovalStats:
    """Time to removal of adverts reported in the period, and reported adverts by follow-up state."""
    days = store.queries.intel.removal_days(date_from, date_to)
    counts = store.queries.intel.followup_counts((today or dt.date.today()).isoformat())
    if not days:
        return RemovalStats(0, None, None, None, counts)
    return RemovalStats(len(days), float(statistics.median(days)), float(min(days)), float(max(days)), counts)
