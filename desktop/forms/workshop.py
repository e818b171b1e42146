"""Workshop sessions and the trainer's PIN.

At a workshop a trainer starts a session (workshop name, place, date, the
form, a PIN). The app then shows only the questionnaire, one respondent after
another; every response carries the session's *workshop code* as its
``workshop_id``. Leaving workshop mode (and reopening a completed response)
needs the trainer's PIN, which is stored only as a salted scrypt hash.

Several laptops: the trainer starts the session on one laptop and joins the
others with the same workshop code (shown on screen), so all their responses
share one ``workshop_id``; after the trainer's Pantau imports the other
laptops' bundles, the summary covers every response with that code. The
response counter is counted from the responses themselves, so it cannot drift.

Responses made outside a workshop are reopened with this device's trainer PIN
(set the first time it is needed).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from desktop.domain.ids import utc_now
from desktop.errors import PantauError
from desktop.i18n import _

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
PIN_MIN_LENGTH = 4
PIN_MAX_LENGTH = 32
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L, U: easy to read aloud and type
CODE_PATTERN = re.compile(r"^WS-[" + CODE_ALPHABET + r"]{6}$")
DEVICE_PIN_KEY = "trainer_pin_hash"


class WorkshopError(PantauError):
    """A workshop session cannot be started, joined or left as asked."""


class WrongPin(WorkshopError):
    """The PIN given is not the trainer's PIN."""


# -- PIN hashing -----------------------------------------------------------------------
def check_new_pin(pin: str) -> None:
    """Raise WorkshopError when ``pin`` is too short or too long to be used as a trainer PIN."""
    if len(pin or "") < PIN_MIN_LENGTH:
        raise WorkshopError(_("The PIN must have at least {n} characters.").format(n=PIN_MIN_LENGTH))
    if len(pin) > PIN_MAX_LENGTH:
        raise WorkshopError(_("The PIN must have at most {n} characters.").format(n=PIN_MAX_LENGTH))


def hash_pin(pin: str) -> str:
    """A salted scrypt hash of ``pin``: ``scrypt$N$r$p$salt$hash`` (hex)."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return "scrypt${n}${r}${p}${salt}${hash}".format(
        n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, salt=salt.hex(), hash=digest.hex()
    )


def verify_pin(pin: str, stored: str) -> bool:
    """Does ``pin`` match the stored hash? (constant-time comparison)"""
    try:
        scheme, n, r, p, salt, expected = stored.split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(
            (pin or "").encode("utf-8"),
            salt=bytes.fromhex(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(bytes.fromhex(expected)),
        )
    except (ValueError, AttributeError):
        return False
    return hmac.compare_digest(digest.hex(), expected)


def new_workshop_code() -> str:
    return "WS-" + "".join(secrets.choice(CODE_ALPHABET) for _i in range(6))


def normalise_code(code: str) -> str:
    """'ws 7k3p9q' -> 'WS-7K3P9Q'; raises WorkshopError for anything that is not a workshop code."""
    text = re.sub(r"[\s\-]", "", (code or "").upper())
    text = text[2:] if text.startswith("WS") else text
    candidate = "WS-" + text
    if not CODE_PATTERN.match(candidate):
        raise WorkshopError(_("'{code}' is not a workshop code (it looks like WS-7K3P9Q).").format(code=code))
    return candidate


# -- sessions --------------------------------------------------------------------------
@dataclass(frozen=True)
class Workshop:
    id: str  # the workshop code, shared by every laptop of the workshop
    name: str
    place: str
    held_on: str  # ISO date
    form_id: str
    form_version: str
    started_at: str
    ended_at: str = ""
    started_by: str = ""

    @property
    def is_open(self) -> bool:
        return not self.ended_at

    @classmethod
    def from_row(cls, row: dict) -> "Workshop":
        return cls(
            row["id"],
            row["name"],
            row["place"],
            row["held_on"],
            row["form_id"],
            row["form_version"],
            row["started_at"],
            row["ended_at"],
            row["started_by"],
        )


class WorkshopBook:
    """The workshop sessions of one store (one device)."""

    def __init__(self, store):
        self.store = store

    def start(
        self, name: str, place: str, held_on: str, pin: str, form_id: str, form_version: str, code: str | None = None
    ) -> Workshop:
        """Start a session, or join one started on another laptop by giving its ``code``.

        Only one session can be open on a device at a time."""
        name, place = (name or "").strip(), (place or "").strip()
        if not name:
            raise WorkshopError(_("Give the workshop a name."))
        try:
            dt.date.fromisoformat(held_on)
        except (TypeError, ValueError):
            raise WorkshopError(_("'{value}' is not a valid date (use YYYY-MM-DD).").format(value=held_on)) from None
        check_new_pin(pin)
        code = normalise_code(code) if code else new_workshop_code()
        with self.store.transaction():
            current = self.store.queries.forms.open_workshop_row()
            if current is not None:
                raise WorkshopError(
                    _("The workshop '{name}' is still in progress on this laptop; leave it first.").format(
                        name=current["name"]
                    )
                )
            if self.store.queries.forms.workshop_row(code) is not None:
                raise WorkshopError(
                    _("The workshop {code} was already held on this laptop; resume it instead.").format(code=code)
                )
            self.store.queries.forms.insert_workshop(
                {
                    "id": code,
                    "name": name,
                    "place": place,
                    "held_on": held_on,
                    "form_id": form_id,
                    "form_version": form_version,
                    "pin_hash": hash_pin(pin),
                    "started_at": utc_now(),
                    "ended_at": "",
                    "started_by": self.store.actor.officer_name,
                    "device_id": self.store.device_id,
                }
            )
        return self.get(code)

    def get(self, workshop_id: str) -> Workshop:
        row = self.store.queries.forms.workshop_row(workshop_id)
        if row is None:
            raise WorkshopError(_("No workshop {code} on this laptop.").format(code=workshop_id))
        return Workshop.from_row(row)

    def find(self, workshop_id: str) -> Workshop | None:
        row = self.store.queries.forms.workshop_row(workshop_id)
        return Workshop.from_row(row) if row else None

    def current(self) -> Workshop | None:
        """The session in progress on this device, if any."""
        row = self.store.queries.forms.open_workshop_row()
        return Workshop.from_row(row) if row else None

    def all(self) -> list[Workshop]:
        return [Workshop.from_row(r) for r in self.store.queries.forms.workshop_rows()]

    def check_pin(self, workshop_id: str, pin: str) -> None:
        """Raise WrongPin unless ``pin`` is the session's trainer PIN."""
        row = self.store.queries.forms.workshop_row(workshop_id)
        if row is None or not verify_pin(pin, row["pin_hash"]):
            raise WrongPin(_("That is not the trainer's PIN."))

    def leave(self, workshop_id: str, pin: str) -> Workshop:
        """End the session (leave workshop mode); needs the trainer's PIN."""
        self.check_pin(workshop_id, pin)
        with self.store.transaction():
            self.store.queries.forms.end_workshop(workshop_id, utc_now())
        return self.get(workshop_id)

    def resume(self, workshop_id: str, pin: str) -> Workshop:
        """Open an ended session again (a second day of the same workshop); needs its PIN."""
        self.check_pin(workshop_id, pin)
        with self.store.transaction():
            current = self.store.queries.forms.open_workshop_row()
            if current is not None and current["id"] != workshop_id:
                raise WorkshopError(
                    _("The workshop '{name}' is still in progress on this laptop; leave it first.").format(
                        name=current["name"]
                    )
                )
            self.store.queries.forms.reopen_workshop(workshop_id)
        return self.get(workshop_id)

    def collected(self, workshop_id: str, this_device: bool = True) -> int:
        """Complete responses collected in the session (on this laptop, or everywhere known)."""
        return self.store.queries.forms.workshop_response_count(
            workshop_id, "complete", self.store.device_id if this_device else None
        )

    def known_codes(self) -> list[tuple[str, str, int]]:
        """(workshop code, form id, responses) of every workshop found in the responses,
        also those imported from other laptops."""
        return self.store.queries.forms.workshop_ids_in_responses()


# -- the trainer's PIN for responses -----------------------------------------------------
def device_pin_is_set(store) -> bool:
    return bool(store.queries.records.get_meta(DEVICE_PIN_KEY))


def set_device_pin(store, pin: str, old_pin: str | None = None) -> None:
    """Set this device's trainer PIN (changing it needs the old one)."""
    stored = store.queries.records.get_meta(DEVICE_PIN_KEY)
    if stored and not verify_pin(old_pin or "", stored):
        raise WrongPin(_("That is not the trainer's PIN."))
    check_new_pin(pin)
    with store.transaction():
        store.queries.records.set_meta(DEVICE_PIN_KEY, hash_pin(pin))


def check_trainer_pin(store, workshop_id: str, pin: str) -> None:
    """Raise WrongPin unless ``pin`` is the trainer's: the PIN of the response's workshop when
    that session is known on this device, otherwise this device's trainer PIN."""
    book = WorkshopBook(store)
    if workshop_id and book.find(workshop_id) is not None:
        book.check_pin(workshop_id, pin)
        return
    stored = store.queries.records.get_meta(DEVICE_PIN_KEY)
    if not stored:
        raise WorkshopError(_("No trainer PIN is set on this device yet; set one first."))
    if not verify_pin(pin, stored):
        raise WrongPin(_("That is not the trainer's PIN."))


def needs_device_pin(store, workshop_id: str) -> bool:
    """True when a response with ``workshop_id`` is checked against the device PIN and none is set."""
    if workshop_id and WorkshopBook(store).find(workshop_id) is not None:
        return False
    return not device_pin_is_set(store)
