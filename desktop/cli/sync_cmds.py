"""Sync commands: device keys and coordinator cards, the coordinator's identity
and device list, export, verify, import, conflicts, update packs, sync folder."""

from __future__ import annotations

import json
import signal
import threading
from pathlib import Path

import click

from desktop.i18n import _, format_number, ngettext


def register(cli: click.Group) -> None:
    from desktop.cli import ownership_cmds

    ownership_cmds.add_to(coordinator)
    for command in (keys_group, coordinator, export_cmd, verify_cmd, import_cmd, apply_pack, sync_group):
        cli.add_command(command)


def _echo_report(report) -> None:
    click.echo(report.line())
    for note in report.notes:
        click.echo("  " + note)


# -- keys -------------------------------------------------------------------------
@click.group("keys")
def keys_group():
    """This device's signing key and the coordinator cards it encrypts to."""


@keys_group.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def keys_show(app, as_json: bool):
    """Device id, key fingerprint and public key (the key is created on first use)."""
    from desktop.sync import device_age
    from desktop.sync.export import device_identity
    from desktop.sync.keys import imported_cards
    from desktop.sync.signing import parse_public_key

    info = device_identity(app.store())
    info["age_recipient"] = device_age.recipient_string(parse_public_key(info["public_key"]))
    if as_json:
        click.echo(json.dumps(info, indent=2, sort_keys=True))
        return
    click.echo(_("Device: {id}").format(id=info["device_id"]))
    click.echo(_("Fingerprint: {fp}").format(fp=info["fingerprint"]))
    click.echo(_("Public key: {key}").format(key=info["public_key"]))
    click.echo(_("Age recipient (update packs): {recipient}").format(recipient=info["age_recipient"]))
    cards = imported_cards(app.home)
    if cards:
        for card in cards:
            click.echo(_("Coordinator card: {name} ({fp})").format(name=card.name, fp=card.fingerprint))
    else:
        click.echo(_("No coordinator card imported: bundles are signed but not encrypted."))


@keys_group.command("import-card")
@click.argument("card", type=click.Path(dir_okay=False))
@click.pass_obj
def keys_import_card(app, card: str):
    """Import a coordinator card: later bundles are encrypted for that coordinator."""
    from desktop.security.home_lock import add_recovery_from_card, is_protected
    from desktop.sync.keys import import_card

    imported, new = import_card(app.home.ensure(), Path(card))
    if is_protected(app.home) and add_recovery_from_card(app.home, app.keys(), imported):
        click.echo(_("The coordinator can now recover this home if its passphrase is lost."))
    if new:
        click.echo(
            _("Imported the card of coordinator {name} (fingerprint {fp}). Bundles are now encrypted for it.").format(
                name=imported.name, fp=imported.fingerprint
            )
        )
    else:
        click.echo(
            _("The card of coordinator {name} ({fp}) was already imported.").format(
                name=imported.name, fp=imported.fingerprint
            )
        )


@keys_group.command("export-age-identity")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), help="The file to create.")
@click.pass_obj
def keys_export_age_identity(app, out: str):
    """Write this device's secret age identity (derived from its signing key) for 'age -d -i'."""
    from desktop.sync.keys import export_device_age_identity

    path = export_device_age_identity(app.home.ensure(), app.keys(), Path(out))
    click.echo(
        _(
            "Secret identity written to {path} (readable only by you). It opens this device's records in "
            "update packs; keep it as safe as the device itself."
        ).format(path=path)
    )


# -- coordinator -------------------------------------------------------------------
@click.group()
def coordinator():
    """Coordinator identity, devices, conflicts and update packs."""


@coordinator.command("init")
@click.option("--name", required=True, help="The coordinator's name, shown to officers.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), help="Where to write the card.")
@click.pass_obj
def coordinator_init(app, name: str, out: str):
    """Make this home a coordinator: create its keys and write its card for the devices."""
    from desktop.files import atomic_write
    from desktop.sync.keys import init_coordinator

    card = init_coordinator(app.home.ensure(), name)
    atomic_write(Path(out), card.to_json())
    click.echo(_("Coordinator {name} created; fingerprint {fp}.").format(name=card.name, fp=card.fingerprint))
    click.echo(_("Card written to {path}; give it to every device ('pantau keys import-card').").format(path=out))


@coordinator.command("export-identity")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), help="The file to create.")
@click.pass_obj
def coordinator_export_identity(app, out: str):
    """Write the coordinator's secret age identity (standard age key format) for 'age -d -i'."""
    from desktop.sync.keys import export_identity

    path = export_identity(app.home, Path(out))
    click.echo(
        _("Secret identity written to {path} (readable only by you). Keep it safe: it opens every bundle.").format(
            path=path
        )
    )


@coordinator.command("devices")
@click.pass_obj
def coordinator_devices(app):
    """Devices that sent bundles, their trust and missing bundles."""
    from desktop.sync.devices import list_devices, state_label

    devices = list_devices(app.store())
    if not devices:
        click.echo(_("No device has sent a bundle yet."))
        return
    for d in devices:
        click.echo(
            _("{fp}  {state}  device {device}  officer {officer}  imported {n}, quarantined {q}").format(
                fp=d.fingerprint,
                state=state_label(d.state),
                device=f"{d.device_name} ({d.device_id})" if d.device_name else d.device_id,
                officer=d.officer_name or "-",
                n=format_number(d.imported),
                q=format_number(d.quarantined),
            )
        )
        if d.missing:
            click.echo("  " + _("Missing bundles: {list}").format(list=d.missing_text))
        if d.forks:
            click.echo(
                "  "
                + _(
                    "Forks: {n} different bundles with a number already received (see 'pantau coordinator log')."
                ).format(n=d.forks)
            )
        if len(d.officers) > 1:
            click.echo(
                "  "
                + _("Officers named by this device: {list}").format(
                    list="; ".join(
                        _("{name} (since bundle {seq})").format(name=o["officer_name"] or "-", seq=o["seq"])
                        for o in d.officers
                    )
                )
            )


@coordinator.command("approve")
@click.argument("fingerprint")
@click.option("--again", is_flag=True, help="Trust a device that was revoked (confirm with the officer first).")
@click.pass_obj
def coordinator_approve(app, fingerprint: str, again: bool):
    """Trust a quarantined device and merge its waiting bundles."""
    from desktop.sync.devices import approve, device_state

    was_revoked = device_state(app.store(), fingerprint) == "revoked"
    reports = approve(app.store(), fingerprint, allow_revoked=again)
    if was_revoked:
        click.echo(
            _("Warning: device {fp} had been revoked; it is trusted again at your request.").format(
                fp=fingerprint.upper()
            ),
            err=True,
        )
    click.echo(_("Device {fp} is trusted.").format(fp=fingerprint.upper()))
    for report in reports:
        _echo_report(report)
    if any(r.status == "rejected" for r in reports):
        raise click.exceptions.Exit(1)


@coordinator.command("revoke")
@click.argument("fingerprint")
@click.pass_obj
def coordinator_revoke(app, fingerprint: str):
    """Refuse every later bundle from a device (records already merged stay)."""
    from desktop.sync.devices import revoke

    device = revoke(app.store(), fingerprint)
    click.echo(
        _("Device {fp} ({device}) is revoked; its bundles will be refused.").format(
            fp=device["fingerprint"], device=device["device_id"]
        )
    )


@coordinator.command("conflicts")
@click.option("--all", "show_all", is_flag=True, help="Include resolved conflicts.")
@click.pass_obj
def coordinator_conflicts(app, show_all: bool):
    """Records edited on two sides, with the fields that differ."""
    from desktop.sync.conflicts import differences, list_conflicts

    store = app.store()
    rows = list_conflicts(store, open_only=not show_all)
    if not rows:
        click.echo(_("No conflicts."))
        return
    for row in rows:
        click.echo(
            _(
                "Conflict {id} ({status}): {kind} {record}; kept revision {win} from {wdev}, other revision "
                "{lose} from {ldev}"
            ).format(
                id=row["id"],
                status=row["status"],
                kind=row["kind"],
                record=row["record_id"],
                win=row["winner_revision"],
                wdev=row["winner_device"],
                lose=row["loser_revision"],
                ldev=row["loser_device"],
            )
        )
        if row["status"] == "open":
            for diff in differences(store, row["id"]):
                click.echo(
                    f"  {diff.field}: {json.dumps(diff.current, ensure_ascii=False)} | "
                    f"{json.dumps(diff.other, ensure_ascii=False)}"
                )


@coordinator.command("resolve")
@click.argument("conflict_id", type=int)
@click.option("--take", "take", multiple=True, help="Take this field from the other version (repeatable).")
@click.pass_obj
def coordinator_resolve(app, conflict_id: int, take: tuple[str, ...]):
    """Resolve a conflict: fields named with --take come from the other version, the rest stay."""
    from desktop.sync.conflicts import other_values, resolve_conflict

    store = app.store()
    record = resolve_conflict(store, conflict_id, other_values(store, conflict_id, list(take)))
    click.echo(
        _("Conflict {id} resolved: record {record} saved as revision {rev}.").format(
            id=conflict_id, record=record.id, rev=record.revision
        )
    )


@coordinator.command("log")
@click.pass_obj
def coordinator_log(app):
    """The import log, newest first."""
    from desktop.sync.importer import import_log

    rows = import_log(app.store())
    if not rows:
        click.echo(_("Nothing was imported yet."))
    for r in rows:
        click.echo(
            _("{at}  {status}  {file}  {fp} bundle {seq}: {i} new, {u} updated, {n} unchanged, {c} conflicts {reason}")
            .format(
                at=r["imported_at"],
                status=r["status"],
                file=r["file_name"],
                fp=r["fingerprint"] or "-",
                seq=r["seq"] if r["seq"] is not None else "-",
                i=r["inserted"],
                u=r["updated"],
                n=r["unchanged"],
                c=r["conflicted"],
                reason=r["reason"],
            )
            .rstrip()
        )


@coordinator.command("make-pack")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False), help="Folder for the pack.")
@click.option("--note", default="", help="A note shown to the devices.")
@click.option("--followup-days", type=click.IntRange(1, 365), help="Set the devices' follow-up period (days).")
@click.option("--keywords", is_flag=True, help="Send this home's search keyword lists to the devices.")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.pass_obj
def coordinator_make_pack(app, out: str, note: str, followup_days: int | None, keywords: bool, files):
    """Sign an update pack for the devices: the forms (.xlsx), rates.csv and settings.json given, plus this
    home's added questionnaire versions, rate table, reference updates and decisions on records."""
    from desktop.sync.packs import build_update_pack, pack_file_names

    path = build_update_pack(app.store(), [Path(f) for f in files], Path(out), note, followup_days, keywords)
    click.echo(str(path))
    for name in pack_file_names(path):
        click.echo("  " + name)


# -- device side ---------------------------------------------------------------------
@click.command("export")
@click.option("--all", "full", is_flag=True, help="Export every record, not only the changes since the last export.")
@click.option("--to", "to", required=True, type=click.Path(file_okay=False), help="Folder for the bundle.")
@click.pass_obj
def export_cmd(app, full: bool, to: str):
    """Write a signed (and, with a coordinator card, encrypted) bundle of the changes."""
    from desktop.sync.export import export_bundle

    result = export_bundle(app.store(), Path(to), full=full)
    if result is None:
        click.echo(_("Nothing to export: no record changed since the last export."))
        return
    click.echo(str(result.path))
    click.echo(
        ngettext(
            "Bundle {seq}: {n} record; evidence files: {e}.",
            "Bundle {seq}: {n} records; evidence files: {e}.",
            result.records,
        ).format(seq=result.seq, n=format_number(result.records), e=format_number(result.counts["evidence_files"]))
    )
    if result.encrypted:
        click.echo(_("Encrypted for: {names}").format(names=", ".join(result.recipients)))
    else:
        click.echo(
            _(
                "Not encrypted: no coordinator card is imported, so the bundle is only signed. Import the "
                "coordinator's card with 'pantau keys import-card' to encrypt."
            )
        )
    if result.missing_evidence:
        click.echo(
            ngettext(
                "Warning: {n} evidence file is missing or changed and was not included.",
                "Warning: {n} evidence files are missing or changed and were not included.",
                len(result.missing_evidence),
            ).format(n=len(result.missing_evidence)),
            err=True,
        )


@click.command("verify")
@click.argument("file", type=click.Path(dir_okay=False))
@click.pass_obj
def verify_cmd(app, file: str):
    """Check a bundle completely: signer, trust, counts. Exits non-zero when it is not valid."""
    from desktop.sync.importer import verify_file

    report = verify_file(app.store(), Path(file))
    _echo_report(report)
    if report.status == "rejected":
        raise click.exceptions.Exit(1)
    click.echo(_("Signature and every hash are valid."))


@click.command("import")
@click.option("--dry-run", is_flag=True, help="Check and show what would change, without writing anything.")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.pass_obj
def import_cmd(app, dry_run: bool, paths):
    """Import bundles (files or folders) at the coordinator. Exits non-zero when any is rejected."""
    from desktop.sync.importer import import_paths

    reports = import_paths(app.store(), paths, dry_run=dry_run)
    if not reports:
        click.echo(_("No bundle found."))
    for report in reports:
        _echo_report(report)
    if any(r.status == "rejected" for r in reports):
        raise click.exceptions.Exit(1)


@click.command("apply-pack")
@click.argument("file", type=click.Path(dir_okay=False))
@click.pass_obj
def apply_pack(app, file: str):
    """Apply an update pack signed by one of your coordinators."""
    from desktop.sync.packs import apply_update_pack

    result = apply_update_pack(app.store(), Path(file))
    _echo_pack(result)


def _echo_pack(result) -> None:
    if result.status == "already":
        click.echo(
            _("Update pack {seq} from {name} was already applied (or a newer one was).").format(
                seq=result.seq, name=result.coordinator
            )
        )
        return
    click.echo(
        _("Applied update pack {seq} from {name}: {files}").format(
            seq=result.seq, name=result.coordinator, files=", ".join(result.files)
        )
    )
    for line in result.change_lines():
        click.echo("  " + line)


# -- sync folder ---------------------------------------------------------------------------
@click.group("sync")
def sync_group():
    """The shared sync folder (instead of a network)."""


@sync_group.command("folder")
@click.argument("folder", required=False, type=click.Path(file_okay=False))
@click.pass_obj
def sync_folder(app, folder: str | None):
    """Show the sync folder, or set it."""
    from desktop.sync.folder import SETTING

    if folder is None:
        current = app.settings.extra.get(SETTING)
        click.echo(current or _("No sync folder is set."))
        return
    app.settings.extra[SETTING] = str(Path(folder).expanduser().resolve())
    app.settings.save(app.home.ensure().settings_path)
    click.echo(_("Sync folder set to {folder}.").format(folder=app.settings.extra[SETTING]))


@sync_group.command("tick")
@click.option("--folder", type=click.Path(file_okay=False), help="Use this folder instead of the setting.")
@click.pass_obj
def sync_tick(app, folder: str | None):
    """Send waiting bundles (device) or import new ones (coordinator) through the sync folder."""
    from desktop.sync.folder import configured_folder, sync_folder_tick

    result = sync_folder_tick(app.store(), Path(folder) if folder else configured_folder(app.settings))
    click.echo(result.message)
    for report in result.imported:
        _echo_report(report)
    for pack in result.packs:
        if pack.status == "applied":
            _echo_pack(pack)
    for problem in result.problems:
        click.echo(problem, err=True)
    if not result.reachable or result.problems:
        raise click.exceptions.Exit(1)


@sync_group.command("watch")
@click.option("--folder", type=click.Path(file_okay=False), help="Use this folder instead of the setting.")
@click.option("--interval", type=click.FloatRange(0.1, 86400), default=30.0, show_default=True,
              help="Seconds between looks at the folder.")  # fmt: skip
@click.option("--once", is_flag=True, help="Look once, pick up what is there, and exit.")
@click.pass_obj
def sync_watch(app, folder: str | None, interval: float, once: bool):
    """Watch the sync folder and pick up new bundles (coordinator) or update packs (device) as they
    arrive, until Ctrl+C. For an unattended coordinator computer."""
    from desktop.sync.folder import configured_folder, pickup_notice, watch_folder

    where = Path(folder) if folder else configured_folder(app.settings)
    store = app.store()

    def report(result) -> None:
        notice = pickup_notice(result)
        if notice:
            click.echo(notice)
        elif not result.reachable:
            click.echo(result.message, err=True)

    if not once:
        click.echo(
            _("Watching {folder} every {n} seconds; press Ctrl+C to stop.").format(
                folder=where, n=format_number(interval)
            )
        )
    # Ctrl+C sets a flag that the watcher reads between looks: a pickup under way finishes (an import
    # or an update pack is never cut off half-way) and the interrupt is never lost inside it
    stop = threading.Event()
    previous = signal.signal(signal.SIGINT, lambda *_: stop.set()) if not once else None
    try:
        result = watch_folder(store, where, interval, once, report, sleep=stop.wait, stopped=stop.is_set)
    except KeyboardInterrupt:
        stop.set()
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    if stop.is_set():
        click.echo(_("Stopped watching the sync folder."))
        return
    if once and result is not None and (not result.reachable or result.problems):
        raise click.exceptions.Exit(1)


@sync_group.command("packs")
@click.pass_obj
def sync_packs(app):
    """Update packs applied on this device, newest first, and what each changed."""
    from desktop.sync.packs import pack_history

    entries = pack_history(app.store())
    if not entries:
        click.echo(_("No update pack has been applied on this device."))
        return
    for entry in entries:
        click.echo(
            _("Update pack {seq} from {name}, made {made}, applied {applied}").format(
                seq=entry.seq,
                name=entry.coordinator or entry.fingerprint,
                made=entry.created_at,
                applied=entry.applied_at,
            )
        )
        if entry.note:
            click.echo("  " + _("Note: {note}").format(note=entry.note))
        for line in entry.changes or [_("Nothing changed.")]:
            click.echo("  " + line)
