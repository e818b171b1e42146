"""Every key file of a home, in one module (so that at-rest encryption of the
secret keys changes only this file).

In ``<home>/keys``:

- ``device.key`` / ``device.pub`` — this device's minisign (Ed25519) signing
  key, created on first use; the secret file is owner-only (0600). On a
  protected home (one with a key ring) ``device.key`` is sealed: AES-256-GCM
  under the signing-key key derived from the master key (``HomeKeys.signing_key``),
  so it needs the unlocked home's keys; a plaintext one left from before is
  sealed on the next unlock. ``device.pub`` stays in the clear.
- ``coordinator-age.txt`` — the coordinator's age X25519 identity in the
  standard age key format (0600); ``coordinator.key`` / ``coordinator.pub`` —
  its own minisign signing key (for update packs); ``coordinator-card.json`` —
  its card, the public half that devices import.
- ``cards/<fingerprint>.json`` — coordinator cards imported on a device; every
  bundle is encrypted to all of them.

A device has no age key file of its own: the records the coordinator sends it in
update packs are encrypted to a key derived from ``device.key``
(:mod:`desktop.sync.device_age`); ``export_device_age_identity`` writes it out for
the stock ``age`` tool.

The coordinator's secret keys are stored unencrypted (owner-only) for now.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import minisign
import pyrage

from desktop.domain.ids import utc_now
from desktop.files import atomic_write, write_private
from desktop.i18n import _
from desktop.paths import Home
from desktop.security.sealed_keys import (
    DEVICE_KEY,
    SEALED,
    KeyStoreError,
    read_private,
    seal,
    seal_plaintext,
    sealing_key,
    unseal,
)
from desktop.sync import signing

if TYPE_CHECKING:
    from desktop.security.home_lock import HomeKeys

DEVICE_PUB = "device.pub"
COORD_AGE = "coordinator-age.txt"
COORD_KEY = "coordinator.key"
COORD_PUB = "coordinator.pub"
COORD_CARD = "coordinator-card.json"
CARDS_DIR = "cards"
CARD_FORMAT = "pantau-coordinator-card"
CARD_VERSION = 1


# -- signing keys -------------------------------------------------------------------
@dataclass(frozen=True)
class SigningKey:
    secret: minisign.SecretKey
    public: minisign.PublicKey

    @property
    def fingerprint(self) -> str:
        return signing.fingerprint(self.public)

    @property
    def public_line(self) -> str:
        return signing.public_key_line(self.public)

    def sign(self, data: bytes, trusted_comment: str) -> bytes:
        return signing.sign(self.secret, data, trusted_comment)


def _load_signing_key(key_path: Path, seal_key: bytes | None = None) -> SigningKey:
    stored = read_private(key_path)
    data = unseal(stored, seal_key, key_path) if stored.startswith(SEALED) else stored
    try:
        secret = signing.parse_secret_key(data)
        if secret.is_encrypted():
            raise ValueError("encrypted")
        return SigningKey(secret, secret.get_public_key())
    except ValueError:
        raise KeyStoreError(
            _("The key file {path} is damaged or is not a Pantau signing key.").format(path=key_path)
        ) from None


def _create_signing_key(key_path: Path, pub_path: Path, seal_key: bytes | None = None) -> SigningKey:
    pair = signing.generate()
    secret_file = signing.secret_key_file(pair.secret_key)
    write_private(key_path, seal(secret_file, seal_key, key_path.name) if seal_key else secret_file)
    atomic_write(pub_path, signing.public_key_file(pair.public_key))
    return SigningKey(pair.secret_key, pair.public_key)


def device_signing_key(home: Home, keys: "HomeKeys | None" = None) -> SigningKey:
    """This device's signing key, created (0600) on first use. A protected home keeps it
    sealed, so it needs ``keys``, the unlocked home's (``store.keys``)."""
    key_path = home.keys_dir / DEVICE_KEY
    seal_key = sealing_key(home, keys)
    if not key_path.exists():
        try:
            return _create_signing_key(key_path, home.keys_dir / DEVICE_PUB, seal_key)
        except FileExistsError:
            pass  # created meanwhile by another process: load it
        except OSError as exc:
            raise KeyStoreError(
                _("The device key cannot be created in {path}: {reason}").format(
                    path=home.keys_dir, reason=exc.strerror or exc
                )
            ) from None
    if seal_key is not None:
        seal_plaintext(key_path, seal_key)
    return _load_signing_key(key_path, seal_key)


# -- coordinator card -----------------------------------------------------------------
@dataclass(frozen=True)
class CoordinatorCard:
    name: str
    age_recipient: str
    minisign_public_key: str
    fingerprint: str
    created_at: str

    def to_json(self) -> bytes:
        data = {
            "format": CARD_FORMAT,
            "version": CARD_VERSION,
            "name": self.name,
            "age_recipient": self.age_recipient,
            "minisign_public_key": self.minisign_public_key,
            "fingerprint": self.fingerprint,
            "created_at": self.created_at,
        }
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes, source: str) -> "CoordinatorCard":
        bad = _("{name} is not a Pantau coordinator card.").format(name=source)
        try:
            raw = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise KeyStoreError(bad) from None
        if not isinstance(raw, dict) or raw.get("format") != CARD_FORMAT:
            raise KeyStoreError(bad)
        if raw.get("version") != CARD_VERSION:
            raise KeyStoreError(
                _("{name} is a coordinator card of a newer version; update Pantau.").format(name=source)
            )
        fields = ("name", "age_recipient", "minisign_public_key", "fingerprint", "created_at")
        if not all(isinstance(raw.get(f), str) and raw.get(f) for f in fields):
            raise KeyStoreError(bad)
        card = cls(**{f: raw[f] for f in fields})
        try:
            pyrage.x25519.Recipient.from_str(card.age_recipient)
            public = signing.parse_public_key(card.minisign_public_key)
        except (ValueError, pyrage.RecipientError):
            raise KeyStoreError(
                _("{name}: the keys in this coordinator card are damaged.").format(name=source)
            ) from None
        if signing.fingerprint(public) != card.fingerprint:
            raise KeyStoreError(_("{name}: the fingerprint does not match the card's signing key.").format(name=source))
        return card

    @property
    def public_key(self) -> minisign.PublicKey:
        return signing.parse_public_key(self.minisign_public_key)

    def recipient(self):
        return pyrage.x25519.Recipient.from_str(self.age_recipient)


def is_coordinator(home: Home) -> bool:
    return (home.keys_dir / COORD_AGE).exists()


def init_coordinator(home: Home, name: str) -> CoordinatorCard:
    """Create the coordinator's age identity, signing key and card. Refuses when they exist."""
    name = name.strip()
    if not name:
        raise KeyStoreError(_("Give the coordinator a name."))
    if is_coordinator(home) or (home.keys_dir / COORD_KEY).exists():
        raise KeyStoreError(
            _("This home is already a coordinator ({path}); its keys are kept as they are.").format(path=home.keys_dir)
        )
    identity = pyrage.x25519.Identity.generate()
    recipient = str(identity.to_public())
    now = utc_now()
    try:
        write_private(home.keys_dir / COORD_AGE, age_identity_file(identity, recipient, now))
        key = _create_signing_key(home.keys_dir / COORD_KEY, home.keys_dir / COORD_PUB)
        card = CoordinatorCard(name, recipient, key.public_line, key.fingerprint, now)
        atomic_write(home.keys_dir / COORD_CARD, card.to_json())
    except OSError as exc:
        raise KeyStoreError(
            _("The coordinator keys cannot be written in {path}: {reason}").format(
                path=home.keys_dir, reason=exc.strerror or exc
            )
        ) from None
    return card


def age_identity_file(identity, recipient: str, created_at: str) -> bytes:
    """The standard age key file (as ``age-keygen`` writes it)."""
    return (f"# created: {created_at}\n# public key: {recipient}\n{identity}\n").encode("ascii")


def _require_coordinator(home: Home) -> None:
    if not is_coordinator(home):
        raise KeyStoreError(_("This home is not a coordinator. Run 'pantau coordinator init' first."))


def coordinator_card(home: Home) -> CoordinatorCard:
    _require_coordinator(home)
    path = home.keys_dir / COORD_CARD
    try:
        return CoordinatorCard.from_json(path.read_bytes(), path.name)
    except OSError as exc:
        raise KeyStoreError(
            _("The coordinator card {path} cannot be read: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from None


def coordinator_identities(home: Home) -> list:
    """The age identities that can open bundles here (empty on a device)."""
    if not is_coordinator(home):
        return []
    path = home.keys_dir / COORD_AGE
    text = read_private(path).decode("ascii", "replace")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    try:
        return [pyrage.x25519.Identity.from_str(line) for line in lines]
    except pyrage.IdentityError:
        raise KeyStoreError(_("The coordinator identity {path} is damaged.").format(path=path)) from None


def coordinator_signing_key(home: Home) -> SigningKey:
    _require_coordinator(home)
    return _load_signing_key(home.keys_dir / COORD_KEY)


def export_identity(home: Home, out: Path) -> Path:
    """Copy the coordinator's age identity (standard format, 0600) to ``out``; never overwrites."""
    _require_coordinator(home)
    out = Path(out)
    data = read_private(home.keys_dir / COORD_AGE)
    return _write_new_key_file(out, data)


def _write_new_key_file(out: Path, data: bytes) -> Path:
    """Write an exported key file (0600); never overwrites."""
    try:
        write_private(out, data)
    except FileExistsError:
        raise KeyStoreError(_("{path} already exists; choose a new file name.").format(path=out)) from None
    except OSError as exc:
        raise KeyStoreError(
            _("{path} cannot be written: {reason}").format(path=out, reason=exc.strerror or exc)
        ) from None
    return out


def export_device_age_identity(home: Home, keys: "HomeKeys | None", out: Path) -> Path:
    """Write this device's age identity — derived from its signing key, it opens the device's
    records file in update packs (``desktop.sync.device_age``) — in the standard age key format
    (0600) to ``out``; never overwrites."""
    from desktop.sync import device_age

    key = device_signing_key(home, keys)
    out = Path(out)
    data = age_identity_file(device_age.identity_string(key.secret), device_age.recipient_string(key.public), utc_now())
    return _write_new_key_file(out, data)


# -- cards imported on a device -----------------------------------------------------------
def import_card(home: Home, source: Path) -> tuple[CoordinatorCard, bool]:
    """Keep a coordinator's card; returns (card, True when it was new)."""
    source = Path(source)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise KeyStoreError(
            _("{path} cannot be read: {reason}").format(path=source, reason=exc.strerror or exc)
        ) from None
    card = CoordinatorCard.from_json(data, source.name)
    dest = home.keys_dir / CARDS_DIR / f"{card.fingerprint}.json"
    if dest.exists():
        existing = CoordinatorCard.from_json(dest.read_bytes(), dest.name)
        if existing == card:
            return card, False
        raise KeyStoreError(
            _(
                "Another card with fingerprint {fp} is already imported; remove {path} first if it is really replaced."
            ).format(fp=card.fingerprint, path=dest)
        )
    atomic_write(dest, card.to_json())
    return card, True


def imported_cards(home: Home) -> list[CoordinatorCard]:
    folder = home.keys_dir / CARDS_DIR
    cards = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        cards.append(CoordinatorCard.from_json(path.read_bytes(), path.name))
    return cards
