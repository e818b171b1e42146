"""The sync folder: a shared or removable folder instead of a network.

Layout inside the folder: ``inbox/`` (bundles from devices to the coordinator)
and ``packs/`` (update packs from the coordinator to devices).

On a device, a tick exports pending changes into the home's outbox
(``<home>/exports/outbox``), copies every waiting bundle into ``inbox/`` when
the folder can be reached (atomically: readers never see half a file) and
then moves it to ``<home>/exports/sent``; it also applies new update packs
from ``packs/``. On a coordinator, a tick imports every bundle in ``inbox/``
whose content was not seen before. When the folder cannot be reached, bundles
stay in the outbox and the result says so: nothing is lost.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from desktop.files import atomic_write
from desktop.i18n import _, ngettext
from desktop.sync import bundle, export, importer, keys, packs
from desktop.sync.errors import BundleError, SyncFolderError

SETTING = "sync_folder"
INBOX = "inbox"
PACKS = "packs"


@dataclass
class TickResult:
    reachable: bool
    message: str
    exported: list[Path] = field(default_factory=list)
    delivered: list[Path] = field(default_factory=list)
    waiting: int = 0
    imported: list = field(default_factory=list)  # importer.BundleReport
    packs: list = field(default_factory=list)  # packs.PackResult
    problems: list[str] = field(default_factory=list)


def configured_folder(settings) -> Path:
    value = (settings.extra or {}).get(SETTING)
    if not value:
        raise SyncFolderError(_("No sync folder is set. Choose one in Settings or with 'pantau sync folder DIR'."))
    return Path(value).expanduser()


def outbox(home) -> Path:
    return home.exports_dir / "outbox"


def sent(home) -> Path:
    return home.exports_dir / "sent"


def reachable(folder: Path) -> bool:
    try:
        return folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)
    except OSError:
        return False


def sync_folder_tick(store, folder: Path) -> TickResult:
    """One round of folder sync for this home (device or coordinator)."""
    folder = Path(folder)
    if keys.is_coordinator(store.home):
        return _coordinator_tick(store, folder)
    return _device_tick(store, folder)


def _waiting(home) -> list[Path]:
    box = outbox(home)
    return sorted(p for p in box.glob(f"*{bundle.EXTENSION}") if not p.name.startswith(".")) if box.is_dir() else []


def _device_tick(store, folder: Path) -> TickResult:
    result = TickResult(False, "")
    made = export.export_bundle(store, outbox(store.home))
    if made is not None:
        result.exported.append(made.path)
    if not reachable(folder):
        result.waiting = len(_waiting(store.home))
        result.message = ngettext(
            "The sync folder {folder} cannot be reached; {n} bundle waits in the outbox and will be sent next time.",
            "The sync folder {folder} cannot be reached; {n} bundles wait in the outbox and will be sent next time.",
            result.waiting,
        ).format(folder=folder, n=result.waiting)
        return result
    result.reachable = True
    for path in _waiting(store.home):
        try:
            atomic_write(folder / INBOX / path.name, path.read_bytes())
            sent(store.home).mkdir(parents=True, exist_ok=True)
            os.replace(path, sent(store.home) / path.name)
            result.delivered.append(folder / INBOX / path.name)
        except OSError as exc:
            result.problems.append(
                _("{file} could not be copied to the sync folder: {reason}").format(
                    file=path.name, reason=exc.strerror or exc
                )
            )
    result.waiting = len(_waiting(store.home))
    for path in sorted((folder / PACKS).glob(f"*{packs.EXTENSION}")) if (folder / PACKS).is_dir() else []:
        try:
            result.packs.append(packs.apply_update_pack(store, path))
        except BundleError as exc:
            result.problems.append(exc.message)
    result.message = ngettext(
        "{n} bundle delivered to the sync folder.", "{n} bundles delivered to the sync folder.", len(result.delivered)
    ).format(n=len(result.delivered))
    return result


def _coordinator_tick(store, folder: Path) -> TickResult:
    inbox = folder / INBOX
    if not reachable(folder):
        return TickResult(
            False,
            _(
                "The sync folder {folder} cannot be reached; nothing was imported. Nothing is "
                "lost: the bundles stay where they are."
            ).format(folder=folder),
        )
    result = TickResult(True, "")
    new_files = []
    for path in importer.expand_paths([inbox]) if inbox.is_dir() else []:
        try:
            digest = bundle.sha256_hex(path.read_bytes())
        except OSError:
            continue
        if not store.queries.sync.imports_of_file(digest):
            new_files.append(path)
    if new_files:
        result.imported = importer.import_paths(store, new_files)
    result.problems = [r.line() for r in result.imported if r.status == importer.REJECTED]
    result.message = ngettext(
        "{n} new bundle found in the sync folder.", "{n} new bundles found in the sync folder.", len(new_files)
    ).format(n=len(new_files))
    return result


def publish_pack(path: Path, folder: Path) -> Path:
    """Copy an update pack into the sync folder's ``packs/`` for every device to pick up."""
    if not reachable(folder):
        raise SyncFolderError(_("The sync folder {folder} cannot be reached.").format(folder=folder))
    return atomic_write(folder / PACKS / Path(path).name, Path(path).read_bytes())


# -- watching ------------------------------------------------------------------------------
def folder_snapshot(home, folder: Path) -> tuple:
    """Names, sizes and times of what waits in the sync folder for this home — bundles in ``inbox/`` at a
    coordinator, update packs in ``packs/`` on a device. It changes when something arrives."""
    coordinator = keys.is_coordinator(home)
    where = Path(folder) / (INBOX if coordinator else PACKS)
    out: list[tuple] = [("", int(reachable(Path(folder))), 0)]
    try:
        found = (
            (importer.expand_paths([where]) if coordinator else sorted(where.glob(f"*{packs.EXTENSION}")))
            if where.is_dir()
            else []
        )
        for path in found:
            info = path.stat()
            out.append((str(path.relative_to(where)), info.st_size, info.st_mtime_ns))
    except OSError:  # the share went away while looking: the next look sees it again
        return (("", 0, 0),)
    return tuple(out)


def pickup_notice(result: TickResult) -> str:
    """What a tick started by the watcher picked up, for a notice ('' when nothing new arrived)."""
    lines = []
    imported = [r for r in result.imported if r.status != importer.REJECTED]
    if result.imported:
        lines.append(
            ngettext(
                "{n} new bundle picked up from the sync folder.",
                "{n} new bundles picked up from the sync folder.",
                len(result.imported),
            ).format(n=len(result.imported))
        )
        lines.extend(r.line() for r in imported)
    for pack in result.packs:
        if pack.status == "applied":
            lines.append(
                _("Update pack {seq} from {name} picked up from the sync folder and applied.").format(
                    seq=pack.seq, name=pack.coordinator
                )
            )
            lines.extend(pack.change_lines())
    lines.extend(result.problems)
    return "\n".join(lines)


def watch_folder(
    store, folder: Path, interval: float, once: bool, report, sleep=time.sleep, stopped=lambda: False
) -> TickResult | None:
    """Look at the sync folder every ``interval`` seconds and run a tick whenever something arrived
    (and once at the start); ``report(result)`` gets each tick's result. Runs until ``stopped()`` says
    so between looks (or a KeyboardInterrupt reaches the caller), or one look with ``once``; returns
    the last result."""
    last, result = None, None
    while not stopped():
        snapshot = folder_snapshot(store.home, folder)
        if snapshot != last:
            result = sync_folder_tick(store, folder)
            report(result)
            last = folder_snapshot(store.home, folder)  # the tick's own deliveries are not news
        if once:
            return result
        sleep(interval)
    return result
