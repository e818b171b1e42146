"""The evidence store: files attached to records, kept by the SHA-256 of their content.

A file is copied into the home's ``evidence`` folder under its hash when it is
attached; the hash, who and when go into the record's ``evidence`` list (and
so into the audit log and sync bundles). ``verify`` re-computes the hash so a
changed file is reported, never silently accepted.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from desktop.domain.ids import utc_now
from desktop.domain.records import EvidenceRef
from desktop.errors import PantauError
from desktop.i18n import _

ALLOWED_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".bmp": "image/bmp",
    ".pdf": "application/pdf",
    ".txt": "text/plain",
    ".html": "text/html",
    ".htm": "text/html",
    ".mhtml": "multipart/related",
    ".mp4": "video/mp4",
    ".mov": "video/quicktime",
    ".m4a": "audio/mp4",
    ".mp3": "audio/mpeg",
    ".ogg": "audio/ogg",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv",
    ".json": "application/json",
    ".zip": "application/zip",
}
CHUNK = 1 << 20
MAGIC = b"PANTAU-EVIDENCE-1\n"  # an evidence file encrypted with AES-256-GCM follows this header


class EvidenceError(PantauError):
    """An evidence file cannot be attached, found or trusted."""


@dataclass(frozen=True)
class EvidenceCheck:
    sha256: str
    ok: bool
    problem: str = ""  # "missing" or "changed"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


class EvidenceStore:
    """Evidence files by SHA-256. With ``key`` (from the home's master key) files are
    encrypted at rest; their fingerprints stay those of the original content."""

    def __init__(self, root: Path, max_bytes: int = 25 * 1024 * 1024, key: bytes | None = None):
        self.root = Path(root)
        self.max_bytes = max_bytes
        self.key = key

    # -- encryption at rest ----------------------------------------------------------
    def _seal(self, data: bytes, sha: str) -> bytes:
        if not self.key:
            return data
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        nonce = os.urandom(12)
        return MAGIC + nonce + AESGCM(self.key).encrypt(nonce, data, sha.encode("ascii"))

    def _open(self, stored: bytes, sha: str) -> bytes:
        if not stored.startswith(MAGIC):
            return stored
        if not self.key:
            raise EvidenceError(_("Evidence file {sha} is encrypted; unlock Pantau to read it.").format(sha=sha[:12]))
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        body = stored[len(MAGIC) :]
        try:
            return AESGCM(self.key).decrypt(body[:12], body[12:], sha.encode("ascii"))
        except InvalidTag:
            raise EvidenceError(
                _("Evidence file {sha} was changed: it no longer decrypts.").format(sha=sha[:12])
            ) from None

    def _write(self, sha: str, data: bytes) -> None:
        dest = self.path_for(sha)
        if dest.exists():
            return
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(self._seal(data, sha))
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, dest)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def path_for(self, sha256: str) -> Path:
        """Where the stored file lies. On a protected home it is encrypted: read evidence only with
        :meth:`read_bytes` (or :meth:`export`), never from this path."""
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise EvidenceError(_("'{value}' is not a valid evidence fingerprint.").format(value=sha256))
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).exists()

    def check_file(self, source: Path) -> str:
        """The media type of ``source``; raises EvidenceError for a file that cannot be attached."""
        source = Path(source)
        if not source.is_file():
            raise EvidenceError(_("{name} is not a file.").format(name=source.name))
        media_type = ALLOWED_TYPES.get(source.suffix.lower())
        if media_type is None:
            raise EvidenceError(
                _(
                    "{name}: this type of file cannot be attached. Use images, PDF, text, "
                    "web pages, video, audio or office documents."
                ).format(name=source.name)
            )
        size = source.stat().st_size
        if size > self.max_bytes:
            raise EvidenceError(
                _("{name} is too large ({size} MB); the limit is {limit} MB.").format(
                    name=source.name, size=round(size / 1048576, 1), limit=round(self.max_bytes / 1048576)
                )
            )
        return media_type

    def add_file(self, source: Path, officer: str, device_id: str) -> EvidenceRef:
        """Copy ``source`` into the store (encrypted when the store has a key); returns the reference to attach."""
        source = Path(source)
        media_type = self.check_file(source)
        try:
            data = source.read_bytes()
            sha = hashlib.sha256(data).hexdigest()
            self._write(sha, data)
        except OSError as exc:
            raise EvidenceError(
                _("{name} could not be copied into the evidence store: {reason}").format(
                    name=source.name, reason=exc.strerror or exc
                )
            ) from None
        return EvidenceRef(
            sha256=sha,
            filename=source.name,
            media_type=media_type,
            size=len(data),
            added_at=utc_now(),
            added_by=officer,
            device_id=device_id,
        )

    def put_bytes(self, data: bytes) -> str:
        """Store content received from elsewhere (a sync bundle); returns its SHA-256."""
        sha = hashlib.sha256(data).hexdigest()
        self._write(sha, data)
        return sha

    def read_bytes(self, sha256: str) -> bytes:
        """The original content of an evidence file (decrypted); raises EvidenceError when missing."""
        path = self.path_for(sha256)
        if not path.exists():
            raise EvidenceError(_("Evidence file {sha} is missing from the evidence store.").format(sha=sha256[:12]))
        return self._open(path.read_bytes(), sha256)

    def verify(self, sha256: str) -> EvidenceCheck:
        path = self.path_for(sha256)
        if not path.exists():
            return EvidenceCheck(sha256, False, "missing")
        try:
            ok = hashlib.sha256(self.read_bytes(sha256)).hexdigest() == sha256
        except EvidenceError:
            ok = False
        return EvidenceCheck(sha256, ok, "" if ok else "changed")

    def export(self, ref: EvidenceRef, dest_dir: Path) -> Path:
        """Copy an evidence file out under its original name, after checking its hash."""
        check = self.verify(ref.sha256)
        if not check.ok:
            raise EvidenceError(
                _("Evidence file {name} was changed or is missing; it was not exported.").format(name=ref.filename)
            )
        dest = Path(dest_dir) / Path(ref.filename).name
        dest.write_bytes(self.read_bytes(ref.sha256))
        return dest


def guess_media_type(name: str) -> str:
    return ALLOWED_TYPES.get(Path(name).suffix.lower()) or mimetypes.guess_type(name)[0] or ""
