"""What the observation form shows about an advert's contacts and the monitoring session that found it.

Phone numbers are kept as written; beside them the form shows how each was read
(E.164, with :func:`desktop.domain.contacts.parse_phone`, the advert's country
being the region of numbers written without a country code). Other handles are
written 'type:account' ('ig:kicau_jaya', 'wa:0812…', 'tg:…', 'shop:…') and shown
with the type's name. Sessions are offered newest first; the keyword list is
the session's keywords, or the device's list for the advert's language.
"""

from __future__ import annotations

import datetime as dt

from desktop.domain.contacts import HANDLE_PREFIXES, PHONE, normalise_handle, parse_phone, split_handle
from desktop.errors import RecordNotFound
from desktop.i18n import _, format_date
from desktop.intel.keywords import keyword_list
from desktop.intel.sessions import get_session, list_sessions

RECENT_SESSIONS = 60
COUNTRY_LANGUAGE = {"ID": "id", "MY": "ms", "SG": "en"}
HANDLE_EXAMPLES = "wa:0812…, ig:kicau_jaya, tg:…, fb:…, shop:…"


def type_name(ref, prefix: str) -> str:
    """'instagram' → 'Instagram'; 'shop' → 'Shop' (in the user's language)."""
    if prefix == "shop":
        return _("Shop")
    if prefix == "web":
        return _("Website")
    return next((p.name for p in ref.platforms if p.id == prefix), prefix)


def contacts_preview(raws: list[str], region: str) -> str:
    """How the numbers were read: 'Read as +6281234567890, +60123456789' (the rules name any that cannot be)."""
    read = [number for number in (parse_phone(raw, region) for raw in raws) if number]
    return _("Read as {numbers}").format(numbers=", ".join(read)) if read else ""


def handles_preview(ref, raws: list[str], region: str) -> str:
    """Each readable handle with its type's name: 'Instagram: kicau_jaya, WhatsApp: +6285722901187'."""
    read = []
    for raw in raws:
        parts, normal = split_handle(raw), normalise_handle(raw, region)
        if parts and normal:
            read.append(f"{type_name(ref, parts[0])}: {normal[1] if normal[0] == PHONE else parts[1]}")
    return ", ".join(read)


def handle_hint(ref) -> str:
    types = sorted({f"{prefix}: {type_name(ref, platform)}" for prefix, platform in HANDLE_PREFIXES.items()})
    return _(
        "Other accounts of the seller, each as type:account, separated by commas ({examples}). Types: {types}."
    ).format(examples=HANDLE_EXAMPLES, types="; ".join(types))


def session_label(ref, session: dict) -> str:
    try:
        day = format_date(dt.date.fromisoformat(str(session.get("session_date"))[:10]))
    except ValueError:
        day = str(session.get("session_date") or "")
    platform = next((p.name for p in ref.platforms if p.id == session.get("platform")), session.get("platform"))
    return _("{date}, {platform}, {start}–{end}, {officer}").format(
        date=day,
        platform=platform,
        start=session.get("start_time") or "",
        end=session.get("end_time") or "",
        officer=session.get("officer") or "",
    )


class SessionChoices:
    """Recent sessions of this device (newest first) and the keywords each searched."""

    def __init__(self, store):
        self.store = store
        self.sessions: dict[str, dict] = {}
        self._lists: dict[str, list[tuple[str, str]]] = {}  # keyword list per language, read once per load

    def load(self, keep: str = "") -> list[tuple[str, str]]:
        """(id, label) of the recent sessions, plus the session ``keep`` when it is older."""
        self._lists = {}
        rows = list_sessions(self.store, limit=RECENT_SESSIONS)
        self.sessions = {row["id"]: row for row in rows}
        if keep and keep not in self.sessions:
            try:
                self.sessions[keep] = get_session(self.store, keep).to_dict()
            except RecordNotFound:
                pass
        return [(sid, session_label(self.store.ref, row)) for sid, row in self.sessions.items()]

    def platform(self, session_id: str) -> str:
        return str(self.sessions.get(session_id, {}).get("platform") or "")

    def keywords(self, session_id: str, country: str, ui_language: str) -> list[tuple[str, str]]:
        """The session's keywords, or with no session the keyword list in the advert's language."""
        if session_id in self.sessions:
            return [(str(k), str(k)) for k in self.sessions[session_id].get("keywords") or []]
        language = COUNTRY_LANGUAGE.get(country, ui_language if ui_language in ("id", "ms") else "en")
        if language not in self._lists:
            self._lists[language] = [(k.keyword, k.keyword) for k in keyword_list(self.store, language)]
        return self._lists[language]
