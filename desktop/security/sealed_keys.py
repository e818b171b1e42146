"""Secret key files of a home at rest: reading them owner-only, and sealing them (AES-256-GCM under
the signing-key key derived from the home's master key, ``HomeKeys.signing_key``) on a protected
home. The key files themselves are made and used by :mod:`desktop.sync.keys`; sealing lives here so
that unlocking a home (:mod:`desktop.security.home_lock`) needs nothing from sync.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.errors import PantauError
from desktop.files import atomic_write
from desktop.i18n import _
from desktop.paths import Home
from desktop.security.keyring import KeyRing

if TYPE_CHECKING:
    from desktop.security.home_lock import HomeKeys

DEVICE_KEY = "device.key"
SEALED = b"PANTAU-SECRET-KEY-1\n"  # a secret key file sealed with AES-256-GCM follows this header


class KeyStoreError(PantauError):
    """A key or coordinator card is missing, unreadable or malformed."""


# -- files ------------------------------------------------------------------------
def read_private(path: Path) -> bytes:
    """Read a secret file, first narrowing its permissions to owner-only if they were wider."""
    try:
        if os.name == "posix" and path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
        return path.read_bytes()
    except OSError as exc:
        raise KeyStoreError(
            _("The key file {path} cannot be read: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from None


# -- sealed secret key files (protected homes) ---------------------------------------------
def sealing_key(home: Home, keys: "HomeKeys | None") -> bytes | None:
    """The key that seals this home's secret key files; None on an unprotected home."""
    if not KeyRing.exists(home.root):
        return None
    if keys is None:
        raise KeyStoreError(_("This home is protected by a passphrase; unlock it first."))
    return keys.signing_key


def seal(data: bytes, seal_key: bytes, name: str) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(12)
    return SEALED + nonce + AESGCM(seal_key).encrypt(nonce, data, name.encode("utf-8"))


def unseal(stored: bytes, seal_key: bytes | None, path: Path) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    body = stored[len(SEALED) :]
    if seal_key is not None:
        try:
            return AESGCM(seal_key).decrypt(body[:12], body[12:], path.name.encode("utf-8"))
        except (InvalidTag, ValueError):
            pass
    raise KeyStoreError(_("The key file {path} cannot be decrypted with this home's keys.").format(path=path))


def seal_plaintext(path: Path, seal_key: bytes) -> bool:
    """Seal a plaintext secret key file in place; False when it already was sealed.

    The sealed file replaces the old one atomically; on POSIX the old plaintext
    is then overwritten through a handle kept open (best effort on flash media).
    """
    stored = read_private(path)
    if stored.startswith(SEALED):
        return False
    sealed = seal(stored, seal_key, path.name)
    try:
        if os.name != "posix":  # Windows cannot replace an open file
            atomic_write(path, sealed, 0o600)
            return True
        with open(path, "r+b") as old:
            atomic_write(path, sealed, 0o600)
            old.write(b"\0" * len(stored))
            old.flush()
            os.fsync(old.fileno())
    except OSError as exc:
        raise KeyStoreError(
            _("{path} cannot be written: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from None
    return True


def seal_device_key(home: Home, keys: "HomeKeys") -> bool:
    """Seal the device key of a just unlocked, protected or converted home if it still is
    plaintext (homes protected before keys were sealed); True when it was sealed now."""
    path = home.keys_dir / DEVICE_KEY
    return path.exists() and seal_plaintext(path, keys.signing_key)
