"""Reference list commands: the coordinator's imports of the CITES list and national lists, figures on the
lists, and species look-up."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from desktop.cli.options import date_text_option, echo_json
from desktop.i18n import _


def register(cli: click.Group) -> None:
    cli.add_command(reference)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _show(result, as_json: bool, dry_run: bool) -> None:
    if as_json:
        echo_json(result.to_dict())
        return
    for line in result.lines():
        click.echo(line)
    if dry_run:
        click.echo(_("Dry run: nothing was saved."))
    else:
        click.echo(_("Saved; the list goes to devices with the next update pack."))


@click.group()
def reference():
    """Species and legal-status lists: import the CITES list and national lists, figures, look-up."""


@reference.command("import-cites")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--valid-from", "valid_from", callback=date_text_option, help="First day the list applies (default: today)."
)
@click.option("--dry-run", is_flag=True, help="Show what would change; save nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def import_cites(app, file, valid_from, dry_run, as_json):
    """Import the CITES list exported from Species+ ('Index of CITES Species', CSV)."""
    from desktop.reference.species_plus import read_species_plus
    from desktop.sync.reference_updates import import_reference_list

    store = app.store()
    data = Path(file).read_bytes()
    item = read_species_plus(data, file, store.ref, valid_from or dt.date.today().isoformat(), _now())
    _show(import_reference_list(store, item, dry_run), as_json, dry_run)


@reference.command("import-list")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--jurisdiction", required=True, help="ID, MY-PEN, MY-SBH, MY-SWK or SG.")
@click.option("--map", "mapping", multiple=True, help="Column for a field, e.g. scientific_name='Nama ilmiah'.")
@click.option("--name", default="", help="Name of the list (default: '<jurisdiction> national list').")
@click.option("--instrument", default="", help="The law or regulation, when the file has no such column.")
@click.option(
    "--valid-from", "valid_from", callback=date_text_option, help="First day the list applies (default: today)."
)
@click.option("--dry-run", is_flag=True, help="Show what would change; save nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def import_list(app, file, jurisdiction, mapping, name, instrument, valid_from, dry_run, as_json):
    """Import a national list of protected species from a spreadsheet (CSV or XLSX)."""
    from desktop.reference.national import parse_map, read_national_list
    from desktop.sync.reference_updates import import_reference_list

    store = app.store()
    item = read_national_list(
        Path(file).read_bytes(),
        file,
        jurisdiction.strip().upper(),
        parse_map(mapping),
        valid_from or dt.date.today().isoformat(),
        _now(),
        name=name,
        instrument=instrument,
    )
    _show(import_reference_list(store, item, dry_run), as_json, dry_run)


@reference.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def stats(app, as_json):
    """How many taxa, names in each language, and the lists with their sources and dates."""
    from desktop.reference.summary import reference_stats

    data = reference_stats(app.store().ref)
    if as_json:
        echo_json(data)
        return
    click.echo(_("Taxa: {n}").format(n=data["taxa"]))
    names = data["names_by_language"]
    click.echo(_("With a common name: English {en}, Indonesian {id}, Malay {ms}").format(**names))
    for item in data["lists"]:
        when = item.get("valid_from") or item.get("date") or ""
        click.echo(f"- {item['name']}: {item['source']} ({when})")


@reference.command("species")
@click.argument("query")
@click.option("--on", "on", callback=date_text_option, help="Statuses valid on this day (default: today).")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 500))
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def species(app, query, on, limit, as_json):
    """Find species by any name; show the accepted name and current statuses with their sources."""
    from desktop.reference.summary import species_matches

    rows = species_matches(app.store().ref, query, limit, on)
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo(_("No species match '{query}'.").format(query=query))
        return
    for row in rows:
        click.echo(f"{row['scientific_name']} ({row['name']})")
        cites = row["statuses"]["CITES"]
        click.echo("  " + _("CITES: {appendix} — {source}").format(appendix=cites["status"], source=cites["source"]))
        for code, status in row["statuses"].items():
            if code != "CITES":
                click.echo(f"  {code}: {status['status']} — {status['source']}")
