"""Monitoring sessions: who searched which platform, when, for how long, with which keywords.

A session is a versioned entity (:class:`desktop.domain.monitoring.MonitoringSession`) with the
records' envelope, written by the store's one writer (audit entry kind ``monitoring_session``, a
change number for the next export), so it travels in bundles and merges at the coordinator like a
record. Observations point at the session that found them (``session_id``) and at the keyword that
found them (``keyword``), which gives the effort-normalised figures in :mod:`desktop.intel.effort`.
"""

from __future__ import annotations

from desktop.domain.monitoring import MAX_MINUTES, MONITORING_SESSION, MonitoringSession, validate_session
from desktop.domain.monitoring import normalise_keyword as normalise
from desktop.domain.validation import errors as only_errors
from desktop.errors import RecordNotFound, ValidationFailed
from desktop.i18n import _, ngettext

KIND = MONITORING_SESSION
__all__ = [
    "KIND",
    "MAX_MINUTES",
    "MonitoringSession",
    "delete_session",
    "get_session",
    "list_sessions",
    "save_session",
    "validate_session",
]


def save_session(store, session: MonitoringSession) -> MonitoringSession:
    """Validate and save a new or edited session; fills the envelope. Raises ValidationFailed."""
    session.keywords = list(dict.fromkeys(normalise(k) for k in session.keywords if normalise(k)))
    session.officer = session.officer.strip() or store.actor.officer_name
    problems = validate_session(session, store.ref)
    if only_errors(problems):
        raise ValidationFailed(
            ngettext("The session has {n} problem.", "The session has {n} problems.", len(problems)).format(
                n=len(problems)
            ),
            problems,
        )
    return store.save_entity(session)


def get_session(store, session_id: str) -> MonitoringSession:
    data = store.read_entity(KIND, session_id)
    if data is None:
        raise RecordNotFound(_("No monitoring session with id {id}.").format(id=session_id))
    return MonitoringSession.from_dict(data)


def delete_session(store, session_id: str) -> MonitoringSession:
    """Tombstone a session (a new revision with ``deleted`` set); adverts keep pointing at it."""
    session = get_session(store, session_id)
    session.deleted = True
    return store.save_entity(session, "delete")


def list_sessions(store, date_from: str = "", date_to: str = "", platform: str = "", limit: int = -1) -> list[dict]:
    """Live sessions, newest first (at most ``limit``), as dicts with their ``adverts`` (found) count
    and ``minutes``."""
    rows = store.queries.intel.list_sessions(date_from, date_to, platform, limit=limit)
    for row in rows:
        row["minutes"] = MonitoringSession.from_dict(row).minutes()
    return rows
