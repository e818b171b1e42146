"""Watching the sync folder while the app runs.

A QFileSystemWatcher on the sync folder and the sub-folder where this home's
work arrives (``inbox/`` at a coordinator, ``packs/`` on a device) reacts at
once on local disks; a polling timer covers network shares and USB sticks,
where file-system notifications are missing or late (and a folder that was not
there when watching began). Whenever the folder's snapshot changes, one sync
tick runs through the OperationRunner (in its own Store, off the GUI thread)
and ``picked_up`` carries a notice of what arrived ("" is never sent).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from desktop.i18n import _
from desktop.sync.folder import INBOX, PACKS, folder_snapshot, pickup_notice, sync_folder_tick
from desktop.ui.operations import in_own_store

POLL_MS = 30_000
SETTLE_MS = 500  # a file still being copied: look again a moment later


class SyncFolderWatcher(QObject):
    picked_up = Signal(str)  # the notice of what a tick found
    ticked = Signal(object)  # every tick's TickResult (the Sync page refreshes on it)

    def __init__(self, store, runner, poll_ms: int = POLL_MS, use_notifications: bool = True, parent=None):
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self.folder: Path | None = None
        self._last: tuple | None = None
        self._busy = False
        self._again = False
        self._fs = QFileSystemWatcher(self) if use_notifications else None
        if self._fs is not None:
            self._fs.directoryChanged.connect(self._soon)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.check)
        self.poll = QTimer(self)
        self.poll.setInterval(poll_ms)
        self.poll.timeout.connect(self.check)

    def set_folder(self, folder: str | Path | None) -> None:
        """Watch ``folder`` (None or '' stops watching) and look at it now."""
        self.folder = Path(folder) if folder else None
        self._last = None
        if self._fs is not None and self._fs.directories():
            self._fs.removePaths(self._fs.directories())
        if self.folder is None:
            self.poll.stop()
            return
        self._watch_paths()
        self.poll.start()
        self.check()

    def _watch_paths(self) -> None:
        if self._fs is None or self.folder is None:
            return
        wanted = [str(p) for p in (self.folder, self.folder / INBOX, self.folder / PACKS) if p.is_dir()]
        missing = [p for p in wanted if p not in self._fs.directories()]
        if missing:
            self._fs.addPaths(missing)

    def _soon(self, _path: str = "") -> None:
        self._settle.start()

    def check(self) -> None:
        """Run a tick when something arrived since the last look (or at the first look)."""
        if self.folder is None or self.store.home is None:
            return
        self._watch_paths()  # sub-folders made since, or a share that came back
        snapshot = folder_snapshot(self.store.home, self.folder)
        if snapshot == self._last:
            return
        if self._busy:
            self._again = True
            return
        self._busy = True
        folder = self.folder

        def job(store, progress):
            return sync_folder_tick(store, folder)

        self.runner.run(
            _("Picking up new files from the sync folder"), in_own_store(self.store, job), self._done, self._failed
        )

    def _done(self, result) -> None:
        self._busy = False
        if self.folder is not None and self.store.home is not None:
            self._last = folder_snapshot(self.store.home, self.folder)
        self.ticked.emit(result)
        notice = pickup_notice(result)
        if notice:
            self.picked_up.emit(notice)
        if self._again:
            self._again = False
            self.check()

    def _failed(self, message: str) -> None:
        self._busy = False
        if self.folder is not None and self.store.home is not None:
            self._last = folder_snapshot(self.store.home, self.folder)  # not again at every look
        self.picked_up.emit(message)
