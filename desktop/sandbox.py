"""The training sandbox's life cycle: a separate, unprotected home filled with demo data.

The sandbox of a home lives in ``<home>/training`` (``pantau --training``); the mark that makes it one,
and the question "is this a sandbox?" that every screen, PDF page, export and bundle asks, are in the
leaf module :mod:`desktop.training`. A sandbox is created by explicit choice, never protected by a
passphrase, and filled with the same demo records every time (fixed seed). Those records count as
already exported, so a participant's first bundle holds only what they entered during the exercises.

``reset_sandbox`` puts it back to that starting state; ``session_results`` counts, per participant
device, the records created since the sandbox was set up or last reset.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from desktop.domain.filters import RecordFilter
from desktop.domain.ids import parse_utc, utc_now
from desktop.domain.records import KINDS
from desktop.i18n import _
from desktop.paths import Home, resource_path
from desktop.progress import Progress
from desktop.settings import Settings
from desktop.training import TrainingError, is_training, started_at, write_marker

SEED = 2026
DEMO_RECORDS = 240
SAMPLES = "training"  # desktop/resources/training: the sample adverts for the exercises
EXPORTED_CHANGE = "last_exported_seq"  # desktop.sync.export's marks (read there, written here once)
EXPORTED_AUDIT = "last_exported_audit_seq"
COPIED_SETTINGS = ("language", "officer_name", "officer_id", "agency", "country")


def sandbox_settings(base: Settings | None) -> Settings:
    """Settings for a new sandbox: the officer and language of the real home, nothing else (no sync folder)."""
    settings = Settings()
    if base is not None:
        for name in COPIED_SETTINGS:
            setattr(settings, name, getattr(base, name))
        if "text_size" in base.extra:
            settings.extra["text_size"] = base.extra["text_size"]
        if base.device_name:
            settings.device_name = _("{device} (training)").format(device=base.device_name)
    settings.first_run_done = True
    return settings


def ensure_sandbox(
    sandbox: Home, base_settings: Settings | None = None, ref=None, progress: Progress | None = None
) -> Home:
    """Create the sandbox with its demo data when it does not exist yet; mark an old unmarked one."""
    if sandbox.db_path.exists():
        if not is_training(sandbox):
            write_marker(sandbox, {"seed": None, "records": None, "created_at": utc_now(), "started_at": utc_now()})
        return sandbox
    from desktop.security.home_lock import is_protected

    if is_protected(sandbox):
        raise TrainingError(
            _("{path} is protected by a passphrase, so it cannot be a training sandbox.").format(path=sandbox.root)
        )
    sandbox.ensure()
    if not sandbox.settings_path.exists():
        sandbox_settings(base_settings).save(sandbox.settings_path)
    write_marker(sandbox, {"seed": SEED, "records": 0, "created_at": utc_now(), "started_at": ""})
    _fill(sandbox, ref, progress)
    return sandbox


def _fill(sandbox: Home, ref=None, progress: Progress | None = None) -> None:
    from desktop.demo import fill
    from desktop.store import Store

    demo = Settings(officer_name=_("Demo officer (training)"), officer_id="DEMO")
    store = Store.open(sandbox, demo, ref)
    try:
        created = utc_now()
        count = fill(store, DEMO_RECORDS, seed=SEED, progress=progress)
        with store.transaction():  # the demo records are never sent to a coordinator
            store.queries.records.set_meta(EXPORTED_CHANGE, store.queries.records.get_meta("change_seq") or "0")
            audit = store.queries.audit.entries_since(0)
            store.queries.records.set_meta(EXPORTED_AUDIT, str(audit[-1]["seq"] if audit else 0))
    finally:
        store.close()
    write_marker(sandbox, {"seed": SEED, "records": count, "created_at": created, "started_at": utc_now()})


# Removed by a reset: everything the exercises may have changed. Kept: settings (officer, language),
# imported coordinator cards and a training coordinator's own keys, so a class need not exchange cards again.
RESET_FILES = ("pantau.sqlite3", "pantau.sqlite3-wal", "pantau.sqlite3-shm", "pantau.sqlite3-journal")
RESET_FOLDERS = ("evidence", "backups", "exports", "sync", "logs")
RESET_KEYS = ("device.key", "device.pub", "database-created")  # the last: desktop.home_history.MARKER


def reset_sandbox(sandbox: Home, ref=None, progress: Progress | None = None) -> Home:
    """Put the sandbox back to its starting state (the same demo data; a new device identity)."""
    if not is_training(sandbox):
        raise TrainingError(
            _("{path} is not a training sandbox; only a training sandbox can be reset.").format(path=sandbox.root)
        )
    if sandbox.db_override is not None:
        raise TrainingError(_("A training sandbox cannot be reset while another database file is chosen with --db."))
    try:
        for name in RESET_FILES:
            (sandbox.root / name).unlink(missing_ok=True)
        for name in RESET_FOLDERS:
            shutil.rmtree(sandbox.root / name, ignore_errors=True)
        for name in RESET_KEYS:
            (sandbox.keys_dir / name).unlink(missing_ok=True)
    except OSError as exc:
        raise TrainingError(
            _("The training sandbox cannot be reset: {reason}").format(reason=exc.strerror or exc)
        ) from None
    sandbox.ensure()
    _fill(sandbox, ref, progress)
    return sandbox


# -- the exercises and their results ------------------------------------------------------------
def sample_adverts() -> list[Path]:
    """The five fictional advert screenshots shipped for the 'record five adverts' exercise."""
    folder = resource_path(SAMPLES)
    return sorted(folder.glob("advert-*.png")) if folder.is_dir() else []


def copy_samples(dest: Path) -> list[Path]:
    dest = Path(dest)
    try:
        dest.mkdir(parents=True, exist_ok=True)
        return [Path(shutil.copy2(path, dest / path.name)) for path in sample_adverts()]
    except OSError as exc:
        raise TrainingError(
            _("The sample adverts cannot be copied to {path}: {reason}").format(path=dest, reason=exc.strerror or exc)
        ) from None


@dataclass
class ParticipantResult:
    """What one device (one participant) created during the session."""

    device_id: str
    officer_name: str = ""
    counts: dict = field(default_factory=lambda: {kind: 0 for kind in KINDS})
    with_evidence: int = 0
    complete_responses: int = 0
    first_at: str = ""
    last_at: str = ""

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def utc_stamp(text: str) -> str:
    """'2026-05-03', '2026-05-03T09:00' or '2026-05-03T09:00:00Z' as Pantau's UTC timestamp; ValueError otherwise."""
    value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _after(stamp: str, since: dt.datetime | None) -> bool:
    if since is None:
        return True
    try:
        return parse_utc(stamp) >= since
    except (TypeError, ValueError):
        return False


def session_results(store, since: str | None = None) -> list[ParticipantResult]:
    """Per device, the live records created since ``since`` (default: the session start), busiest first.

    In the trainer's sandbox, after importing the participants' bundles, there is one line per participant.
    """
    since = started_at(store.home) if since is None else since
    try:
        limit = parse_utc(since) if since else None
    except (TypeError, ValueError):
        limit = None
    results: dict[str, ParticipantResult] = {}
    for kind in KINDS:
        for data in store.queries.report.iter_filtered_bodies(RecordFilter(kind=kind)):
            created = data.get("created_at") or ""
            if not _after(created, limit):
                continue
            device = data.get("device_id") or ""
            item = results.setdefault(device, ParticipantResult(device))
            item.counts[kind] += 1
            if data.get("evidence"):
                item.with_evidence += 1
            if kind == "response" and data.get("status") == "complete":
                item.complete_responses += 1
            updated = data.get("updated_at") or created
            if updated >= item.last_at:
                item.last_at = updated
                item.officer_name = data.get("officer_name") or item.officer_name
            item.first_at = min(item.first_at or created, created)
    return sorted(results.values(), key=lambda r: (-r.total, r.officer_name, r.device_id))
