"""The ``pantau`` command group (click): its options, and the subcommands, loaded on demand.

``desktop.cli.main`` runs it for every command line with arguments; with no subcommand it opens the
desktop app as ``pantau`` without arguments does (``desktop.cli.start_desktop_app``).
"""

from __future__ import annotations

import click

from desktop import __version__
from desktop.app_context import AppContext
from desktop.cli import say, start_desktop_app
from desktop.i18n import _


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
        ctx.exit(start_desktop_app(home, db, lang, training, passphrase_file))
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


def run_command_line(args: list[str]) -> int:
    """Run one command line; click's own outcomes (usage errors, --help, Ctrl+D at a prompt) become
    one translated line and an exit code. Other errors reach ``desktop.cli.main``."""
    try:
        result = cli.main(args=args, prog_name="pantau", standalone_mode=False)
        return result if isinstance(result, int) else 0
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.Abort:
        say(_("Aborted."))
        return 1
    except click.ClickException as exc:
        say(_("Error: {message}").format(message=exc.format_message()))
        return exc.exit_code
