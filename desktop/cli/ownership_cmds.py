"""Coordinator commands for the ownership rules and bundle bookkeeping: records refused at import,
edit grants between devices, and clearing forks (desktop/sync/ownership.py, desktop/sync/sequence.py)."""

from __future__ import annotations

import click

from desktop.i18n import _


def add_to(group: click.Group) -> None:
    for command in (refused_cmd, dismiss_cmd, grant_cmd, ungrant_cmd, grants_cmd, clear_forks_cmd):
        group.add_command(command)


@click.command("refused")
@click.option("--all", "show_all", is_flag=True, help="Include dismissed ones.")
@click.pass_obj
def refused_cmd(app, show_all: bool):
    """Record versions refused by the ownership rules (never merged), with the reason."""
    from desktop.sync.ownership import list_refused

    rows = list_refused(app.store(), open_only=not show_all)
    if not rows:
        click.echo(_("No refused record versions."))
        return
    for row in rows:
        click.echo(
            _("{id} ({status}) at {at}: {reason}").format(
                id=row["id"], status=row["status"], at=row["detected_at"], reason=row["reason"]
            )
        )


@click.command("dismiss-refused")
@click.argument("refused_id", type=int)
@click.pass_obj
def dismiss_cmd(app, refused_id: int):
    """Mark a refused record version as looked at (it stays kept, never merged)."""
    from desktop.sync.ownership import dismiss_refused

    dismiss_refused(app.store(), refused_id)
    click.echo(_("Refused version {id} dismissed.").format(id=refused_id))


def _owner_option(f):
    return click.option(
        "--owner", "owner", default=None, help="Only the records of this device (fingerprint); default: all devices."
    )(f)


@click.command("grant")
@click.argument("fingerprint")
@_owner_option
@click.pass_obj
def grant_cmd(app, fingerprint: str, owner: str | None):
    """Let a device (e.g. a team lead's) change other devices' records; written to the audit log."""
    from desktop.sync.ownership import grant

    row = grant(app.store(), fingerprint, owner)
    click.echo(
        _("Device {device} may now change the records of {owner}.").format(
            device=row["grantee_device"], owner=row["owner_device"] if owner else _("every device")
        )
    )


@click.command("ungrant")
@click.argument("fingerprint")
@_owner_option
@click.pass_obj
def ungrant_cmd(app, fingerprint: str, owner: str | None):
    """Take back a grant given with 'grant'; written to the audit log."""
    from desktop.sync.ownership import ungrant

    ungrant(app.store(), fingerprint, owner)
    click.echo(_("The grant was taken back."))


@click.command("grants")
@click.pass_obj
def grants_cmd(app):
    """Devices allowed to change other devices' records."""
    from desktop.sync.ownership import list_grants

    rows = list_grants(app.store())
    if not rows:
        click.echo(_("No device may change another device's records."))
    for row in rows:
        click.echo(
            _("{device} may change the records of {owner} (granted {at} by {by})").format(
                device=row["grantee_device"],
                owner=_("every device") if row["owner_device"] == "*" else row["owner_device"],
                at=row["granted_at"],
                by=row["granted_by"] or "-",
            )
        )


@click.command("clear-forks")
@click.argument("fingerprint")
@click.pass_obj
def clear_forks_cmd(app, fingerprint: str):
    """Stop showing a device's forks after looking at them (the refused files stay kept)."""
    from desktop.sync.devices import clear_forks

    n = clear_forks(app.store(), fingerprint)
    click.echo(_("{n} forks of device {fp} marked as seen.").format(n=n, fp=fingerprint.upper()))
