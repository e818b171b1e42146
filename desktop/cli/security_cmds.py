"""Protection commands: status, protecting a home, changing the passphrase, recovery."""

from __future__ import annotations

from pathlib import Path

import click

from desktop.i18n import _
from desktop.security import home_lock
from desktop.security.keyring import KeyRing, check_passphrase_strength


def register(cli: click.Group) -> None:
    cli.add_command(security)
    cli.add_command(recover)


def _new_passphrase(app) -> str:
    """The new passphrase: PANTAU_NEW_PASSPHRASE, else asked twice at the terminal."""
    import os
    import sys

    given = os.environ.get("PANTAU_NEW_PASSPHRASE")
    if given is None:
        if sys.stdin is None or not sys.stdin.isatty():
            raise click.ClickException(_("Set PANTAU_NEW_PASSPHRASE or run this command in a terminal."))
        given = click.prompt(_("New passphrase"), hide_input=True, confirmation_prompt=_("Repeat the new passphrase"))
    problems = check_passphrase_strength(given)
    if problems:
        raise click.ClickException(" ".join(problems))
    return given


@click.group()
def security():
    """Protection of this home's data (passphrase, encryption)."""


@security.command("status")
@click.pass_obj
def status(app):
    """Whether this home is protected, and its recovery keys."""
    if not home_lock.is_protected(app.home):
        click.echo(_("Unprotected: the database and evidence are not encrypted."))
        return
    ring = KeyRing.load(app.home.root)
    click.echo(
        _("Protected: the database, evidence and this device's signing key are encrypted (SQLCipher, AES-256-GCM).")
    )
    recipients = ring.recovery_recipients()
    click.echo(_("Recovery keys: {n}").format(n=len(recipients)))
    for recipient in recipients:
        click.echo(f"  {recipient}")


@security.command("protect")
@click.pass_obj
def protect(app):
    """Encrypt this home with a passphrase (PANTAU_PASSPHRASE or asked twice)."""
    passphrase = app.given_passphrase() or _new_passphrase(app)
    app.close()
    home_lock.convert_home(app.home, passphrase)
    click.echo(
        _(
            "This home is now protected. Keep the passphrase safe: without it, only a coordinator's "
            "recovery key can open it."
        )
    )


@security.command("change-passphrase")
@click.pass_obj
def change_passphrase(app):
    """Set a new passphrase (the current one from PANTAU_PASSPHRASE or asked)."""
    if not home_lock.is_protected(app.home):
        raise click.ClickException(_("This home is not protected; use 'pantau security protect'."))
    old = app.ask_passphrase(_("Current passphrase"))
    if old is None:
        raise click.ClickException(_("Set PANTAU_PASSPHRASE or run this command in a terminal."))
    KeyRing.load(app.home.root).change_passphrase(old, _new_passphrase(app))
    click.echo(_("Passphrase changed."))


@click.command()
@click.option(
    "--identity",
    "identity",
    type=click.Path(exists=True, dir_okay=False),
    required=True,
    help="The coordinator's exported age identity file.",
)
@click.pass_obj
def recover(app, identity: str):
    """Open a home whose passphrase is lost, with the coordinator's identity, and set a new passphrase."""
    if not home_lock.is_protected(app.home):
        raise click.ClickException(_("This home is not protected; there is nothing to recover."))
    text = Path(identity).read_text(encoding="utf-8", errors="replace")
    home_lock.recover(app.home, text, _new_passphrase(app))
    click.echo(_("Recovered: the home opens with the new passphrase."))
