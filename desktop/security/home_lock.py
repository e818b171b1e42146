"""Unlocking a home, protecting a new one, and converting an unprotected one.

A home is *protected* when it has a key ring: its database is SQLCipher-encrypted,
and its evidence files and the device's signing secret key are encrypted, all
with keys derived from the master key. Every way in (unlock, protect, convert,
recover) seals a device key still stored in the clear.
A home without a key ring is *unprotected* (training and demo homes, by explicit
choice only, or homes from before protection existed, which can be converted).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from desktop.db import encryption
from desktop.db.connection import DB_ERRORS
from desktop.errors import PantauError
from desktop.i18n import _
from desktop.paths import Home
from desktop.security.keyring import KeyRing, derive_key
from desktop.security.sealed_keys import KeyStoreError, seal_device_key

PASSPHRASE_ENV = "PANTAU_PASSPHRASE"


class HomeLocked(PantauError):
    """The home is protected and no passphrase was given."""


@dataclass(frozen=True)
class HomeKeys:
    """Keys for one unlocked home (never written anywhere)."""

    master: bytes

    @property
    def database(self) -> bytes:
        return derive_key(self.master, "database")

    @property
    def evidence(self) -> bytes:
        return derive_key(self.master, "evidence")

    @property
    def signing_key(self) -> bytes:
        return derive_key(self.master, "signing-key")


def is_protected(home: Home) -> bool:
    return KeyRing.exists(home.root)


def unlock(home: Home, passphrase: str | None) -> HomeKeys | None:
    """The keys of a protected home (None for an unprotected one). Raises WrongPassphrase or HomeLocked."""
    if not is_protected(home):
        return None
    if passphrase is None:
        raise HomeLocked(
            _(
                "This home is protected by a passphrase. Set PANTAU_PASSPHRASE, use "
                "--passphrase-file, or run the command in a terminal to be asked."
            )
        )
    return _sealed(home, HomeKeys(KeyRing.load(home.root).unlock(passphrase)))


def unlock_read_only(home: Home, passphrase: str | None) -> HomeKeys | None:
    """Like :func:`unlock`, but writes nothing (no sealing of a plaintext device key): for checking
    seized or write-protected media."""
    if not is_protected(home):
        return None
    if passphrase is None:
        return unlock(home, None)  # raises HomeLocked with the usual message
    return HomeKeys(KeyRing.load(home.root).unlock(passphrase))


def recover(home: Home, identity_text: str, new_passphrase: str) -> HomeKeys:
    """Open a home whose passphrase is lost with a coordinator's age identity; sets ``new_passphrase``."""
    return _sealed(home, HomeKeys(KeyRing.load(home.root).recover(identity_text, new_passphrase)))


def _sealed(home: Home, keys: HomeKeys) -> HomeKeys:
    """``keys``, after sealing the device's signing key if it still is in the clear. Best effort: a
    key file that cannot be sealed now (unreadable, read-only folder, full disk) must not refuse a
    right passphrase; the key is sealed the next time it is used, or its error is shown then."""
    try:
        seal_device_key(home, keys)
    except (KeyStoreError, OSError):
        pass
    return keys


def protect_new_home(home: Home, passphrase: str) -> HomeKeys:
    """Create the key ring of a home that has no database yet."""
    if home.db_path.exists():
        raise PantauError(_("This home already has an unprotected database; convert it instead."))
    home.ensure()
    _ring, master = KeyRing.create(home.root, passphrase)
    return _sealed(home, HomeKeys(master))


def _shred(path: Path) -> None:
    """Overwrite then remove a plaintext file (best effort on flash media)."""
    try:
        size = path.stat().st_size
        with open(path, "r+b") as fh:
            fh.write(b"\0" * size)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError:
        pass
    path.unlink(missing_ok=True)


def convert_home(home: Home, passphrase: str, progress=None) -> HomeKeys:
    """Encrypt an unprotected home in place: backup, encrypted copy, verify, swap, evidence.

    The plaintext database is kept until the encrypted copy has been verified;
    any failure leaves the home exactly as it was.
    """
    if is_protected(home):
        raise PantauError(_("This home is already protected by a passphrase."))
    if not home.db_path.exists():
        return protect_new_home(home, passphrase)
    from desktop.security.keyring import PassphraseProblem, check_passphrase_strength

    problems = check_passphrase_strength(passphrase)
    if problems:
        raise PassphraseProblem(" ".join(problems))
    import secrets

    keys = HomeKeys(secrets.token_bytes(32))
    before = encryption.file_table_counts(home.db_path)
    tmp = home.db_path.with_name(home.db_path.name + ".encrypting")
    try:
        encryption.export_encrypted(home.db_path, tmp, keys.database)
        after, ok = encryption.file_counts_and_integrity(tmp, keys.database)
        if after != before or not ok:
            raise PantauError(_("The encrypted copy did not match the original; nothing was changed."))
    except DB_ERRORS as exc:
        tmp.unlink(missing_ok=True)
        raise PantauError(_("The database could not be encrypted: {reason}").format(reason=exc)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    ring = KeyRing(KeyRing.path_in(home.root), {"format": 1, "recovery": []})
    ring._wrap(keys.master, passphrase)
    plain_copy = home.db_path.with_name(home.db_path.name + ".plain")
    os.replace(home.db_path, plain_copy)
    for suffix in ("-wal", "-shm"):
        _shred(Path(str(home.db_path) + suffix))
    os.replace(tmp, home.db_path)
    ring.save()
    _encrypt_evidence(home, keys, progress)
    _shred(plain_copy)
    return _sealed(home, keys)


def _encrypt_evidence(home: Home, keys: HomeKeys, progress=None) -> None:
    from desktop.evidence import MAGIC, EvidenceStore

    store = EvidenceStore(home.evidence_dir, key=keys.evidence)
    files = [p for p in home.evidence_dir.glob("??/*") if p.is_file() and len(p.name) == 64]
    for done, path in enumerate(files, 1):
        data = path.read_bytes()
        if not data.startswith(MAGIC):
            path.unlink()
            store.put_bytes(data)
        if progress:
            progress(done, len(files))


def add_recovery_from_card(home: Home, keys: HomeKeys | None, card) -> bool:
    """Wrap the master key to an imported coordinator card's age recipient too, so the
    coordinator can recover this home. Returns False for an unprotected home."""
    if keys is None or not is_protected(home):
        return False
    KeyRing.load(home.root).add_recovery_recipient(keys.master, card.age_recipient, card.name)
    return True
