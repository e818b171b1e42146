"""Checks after the main window opens: a quick integrity check of the database and the
day's backup, off the GUI thread. A damaged database is closed at once (never written to)
and the user is offered the newest good backup; the damaged file is kept aside."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from desktop.backups import BackupError, Backups
from desktop.i18n import _


def start(window) -> None:
    """Run the checks for ``window`` (a MainWindow) in the background."""
    store = window.store
    backups = Backups.for_store(store)
    db_path = store.path
    window.runner.run(
        _("Checking the database"),
        lambda progress: backups.check_and_back_up(db_path),
        on_done=lambda ok: None if ok else damaged(window, backups),
        on_error=lambda message: window.statusBar().showMessage(message, 10000),
    )


def damaged(window, backups: Backups) -> None:
    context = window.app_context
    context.close()  # never write to a damaged database
    newest = backups.newest_good()
    if newest is None:
        QMessageBox.critical(
            window,
            _("Database damaged"),
            _(
                "The database is damaged and there is no good backup. Pantau will close; the file was not "
                "changed. Ask your coordinator for help (see the user guide, Troubleshooting)."
            ),
        )
        window.close()
        return
    answer = QMessageBox.question(
        window,
        _("Database damaged"),
        _(
            "The database is damaged. Restore the newest good backup from {date}? The damaged file will be kept aside."
        ).format(date=newest.created.strftime("%Y-%m-%d %H:%M UTC")),
    )
    if answer != QMessageBox.StandardButton.Yes:
        window.close()
        return
    try:
        backups.restore(newest, context.home.db_path, current_backed_up=False)
    except BackupError as exc:
        QMessageBox.critical(window, _("Database damaged"), exc.message)
        window.close()
        return
    window.store = context.store()
    window.build(current=window.current_page_key())
