"""The ``pantau`` command line. With no subcommand it opens the desktop app.

Every subcommand has ``--help``; user errors print one translated line and
exit non-zero; no traceback is ever shown (unexpected errors are logged in
the home's ``logs`` folder).
"""

from __future__ import annotations

import sys

import click

from desktop import __version__
from desktop.cli.context import AppContext, fail
from desktop.cli.display import check_display
from desktop.errors import PantauError
from desktop.i18n import _, set_language


class CommandsOnDemand(click.Group):
    """The subcommands are imported only when one is asked for (or listed by --help), so that
    opening the desktop app does not import every command's libraries first."""

    def get_command(self, ctx: click.Context, cmd_name: str):
        _register()
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context):
        _register()
        return super().list_commands(ctx)


@click.group(
    cls=CommandsOnDemand, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.option(
    "--home",
    "home",
    type=click.Path(file_okay=False),
    envvar="PANTAU_HOME",
    help="Folder for everything Pantau keeps (database, keys, evidence, backups, settings).",
)
@click.option("--db", "db", type=click.Path(dir_okay=False), help="Use this database file instead of the home's.")
@click.option("--lang", type=click.Choice(["en", "id", "ms"]), help="Language of messages and reports.")
@click.option("--training", is_flag=True, help="Open the training sandbox instead of real data.")
@click.option(
    "--passphrase-file",
    type=click.Path(dir_okay=False),
    help="Read the home's passphrase from this file (or set PANTAU_PASSPHRASE).",
)
@click.option(
    "--unprotected",
    is_flag=True,
    envvar="PANTAU_UNPROTECTED",
    help="Allow a new home to be created without a passphrase (training only; the data is not encrypted).",
)
@click.option("--self-test", "self_test", is_flag=True, help="Check that this installation works, then exit.")
@click.version_option(version=__version__, prog_name="Pantau")
@click.pass_context
def cli(ctx: click.Context, home, db, lang, training, passphrase_file, unprotected, self_test):
    """Pantau: offline records of the online wildlife trade, seizures and questionnaires."""
    if ctx.invoked_subcommand is None and not self_test:
        if lang:
            set_language(lang)
        check_display()  # before Qt is imported: Qt's own reaction to a missing display is a crash
    app = AppContext.create(
        home=home,
        db=db,
        lang=lang,
        training=training,
        passphrase_file=passphrase_file,
        require_passphrase=not unprotected and ctx.invoked_subcommand is not None,
    )
    ctx.call_on_close(app.close)
    ctx.obj = app
    if self_test:
        from desktop.cli.selftest import run_self_test

        ctx.exit(run_self_test(app))
    if ctx.invoked_subcommand is None:
        from desktop.ui.app import run_gui

        ctx.exit(run_gui(app))


def _register() -> None:
    if cli.commands:
        return
    from desktop.cli import (
        forms_cmds,
        intel_cmds,
        records_cmds,
        reference_cmds,
        report_cmds,
        security_cmds,
        sync_cmds,
        training_cmds,
    )

    for area in (
        records_cmds,
        security_cmds,
        sync_cmds,
        report_cmds,
        intel_cmds,
        training_cmds,
        forms_cmds,
        reference_cmds,
    ):
        area.register(cli)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI, turning every error into one line and an exit code."""
    set_language(None)
    try:
        result = cli.main(args=argv, prog_name="pantau", standalone_mode=False)
        return result if isinstance(result, int) else 0
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo(_("Aborted."), err=True)
        return 1
    except click.ClickException as exc:
        click.echo(_("Error: {message}").format(message=exc.format_message()), err=True)
        return exc.exit_code
    except PantauError as exc:
        click.echo(_("Error: {message}").format(message=exc.message), err=True)
        for problem in getattr(exc, "problems", None) or []:  # ValidationFailed: each field and its problem
            if problem.message not in exc.message:
                click.echo(f"  {problem.field}: {problem.message}", err=True)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: log, never show a traceback
        known = _known_failure(exc)
        if known is not None:
            click.echo(_("Error: {message}").format(message=known), err=True)
            return 1
        return fail(exc)


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
