"""The ``pantau`` command line. Without arguments it opens the desktop app.

Every subcommand has ``--help``; user errors print one translated line and
exit non-zero; no traceback is ever shown (unexpected errors are logged in
the home's ``logs`` folder).

``pantau`` alone (the menu entry, a double-click) starts the desktop app without loading the command
line's parser: the home comes from PANTAU_HOME, as the ``--home`` option's does. Any argument goes
through the command group (``desktop.cli.commands``).
"""

from __future__ import annotations

import gc
import os
import sys

from desktop.errors import PantauError
from desktop.i18n import _, set_language


def say(text: str) -> None:
    """One line for the officer on the terminal's error stream."""
    print(text, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI, turning every error into one line and an exit code."""
    set_language(None)
    args = sys.argv[1:] if argv is None else list(argv)
    try:
        if not args:
            return start_desktop_app(home=os.environ.get("PANTAU_HOME") or None)
        from desktop.cli.commands import run_command_line

        return run_command_line(args)
    except PantauError as exc:
        say(_("Error: {message}").format(message=exc.message))
        for problem in getattr(exc, "problems", None) or []:  # ValidationFailed: each field and its problem
            if problem.message not in exc.message:
                say(f"  {problem.field}: {problem.message}")
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: log, never show a traceback
        known = _known_failure(exc)
        if known is not None:
            say(_("Error: {message}").format(message=known))
            return 1
        return fail(exc)


def start_desktop_app(home=None, db=None, lang=None, training=False, passphrase_file=None) -> int:
    """The desktop app: ``pantau`` alone (home from PANTAU_HOME, or the default one), or with the
    command group's options and no command."""
    from desktop.app_context import AppContext
    from desktop.cli.display import check_display

    if lang:
        set_language(lang)
    check_display()  # before Qt is imported: Qt's own reaction to a missing display is a crash
    gc.disable()  # until the first window is drawn (desktop.ui.app.collect_garbage_again)
    app = None
    try:
        app = AppContext.create(home=home, db=db, lang=lang, training=training, passphrase_file=passphrase_file)
        from desktop.ui.app import run_gui

        return run_gui(app)
    finally:
        gc.enable()
        if app is not None:
            app.close()


def fail(exc: BaseException) -> int:
    """Log an unexpected error to the home's log folder and print one line."""
    import datetime as dt
    import traceback

    from desktop.paths import Home

    try:
        home = Home.resolve()
        log_dir = home.root / "logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        path = log_dir / f"error-{dt.datetime.now().strftime('%Y%m%d-%H%M%S')}.log"
        path.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
        where = str(path)
    except OSError:
        where = "-"
    say(_("Unexpected error: {error}. Details were written to {path}.").format(error=type(exc).__name__, path=where))
    return 70


def _known_failure(exc: Exception) -> str | None:
    """A translated line for errors of damaged input that escaped a command (never a bare class name)."""
    import zipfile

    from desktop.db.connection import DB_ERRORS, damaged_while_reading

    if isinstance(exc, DB_ERRORS):
        return damaged_while_reading(exc).message
    if isinstance(exc, zipfile.BadZipFile):
        return _("The file is not a valid Excel workbook (.xlsx files are zip archives; this one is not).")
    return None


if __name__ == "__main__":
    sys.exit(main())
