"""The home's key ring: one random master key, stored only wrapped.

``keyring.json`` holds the master key encrypted with AES-256-GCM under a key
derived from the officer's passphrase by scrypt (memory-hard), and — once a
coordinator card is imported — also age-encrypted to the coordinator's
recovery recipient, so a forgotten passphrase does not lose unexported
records. Changing the passphrase re-wraps the master key; the database and
evidence stay as they are. Keys for the database, evidence files and the
device signing key are derived from the master key with HKDF.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from desktop.domain.ids import utc_now
from desktop.errors import PantauError
from desktop.i18n import _

FILENAME = "keyring.json"
FORMAT = 1
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
MIN_LENGTH = 10
PURPOSES = ("database", "evidence", "signing-key")


class WrongPassphrase(PantauError):
    """The passphrase does not unlock this home."""


class PassphraseProblem(PantauError):
    """A new passphrase is too weak or the two entries differ."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def check_passphrase_strength(passphrase: str, repeated: str | None = None) -> list[str]:
    """Translated reasons why ``passphrase`` is not acceptable (empty list when it is)."""
    problems = []
    if repeated is not None and passphrase != repeated:
        problems.append(_("The two passphrases are not the same."))
    if len(passphrase) < MIN_LENGTH:
        problems.append(_("Use at least {n} characters; a short sentence is easy to remember.").format(n=MIN_LENGTH))
    if passphrase and len(set(passphrase)) < 5:
        problems.append(_("Use more different characters."))
    if passphrase.strip().lower() in {"password123", "pantau12345", "1234567890", "qwertyuiop", "passphrase"}:
        problems.append(_("This passphrase is too common."))
    return problems


# What the key ring's functions import when first used (not at start: the unlock screen shows sooner);
# the app loads them while the passphrase is typed (AppContext.prepare_in_background).
CRYPTO_MODULES = (
    "cryptography.exceptions",
    "cryptography.hazmat.primitives.hashes",
    "cryptography.hazmat.primitives.ciphers.aead",
    "cryptography.hazmat.primitives.kdf.hkdf",
    "cryptography.hazmat.primitives.kdf.scrypt",
)


def _kek(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def derive_key(master: bytes, purpose: str) -> bytes:
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"pantau/" + purpose.encode()).derive(master)


@dataclass
class KeyRing:
    path: Path
    data: dict = field(default_factory=dict)

    # -- files -------------------------------------------------------------------
    @classmethod
    def path_in(cls, home_root: Path) -> Path:
        return Path(home_root) / FILENAME

    @classmethod
    def exists(cls, home_root: Path) -> bool:
        return cls.path_in(home_root).exists()

    @classmethod
    def load(cls, home_root: Path) -> "KeyRing":
        path = cls.path_in(home_root)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError("format")
        except (OSError, ValueError, AttributeError):
            raise PantauError(_("The key file {path} is damaged or from a newer Pantau.").format(path=path)) from None
        return cls(path, data)

    def save(self) -> None:
        import tempfile

        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".keyring-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(self.data, fh, indent=2)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    # -- creating and unlocking -------------------------------------------------------
    @classmethod
    def create(cls, home_root: Path, passphrase: str) -> tuple["KeyRing", bytes]:
        """A new key ring with a fresh master key wrapped by ``passphrase``."""
        problems = check_passphrase_strength(passphrase)
        if problems:
            raise PassphraseProblem(" ".join(problems))
        import secrets

        master = secrets.token_bytes(32)
        ring = cls(cls.path_in(home_root), {"format": FORMAT, "created_at": utc_now(), "recovery": []})
        ring._wrap(master, passphrase)
        ring.save()
        return ring, master

    def _wrap(self, master: bytes, passphrase: str) -> None:
        import secrets

        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        salt = secrets.token_bytes(16)
        nonce = secrets.token_bytes(12)
        kek = _kek(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
        self.data["kdf"] = {"name": "scrypt", "salt": _b64(salt), "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P}
        self.data["wrapped"] = {
            "alg": "AES-256-GCM",
            "nonce": _b64(nonce),
            "ciphertext": _b64(AESGCM(kek).encrypt(nonce, master, b"pantau-master-key")),
        }
        self.data["changed_at"] = utc_now()

    def unlock(self, passphrase: str) -> bytes:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        kdf = self.data["kdf"]
        kek = _kek(passphrase, _unb64(kdf["salt"]), int(kdf["n"]), int(kdf["r"]), int(kdf["p"]))
        wrapped = self.data["wrapped"]
        try:
            return AESGCM(kek).decrypt(_unb64(wrapped["nonce"]), _unb64(wrapped["ciphertext"]), b"pantau-master-key")
        except InvalidTag:
            raise WrongPassphrase(_("Wrong passphrase.")) from None

    def change_passphrase(self, old: str, new: str) -> None:
        master = self.unlock(old)
        problems = check_passphrase_strength(new)
        if problems:
            raise PassphraseProblem(" ".join(problems))
        self._wrap(master, new)
        self.save()

    # -- recovery through the coordinator -------------------------------------------
    def add_recovery_recipient(self, master: bytes, recipient: str, label: str = "") -> None:
        """Also wrap the master key to an age recipient (a coordinator's recovery key)."""
        import pyrage

        if any(r["recipient"] == recipient for r in self.data.get("recovery", [])):
            return
        ciphertext = pyrage.encrypt(master, [pyrage.x25519.Recipient.from_str(recipient)])
        self.data.setdefault("recovery", []).append(
            {"recipient": recipient, "label": label, "ciphertext": _b64(ciphertext), "added_at": utc_now()}
        )
        self.save()

    def recover(self, identity_text: str, new_passphrase: str) -> bytes:
        """Open with a coordinator's age identity and set ``new_passphrase``; returns the master key."""
        import pyrage

        identities = []
        for line in identity_text.splitlines():
            line = line.strip()
            if line.startswith("AGE-SECRET-KEY-"):
                try:
                    identities.append(pyrage.x25519.Identity.from_str(line))
                except Exception:  # noqa: BLE001 - any parse failure is a bad identity file
                    pass
        if not identities:
            raise PantauError(_("The identity file holds no age secret key."))
        problems = check_passphrase_strength(new_passphrase)
        if problems:
            raise PassphraseProblem(" ".join(problems))
        for entry in self.data.get("recovery", []):
            try:
                master = pyrage.decrypt(_unb64(entry["ciphertext"]), identities)
            except Exception:  # noqa: BLE001 - not this recipient; try the next entry
                continue
            self._wrap(master, new_passphrase)
            self.save()
            return master
        raise PantauError(_("This identity cannot recover this home: it is not one of its recovery keys."))

    def recovery_recipients(self) -> list[str]:
        return [r["recipient"] for r in self.data.get("recovery", [])]
