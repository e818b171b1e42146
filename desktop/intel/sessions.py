"""Monitoring sessions: who searched which platform, when, for how long, with which keywords.

A session is a record-like entity with the same envelope as records (UUIDv7
id, revision, UTC created/updated times, device, officer, tombstone), kept in
its own table with its canonical JSON body; every change gets an audit entry
(kind ``monitoring_session``). Observations point at the session that found
them (``session_id``) and at the keyword that found them (``keyword``), which
gives the effort-normalised figures in :mod:`desktop.intel.effort`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field, fields

from desktop.db import audit as audit_db
from desktop.db import intel_sql
from desktop.domain.canonical import canonical_json
from desktop.domain.ids import new_id, utc_now
from desktop.domain.validation import Problem
from desktop.domain.validation import errors as only_errors
from desktop.errors import RecordNotFound, ValidationFailed
from desktop.i18n import _, ngettext
from desktop.intel.keywords import normalise

KIND = "monitoring_session"
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
MAX_MINUTES = 16 * 60


@dataclass
class MonitoringSession:
    id: str = ""
    revision: int = 0
    created_at: str = ""
    updated_at: str = ""
    device_id: str = ""
    officer_id: str = ""
    officer_name: str = ""
    deleted: bool = False
    platform: str = ""
    session_date: str = ""  # ISO date
    start_time: str = ""  # HH:MM, local time
    end_time: str = ""  # HH:MM; earlier than start_time means past midnight
    officer: str = ""  # who searched (defaults to the officer saving it)
    keywords: list[str] = field(default_factory=list)
    notes: str = ""

    kind = KIND

    def to_dict(self) -> dict:
        data = asdict(self)
        data["kind"] = KIND
        data["deleted"] = bool(self.deleted)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "MonitoringSession":
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["keywords"] = [str(k) for k in values.get("keywords") or []]
        values["revision"] = int(values.get("revision") or 0)
        values["deleted"] = bool(values.get("deleted", False))
        return cls(**values)

    def minutes(self) -> int:
        """Length in minutes; 0 when a time is missing or malformed."""
        start, end = _TIME.match(self.start_time or ""), _TIME.match(self.end_time or "")
        if not start or not end:
            return 0
        begin = int(start.group(1)) * 60 + int(start.group(2))
        finish = int(end.group(1)) * 60 + int(end.group(2))
        return (finish - begin) % (24 * 60)


def validate_session(session: MonitoringSession, ref, today: dt.date | None = None) -> list[Problem]:
    """Every problem of ``session`` in the current language."""
    problems: list[Problem] = []
    today = today or dt.date.today()
    if not session.platform:
        problems.append(Problem("platform", _("This field is required.")))
    elif session.platform not in {p.id for p in ref.platforms}:
        problems.append(Problem("platform", _("Unknown platform '{value}'.").format(value=session.platform)))
    if not session.session_date:
        problems.append(Problem("session_date", _("Enter a date.")))
    else:
        try:
            if dt.date.fromisoformat(session.session_date[:10]) > today:
                problems.append(Problem("session_date", _("The date cannot be in the future.")))
        except ValueError:
            problems.append(
                Problem(
                    "session_date",
                    _("'{value}' is not a valid date (use YYYY-MM-DD).").format(value=session.session_date),
                )
            )
    for name in ("start_time", "end_time"):
        value = getattr(session, name)
        if not _TIME.match(value or ""):
            problems.append(
                Problem(name, _("'{value}' is not a time of day (use HH:MM, e.g. 09:30).").format(value=value))
            )
    if _TIME.match(session.start_time or "") and _TIME.match(session.end_time or ""):
        length = session.minutes()
        if length == 0:
            problems.append(Problem("end_time", _("The session must end after it starts.")))
        elif length > MAX_MINUTES:
            problems.append(
                Problem(
                    "end_time", _("A session cannot last more than 16 hours; enter each sitting as its own session.")
                )
            )
    if not [k for k in session.keywords if normalise(k)]:
        problems.append(Problem("keywords", _("Enter at least one keyword that was searched.")))
    return problems


def _row(session: MonitoringSession, body: str) -> dict:
    data = session.to_dict()
    data.update(minutes=session.minutes(), body=body, deleted=1 if session.deleted else 0)
    return data


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
    return _write(store, session, None)


def _write(store, session: MonitoringSession, action: str | None) -> MonitoringSession:
    now = utc_now()
    with store.transaction() as conn:
        previous = intel_sql.read_session(conn, session.id) if session.id else None
        if previous is None:
            session.id = session.id or new_id()
            session.revision = 1
            session.created_at = session.created_at or now
        else:
            session.revision = int(previous["revision"]) + 1
            session.created_at = previous["created_at"]
        session.updated_at = now
        session.device_id = store.actor.device_id
        session.officer_id = store.actor.officer_id
        session.officer_name = store.actor.officer_name
        body = canonical_json(session.to_dict())
        intel_sql.write_session(conn, _row(session, body), [] if session.deleted else session.keywords)
        writer = audit_db.AuditWriter(conn)
        writer.add(
            at=now,
            actor=store.actor,
            action=action or ("create" if previous is None else "update"),
            kind=KIND,
            record_id=session.id,
            revision=session.revision,
            old_value=canonical_json(previous) if previous else None,
            new_value=body,
        )
        writer.flush()
    return session


def get_session(store, session_id: str) -> MonitoringSession:
    data = intel_sql.read_session(store.conn, session_id)
    if data is None:
        raise RecordNotFound(_("No monitoring session with id {id}.").format(id=session_id))
    return MonitoringSession.from_dict(data)


def delete_session(store, session_id: str) -> MonitoringSession:
    """Tombstone a session (a new revision with ``deleted`` set); adverts keep pointing at it."""
    session = get_session(store, session_id)
    session.deleted = True
    return _write(store, session, "delete")


def list_sessions(store, date_from: str = "", date_to: str = "", platform: str = "", limit: int = -1) -> list[dict]:
    """Live sessions, newest first (at most ``limit``), as dicts with their ``adverts`` (found) count
    and ``minutes``."""
    rows = intel_sql.list_sessions(store.conn, date_from, date_to, platform, limit=limit)
    for row in rows:
        row["minutes"] = MonitoringSession.from_dict(row).minutes()
    return rows
