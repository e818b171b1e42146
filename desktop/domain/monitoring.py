"""Versioned entities of monitoring intelligence, beside the records: monitoring sessions, seller-link
decisions and seller networks.

They carry the records' envelope (:class:`desktop.domain.records.Envelope`: UUIDv7 or pair id,
revision, UTC timestamps, device, officer, tombstone), are written by the store's one writer with an
audit entry and a change number, travel in sync bundles and merge at the coordinator like records
(see :mod:`desktop.domain.entities`). Pure data and rules: no database here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from desktop.domain.records import Envelope, _build, _field_names, _known_values
from desktop.domain.validation import Problem
from desktop.i18n import _

MONITORING_SESSION = "monitoring_session"
SELLER_LINK = "seller_link"
SELLER_NETWORK = "seller_network"
LINK_STATUSES = ("confirmed", "rejected")
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
MAX_MINUTES = 16 * 60


def normalise_keyword(keyword: str) -> str:
    """'  Jual   Murah ' → 'jual murah'."""
    return " ".join((keyword or "").split()).lower()


def account_key(handle: str) -> str:
    """The seller account a record belongs to: its handle, trimmed and lower-cased (as reports match it)."""
    return (handle or "").strip().lower()


class VersionedEntity(Envelope):
    """Base of the entity kinds that are not records: the envelope, ``kind``, ``to_dict``/``from_dict``."""

    kind = ""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = self.kind
        data["deleted"] = bool(self.deleted)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]):
        values = _known_values(data, _field_names(cls))  # type: ignore[arg-type]  # as in records.py
        values["revision"] = int(values.get("revision") or 0)
        values["deleted"] = bool(values.get("deleted", False))
        return _build(cls, values)


@dataclass
class MonitoringSession(VersionedEntity):
    """Who searched which platform, when, for how long, with which keywords."""

    platform: str = ""
    session_date: str = ""  # ISO date
    start_time: str = ""  # HH:MM, local time
    end_time: str = ""  # HH:MM; earlier than start_time means past midnight
    officer: str = ""  # who searched (defaults to the officer saving it)
    keywords: list[str] = field(default_factory=list)
    notes: str = ""

    kind = MONITORING_SESSION

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "MonitoringSession":
        session = super().from_dict(data)
        session.keywords = [str(k) for k in session.keywords or []]
        return session

    def minutes(self) -> int:
        """Length in minutes; 0 when a time is missing or malformed."""
        start, end = _TIME.match(self.start_time or ""), _TIME.match(self.end_time or "")
        if not start or not end:
            return 0
        begin = int(start.group(1)) * 60 + int(start.group(2))
        finish = int(end.group(1)) * 60 + int(end.group(2))
        return (finish - begin) % (24 * 60)


@dataclass
class SellerLink(VersionedEntity):
    """A decision that two seller accounts are (confirmed) or are not (rejected) the same trader.

    Its id is ``"<account_a>|<account_b>"`` (the accounts sorted), so decisions on the same pair made
    on two devices are two versions of one entity and merge (or conflict) like a record's."""

    account_a: str = ""
    account_b: str = ""
    status: str = ""  # confirmed | rejected
    reasons: list[dict[str, Any]] = field(default_factory=list)  # {kind, value, score}
    network_id: str = ""  # the seller network of a confirmed link

    kind = SELLER_LINK


@dataclass
class SellerNetwork(VersionedEntity):
    """A named group of seller accounts joined by confirmed links (a tombstone once merged into another)."""

    name: str = ""
    notes: str = ""

    kind = SELLER_NETWORK


def link_id(account_a: str, account_b: str) -> str:
    return f"{account_a}|{account_b}"


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
    if not [k for k in session.keywords if normalise_keyword(k)]:
        problems.append(Problem("keywords", _("Enter at least one keyword that was searched.")))
    return problems


def validate_link(link: SellerLink) -> list[Problem]:
    """Problems of a link decision received from elsewhere (the app only makes valid ones)."""
    problems: list[Problem] = []
    a, b = account_key(link.account_a), account_key(link.account_b)
    if not a or not b or a != link.account_a or b != link.account_b or not a < b:
        problems.append(Problem("account_a", _("Name two seller accounts.")))
    elif link.id != link_id(a, b):
        problems.append(Problem("id", _("The id of a seller link must name its two accounts.")))
    if link.status not in LINK_STATUSES:
        problems.append(Problem("status", _("A seller link is either confirmed or rejected.")))
    return problems


def validate_network(network: SellerNetwork) -> list[Problem]:
    if not " ".join((network.name or "").split()):
        return [Problem("name", _("Enter a name for the network."))]
    return []
