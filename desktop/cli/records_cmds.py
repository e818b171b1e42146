"""Record commands: demo data, statistics, audit verification, database info."""

from __future__ import annotations

import json

import click

from desktop.errors import PantauError
from desktop.i18n import _, format_number


def register(cli: click.Group) -> None:
    cli.add_command(demo)
    cli.add_command(stats)
    cli.add_command(audit)
    cli.add_command(db_group)


@click.command()
@click.option("--records", "count", type=click.IntRange(1, 5_000_000), required=True, help="How many records to add.")
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed (same seed, same records).")
@click.pass_obj
def demo(app, count: int, seed: int):
    """Fill the database with realistic random demo records."""
    from desktop.demo import fill

    before = _files_under(app.home.root)
    try:
        added = fill(app.store(), count, seed)
    except BaseException:
        # nothing was committed; a home this command created is removed again, so nothing is left
        app.close()
        if not before:
            _remove_new_files(app.home.root, before)
        raise
    click.echo(_("Added {n} demo records.").format(n=format_number(added)))


def _files_under(root) -> set:
    return {p for p in root.rglob("*")} if root.exists() else set()


def _remove_new_files(root, before: set) -> None:
    """Remove what appeared under ``root`` since ``before`` (files first, then emptied folders)."""
    created = _files_under(root) - before
    for path in sorted(created, key=lambda p: len(p.parts), reverse=True):
        try:
            path.unlink() if not path.is_dir() else path.rmdir()
        except OSError:
            pass
    if not before:
        try:
            root.rmdir()
        except OSError:
            pass


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def stats(app, as_json: bool):
    """Counts by kind, platform, species and protection status."""
    figures = app.store().stats()
    if as_json:
        click.echo(json.dumps(figures, indent=2, sort_keys=True))
        return
    click.echo(_("Records: {n}").format(n=format_number(figures["total"])))
    for title, key in (
        (_("By kind"), "by_kind"),
        (_("By platform"), "by_platform"),
        (_("By species"), "by_species"),
        (_("By protection status"), "by_protection"),
    ):
        click.echo(title)
        for name, value in figures[key].items():
            click.echo(f"  {name}: {format_number(value)}")


@click.group()
def audit():
    """The tamper-evident audit log."""


@audit.command("verify")
@click.pass_obj
def audit_verify(app):
    """Check the audit log's hash chain and that every record matches it."""
    check = app.store().verify_audit()
    if check.ok:
        click.echo(_("OK: the audit log is intact ({n} entries).").format(n=format_number(check.entries)))
        return
    if check.reason == "record":
        message = _("Record {id} differs from its last audit entry: it was changed outside Pantau.").format(
            id=check.record_id
        )
    elif check.reason == "missing":
        message = _("Record {id} is in the audit log but its row is gone: it was deleted outside Pantau.").format(
            id=check.record_id
        )
    elif check.reason == "column":
        message = _(
            "Record {id}: the column {column} differs from the record's saved content: it was changed outside Pantau."
        ).format(id=check.record_id, column=check.column)
    elif check.reason == "lines":
        message = _(
            "Record {id}: its species lines (which reports count) differ from the record: they were "
            "changed outside Pantau."
        ).format(id=check.record_id)
    elif check.reason == "search":
        message = _(
            "Record {id}: its search entry is missing or should not be there: the search index was "
            "changed outside Pantau."
        ).format(id=check.record_id)
    elif check.reason == "count":
        message = _(
            "The record counts that lists show were changed outside Pantau. Run 'pantau db check --full' "
            "to recount them."
        )
    elif check.reason == "gap":
        message = _("Audit entry {seq} is missing or out of order.").format(seq=check.broken_seq)
    else:
        message = _("Audit entry {seq} was altered: the hash chain is broken there.").format(seq=check.broken_seq)
    raise click.ClickException(message)


@click.group("db")
def db_group():
    """The database file."""


@db_group.command("info")
@click.pass_obj
def db_info(app):
    """Path, schema version and counts."""
    store = app.store()
    figures = store.stats()
    click.echo(_("Database: {path}").format(path=store.path))
    click.echo(_("Schema version: {v}").format(v=store.schema_version()))
    click.echo(_("Device: {id}").format(id=store.device_id))
    for kind, n in {**figures["by_kind"], **figures["entities"]}.items():
        click.echo(f"  {kind}: {format_number(n)}")
    click.echo(_("Deleted (tombstones): {n}").format(n=format_number(figures["deleted"])))


@db_group.command("check")
@click.option("--full", is_flag=True, help="Run the full integrity check (slower).")
@click.option(
    "--read-only",
    "read_only",
    is_flag=True,
    help="Check without writing anything, not even a journal (seized or write-protected media).",
)
@click.pass_obj
def db_check(app, full: bool, read_only: bool):
    """Check the database file for damage."""
    from desktop import home_history
    from desktop.db.backup import check_file

    if read_only:
        _check_read_only(app, full)
        return
    home_history.check_not_lost(app.home)
    keys = app.keys()
    if not check_file(app.home.db_path, keys.database if keys else None, quick=not full):
        raise click.ClickException(
            _("The database {path} is damaged. Restore a backup: pantau db restore latest").format(
                path=app.home.db_path
            )
        )
    if full and app.store().recount():
        click.echo(_("The record counts were out of step and have been corrected."))
    click.echo(_("OK: the database passed the integrity check."))


def _check_read_only(app, full: bool) -> None:
    """db check --read-only: the file is opened immutable; nothing beside it is created or changed."""
    from desktop.db.backup import check_file_read_only
    from desktop.security import home_lock

    path = app.home.db_path
    if not path.is_file() or path.stat().st_size == 0:
        raise click.ClickException(_("The database {path} does not exist or is empty.").format(path=path))
    keys = None
    if home_lock.is_protected(app.home):
        keys = home_lock.unlock_read_only(app.home, app.ask_passphrase(_("Passphrase")))
    verdict = check_file_read_only(path, keys.database if keys else None, quick=not full)
    if verdict == "unreadable":
        raise click.ClickException(
            _("The database {path} cannot be read with this home's key, or its first page is damaged.").format(
                path=path
            )
        )
    if verdict != "ok":
        raise click.ClickException(_("The database {path} is damaged.").format(path=path))
    wal = path.with_name(path.name + "-wal")
    if wal.is_file() and wal.stat().st_size:
        click.echo(
            _(
                "Note: {wal} holds changes not yet written into the database; a read-only check "
                "reads the database file alone."
            ).format(wal=wal)
        )
    click.echo(_("OK: the database passed the integrity check (read-only, nothing was written)."))


@db_group.command("backup")
@click.pass_obj
def db_backup(app):
    """Make a checked backup of the database now."""
    info = app.store().backup("manual")
    click.echo(str(info.path))


@db_group.command("backups")
@click.pass_obj
def db_backups(app):
    """List the backups, newest first."""
    from desktop.backups import Backups

    keys = app.keys()
    for info in Backups(app.home.backups_dir, keys.database if keys else None).list():
        click.echo(f"{info.path.name}\t{format_number(info.size)}")


@db_group.command("restore")
@click.argument("name")
@click.pass_obj
def db_restore(app, name: str):
    """Restore backup NAME (a file name from 'db backups', or 'latest' for the newest good one)."""
    from desktop.backups import BackupError, Backups

    keys = app.keys()
    backups = Backups(app.home.backups_dir, keys.database if keys else None)
    info = backups.newest_good() if name == "latest" else next((b for b in backups.list() if b.path.name == name), None)
    if info is None:
        raise BackupError(_("No such backup: {name}").format(name=name))
    try:
        app.store().backup("before-restore")
        backed_up = True
    except PantauError:
        backed_up = False  # damaged: it is kept aside instead
    app.close()
    aside = backups.restore(info, app.home.db_path, backed_up)
    click.echo(_("Restored {name}.").format(name=info.path.name))
    if aside:
        click.echo(_("The previous database was kept aside as {path}.").format(path=aside))
