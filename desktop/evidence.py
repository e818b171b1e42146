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
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from desktop.domain.ids import utc_now
from desktop.domain.records import EvidenceRef
from desktop.errors import PantauError
from desktop.i18n import _

ALLOWED_TYPES = {
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
    ".webp": "image/webp", ".bmp": "image/bmp", ".pdf": "application/pdf", ".txt": "text/plain",
    ".html": "text/html", ".htm": "text/html", ".mhtml": "multipart/related", ".mp4": "video/mp4",
    ".mov": "video/quicktime", ".m4a": "audio/mp4", ".mp3": "audio/mpeg", ".ogg": "audio/ogg",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".csv": "text/csv",
    ".json": "application/json", ".zip": "application/zip",
}
CHUNK = 1 << 20


class EvidenceError(PantauError):
    """An evidence file cannot be attached, found or trusted."""


@dataclass(frozen=True)
class EvidenceCheck:
    sha256: str
    ok: bool
    problem: str = ""      # "missing" or "changed"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


class EvidenceStore:
    def __init__(self, root: Path, max_bytes: int = 25 * 1024 * 1024):
        self.root = Path(root)
        self.max_bytes = max_bytes

    def path_for(self, sha256: str) -> Path:
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
            raise EvidenceError(_("{name}: this type of file cannot be attached. Use images, PDF, text, "
                                  "web pages, video, audio or office documents.").format(name=source.name))
        size = source.stat().st_size
        if size > self.max_bytes:
            raise EvidenceError(_("{name} is too large ({size} MB); the limit is {limit} MB.").format(
                name=source.name, size=round(size / 1048576, 1), limit=round(self.max_bytes / 1048576)))
        return media_type

    def add_file(self, source: Path, officer: str, device_id: str) -> EvidenceRef:
        """Copy ``source`` into the store, hashing while copying; returns the reference to attach."""
        source = Path(source)
        media_type = self.check_file(source)
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
                for chunk in iter(lambda: src.read(CHUNK), b""):
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            dest = self.path_for(sha)
            dest.parent.mkdir(parents=True, exist_ok=True)
            if dest.exists():
                os.unlink(tmp)
            else:
                os.replace(tmp, dest)
        except OSError as exc:
            Path(tmp).unlink(missing_ok=True)
            raise EvidenceError(_("{name} could not be copied into the evidence store: {reason}").format(
                name=source.name, reason=exc.strerror or exc)) from None
        return EvidenceRef(sha256=sha, filename=source.name, media_type=media_type,
                           size=source.stat().st_size, added_at=utc_now(), added_by=officer, device_id=device_id)

    def put_bytes(self, data: bytes) -> str:
        """Store content received from elsewhere (a sync bundle); returns its SHA-256."""
        sha = hashlib.sha256(data).hexdigest()
        dest = self.path_for(sha)
        if not dest.exists():
            dest.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".incoming-")
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, dest)
        return sha

    def read_bytes(self, sha256: str) -> bytes:
        path = self.path_for(sha256)
        if not path.exists():
            raise EvidenceError(_("Evidence file {sha} is missing from the evidence store.").format(sha=sha256[:12]))
        return path.read_bytes()

    def verify(self, sha256: str) -> EvidenceCheck:
        path = self.path_for(sha256)
        if not path.exists():
            return EvidenceCheck(sha256, False, "missing")
        ok = file_sha256(path) == sha256
        return EvidenceCheck(sha256, ok, "" if ok else "changed")

    def export(self, ref: EvidenceRef, dest_dir: Path) -> Path:
        """Copy an evidence file out under its original name, after checking its hash."""
        check = self.verify(ref.sha256)
        if not check.ok:
            raise EvidenceError(_("Evidence file {name} was changed or is missing; it was not exported.").format(
                name=ref.filename))
        dest = Path(dest_dir) / ref.filename
        shutil.copyfile(self.path_for(ref.sha256), dest)
        return dest


def guess_media_type(name: str) -> str:
    return ALLOWED_TYPES.get(Path(name).suffix.lower()) or mimetypes.guess_type(name)[0] or ""
