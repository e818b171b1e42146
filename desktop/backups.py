"""Automatic, rotating backups of the database with SQLite's online backup API.

Backups are made before every migration and every import, and once a day
while Pantau is used; each is checked with PRAGMA integrity_check after
writing, and the oldest are removed beyond the configured number. Restoring a
backup first backs up the current database, and keeps a damaged one aside.
An encrypted database is backed up encrypted with the same key.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from desktop.db.backup import check_file, file_backup_writer
from desktop.db.connection import DB_ERRORS
from desktop.errors import PantauError
from desktop.i18n import _

DEFAULT_KEEP = 10
NAME = re.compile(r"^pantau-(\d{8}T\d{6}Z)-([a-z0-9-]+)\.sqlite3$")


class BackupError(PantauError):
    """A backup could not be written, checked or restored."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: dt.datetime
    reason: str
    size: int


def _stamp(now: dt.datetime | None = None) -> str:
    return (now or dt.datetime.now(dt.timezone.utc)).strftime("%Y%m%dT%H%M%SZ")


class Backups:
    def __init__(self, folder: Path, key: bytes | None = None, keep: int = DEFAULT_KEEP):
        self.folder = Path(folder)
        self.key = key
        self.keep = max(1, int(keep))

    @classmethod
    def for_store(cls, store) -> "Backups":
        keep = DEFAULT_KEEP
        settings = getattr(store, "settings", None)
        if settings is not None:
            keep = int(settings.extra.get("backups_keep", DEFAULT_KEEP) or DEFAULT_KEEP)
        return cls(store.path.parent / "backups", store.keys.database if store.keys else None, keep)

    def list(self) -> list[BackupInfo]:
        out = []
        if self.folder.exists():
            for path in self.folder.iterdir():
                match = NAME.match(path.name)
                if match:
                    created = dt.datetime.strptime(match.group(1), "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.timezone.utc)
                    out.append(BackupInfo(path, created, match.group(2), path.stat().st_size))
        return sorted(out, key=lambda b: (b.created, b.path.stat().st_mtime_ns), reverse=True)

    def create(self, write, reason: str) -> BackupInfo:
        """Back up the live database with ``write(path, key)`` (``store.queries.backup.backup_database``);
        checked, then older ones rotated out."""
        reason = re.sub(r"[^a-z0-9-]", "-", reason.lower())[:40] or "manual"
        path = self.folder / f"pantau-{_stamp()}-{reason}.sqlite3"
        n = 1
        while path.exists():
            n += 1
            path = self.folder / f"pantau-{_stamp()}-{reason}-{n}.sqlite3"
        try:
            write(path, self.key)
        except (OSError, *DB_ERRORS) as exc:
            raise BackupError(
                _("The backup could not be written: {reason}").format(reason=getattr(exc, "strerror", None) or exc)
            ) from None
        self.rotate()
        return next(b for b in self.list() if b.path == path)

    def rotate(self) -> None:
        for old in self.list()[self.keep :]:
            old.path.unlink(missing_ok=True)

    def daily(self, write, now: dt.datetime | None = None) -> BackupInfo | None:
        """Make the day's backup if the newest is older than a day."""
        now = now or dt.datetime.now(dt.timezone.utc)
        newest = self.list()[:1]
        if newest and now - newest[0].created < dt.timedelta(days=1):
            return None
        return self.create(write, "daily")

    def check_and_back_up(self, db_path: Path) -> bool:
        """The start-up check (off the GUI thread): a quick integrity check of the database file,
        then the day's backup when it is due. False when the file is damaged (nothing is written)."""
        if not check_file(db_path, self.key, quick=True):
            return False
        with file_backup_writer(db_path, self.key) as write:
            self.daily(write)
        return True

    def newest_good(self) -> BackupInfo | None:
        for info in self.list():
            if check_file(info.path, self.key):
                return info
        return None

    def restore(self, info: BackupInfo, db_path: Path, current_backed_up: bool) -> Path | None:
        """Replace the (closed) database at ``db_path`` with backup ``info``.

        The caller backs the current database up first when it can be read
        (``current_backed_up``); otherwise it is kept aside as ``*.damaged-<time>``.
        Returns where a set-aside file went.
        """
        if not check_file(info.path, self.key):
            raise BackupError(_("The backup {name} is damaged and cannot be restored.").format(name=info.path.name))
        aside = set_aside_damaged(db_path) if db_path.exists() and not current_backed_up else None
        for suffix in ("-wal", "-shm"):
            Path(str(db_path) + suffix).unlink(missing_ok=True)
        tmp = db_path.with_name(db_path.name + ".restoring")
        tmp.write_bytes(info.path.read_bytes())
        os.replace(tmp, db_path)
        return aside


def set_aside_damaged(db_path: Path) -> Path:
    """Move a damaged database (and its journal files) aside so it is never written to."""
    aside = db_path.with_name(f"{db_path.name}.damaged-{_stamp()}")
    os.replace(db_path, aside)
    for suffix in ("-wal", "-shm"):
        extra = Path(str(db_path) + suffix)
        if extra.exists():
            os.replace(extra, Path(str(aside) + suffix))
    return aside
