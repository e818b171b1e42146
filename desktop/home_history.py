"""A home remembers that it had a database.

A home whose database file is missing or empty (0 bytes) but which shows that
it was used — a database-created marker, the device's signing key, backups,
sync history or evidence files — is refused: opening it would silently
create an empty database in its place, and every list, count and check would
then report an empty, intact home. The message names the newest backup and
the command that restores it; nothing is created.
"""

from __future__ import annotations

from pathlib import Path

from desktop.errors import DatabaseError
from desktop.i18n import _
from desktop.paths import Home

MARKER = "database-created"
BACKUP_GLOB = "pantau-*.sqlite3"


def marker_path(home: Home) -> Path | None:
    """The marker written when the home's own database is created (none for a --db override)."""
    return None if home.db_override else home.keys_dir / MARKER


def database_missing(home: Home) -> bool:
    path = home.db_path
    try:
        return not path.exists() or (path.is_file() and path.stat().st_size == 0)
    except OSError:
        return False


def _has_files(folder: Path, pattern: str = "*") -> bool:
    try:
        return folder.is_dir() and any(p.is_file() for p in folder.rglob(pattern))
    except OSError:
        return False


def traces_of_use(home: Home) -> list[str]:
    """What shows that this home had a database (empty for a new home)."""
    found = []
    marker = marker_path(home)
    if marker is not None and marker.exists():
        found.append("marker")
    if any((home.keys_dir / name).exists() for name in ("device.key", "device.pub")):
        found.append("keys")
    if _has_files(home.backups_dir, BACKUP_GLOB):
        found.append("backups")
    if _has_files(home.root / "sync"):
        found.append("sync")
    if _has_files(home.evidence_dir):
        found.append("evidence")
    return found


def newest_backup(home: Home) -> Path | None:
    try:
        found = [p for p in home.backups_dir.glob(BACKUP_GLOB) if p.is_file() and p.stat().st_size > 0]
    except OSError:
        return None
    return max(found, key=lambda p: (p.name[7:23], p.stat().st_mtime_ns), default=None)


def check_not_lost(home: Home) -> None:
    """Raise DatabaseError when the database of a used home is missing or empty."""
    if not database_missing(home) or not traces_of_use(home):
        return
    backup = newest_backup(home)
    if backup is not None:
        raise DatabaseError(
            _(
                "The database {path} is missing or empty, but this home was used before (its keys, "
                "backups or sync history exist). Nothing was created in its place. The newest backup is "
                "{backup}; restore it with: pantau --home {home} db restore {name}"
            ).format(path=home.db_path, backup=backup, home=home.root, name=backup.name)
        )
    raise DatabaseError(
        _(
            "The database {path} is missing or empty, but this home was used before (its keys or sync "
            "history exist). Nothing was created in its place, and this home has no backup: put the "
            "database file back, or ask the coordinator for the records this device sent."
        ).format(path=home.db_path)
    )


def remember_database(home: Home) -> None:
    """Write the marker once the home's database exists (best effort: a read-only home stays as it is)."""
    marker = marker_path(home)
    if marker is None or marker.exists() or database_missing(home):
        return
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text("Pantau created this home's database; see desktop/home_history.py.\n", encoding="utf-8")
    except OSError:
        pass
