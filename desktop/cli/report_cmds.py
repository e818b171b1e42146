"""Report and data commands: ``pantau report …`` (PDF reports, figures as JSON) and
``pantau data export|import`` (CSV, XLSX, GeoJSON, CITES AITR; historic spreadsheets)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from desktop.cli.options import date_option
from desktop.domain.filters import RecordFilter
from desktop.i18n import LANGUAGES, _, format_number, ngettext
from desktop.progress import Progress

KINDS = {"observations": "observation", "seizures": "seizure", "responses": "response"}


def register(cli: click.Group) -> None:
    cli.add_command(report)
    cli.add_command(data)


def _done(path) -> None:
    click.echo(_("Written: {path}").format(path=path))


@click.group()
def report():
    """PDF reports and monitoring figures."""


@report.command("summary")
@click.option("--from", "date_from", required=True, callback=date_option, help="First day (YYYY-MM-DD).")
@click.option("--to", "date_to", required=True, callback=date_option, help="Last day (YYYY-MM-DD).")
@click.option("--country", default=None, help="Only this country (ID, MY, SG…); Malaysia means Peninsular Malaysia.")
@click.option("--platform", default=None, help="Only this platform (facebook, shopee…).")
@click.option("--out", "out", type=click.Path(dir_okay=False), help="Write the PDF report here.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON instead.")
@click.pass_obj
def summary(app, date_from, date_to, country, platform, out, as_json):
    """Monitoring summary for a period: figures, charts and a narrative."""
    if bool(out) == bool(as_json):
        raise click.UsageError(_("Give either --out FILE.pdf or --json."))
    if date_to < date_from:
        raise click.BadParameter(_("The last day is before the first day."), param_hint="--to")
    country = country.upper() if country else None
    store = app.store()
    if country and store.ref.country(country) is None:
        raise click.BadParameter(_("Unknown country code '{value}'.").format(value=country), param_hint="--country")
    if as_json:
        from desktop.reports.figures import summary_figures

        click.echo(
            json.dumps(summary_figures(store, date_from, date_to, country, platform), indent=2, ensure_ascii=False)
        )
        return
    from desktop.reports.summary_pdf import write_monitoring_summary

    write_monitoring_summary(store, out, date_from, date_to, country, platform)
    _done(out)


@report.command("tip")
@click.option("--account", "accounts", multiple=True, help="Seller handle (repeat for several).")
@click.option("--network", default="", help="A confirmed seller network (name or id): all its linked accounts.")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Write the PDF here.")
@click.pass_obj
def tip(app, accounts, network, out):
    """Target intelligence package (RESTRICTED) for seller accounts or a seller network."""
    if not accounts and not network:
        raise click.UsageError(_("Name the seller accounts with --account, or a seller network with --network."))
    from desktop.reports.tip_pdf import write_tip

    found = write_tip(app.store(), out, list(accounts), network=network)
    click.echo(ngettext("{n} linked record.", "{n} linked records.", found).format(n=format_number(found)))
    _done(out)


@report.command("questionnaire")
@click.option("--form", "form_id", required=True, help="Form id (needs_assessment for the built-in one).")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Write the PDF here.")
@click.pass_obj
def questionnaire(app, form_id, out):
    """Summary of the complete responses to a questionnaire."""
    from desktop.reports.questionnaire_pdf import write_questionnaire_summary

    write_questionnaire_summary(app.store(), out, form_id)
    _done(out)


@report.command("blank-form")
@click.option("--form", "form_id", required=True, help="Form id (needs_assessment for the built-in one).")
@click.option(
    "--lang",
    "langs",
    multiple=True,
    type=click.Choice(LANGUAGES),
    help="Language of the form; give two for side-by-side columns.",
)
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Write the PDF here.")
@click.pass_obj
def blank_form(app, form_id, langs, out):
    """A printable blank questionnaire with tick boxes, in one or two languages."""
    from desktop.reports.form_pdf import write_blank_form

    if len(langs) > 2:
        raise click.BadParameter(_("Give one or two languages."), param_hint="--lang")
    write_blank_form(app.store(), out, form_id, list(langs))
    _done(out)


@report.command("response")
@click.option("--id", "record_id", required=True, help="Response record id.")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Write the PDF here.")
@click.pass_obj
def response_sheet(app, record_id, out):
    """A filled questionnaire response as a printable record."""
    from desktop.reports.form_pdf import write_response

    write_response(app.store(), out, record_id)
    _done(out)


@report.command("seizure")
@click.option("--id", "record_id", required=True, help="Seizure record id.")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Write the PDF here.")
@click.pass_obj
def seizure_sheet(app, record_id, out):
    """The record sheet of one seizure."""
    from desktop.reports.seizure_pdf import write_seizure_sheet

    write_seizure_sheet(app.store(), out, record_id)
    _done(out)


def _check_out_folder(out: str) -> None:
    """--out names a file in an existing folder: a mistyped folder is reported, never created."""
    from desktop.reports.exports import ExportError

    folder = Path(out).expanduser().resolve().parent
    if not folder.is_dir():
        raise ExportError(
            _("The folder {folder} does not exist. Create it first, or choose an existing folder with --out.").format(
                folder=folder
            )
        )


@click.group()
def data():
    """Export records (CSV, XLSX, GeoJSON, CITES report) and import historic spreadsheets."""


@data.command("export")
@click.option("--kind", type=click.Choice(list(KINDS)), help="Which records (not needed for cites-aitr).")
@click.option("--format", "fmt", required=True, type=click.Choice(["csv", "xlsx", "geojson", "cites-aitr"]))
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Write the file here.")
@click.option("--from", "date_from", callback=date_option, help="Only records from this day (YYYY-MM-DD).")
@click.option("--to", "date_to", callback=date_option, help="Only records up to this day (YYYY-MM-DD).")
@click.option("--country", default=None, help="Only this country; for cites-aitr the reporting Party.")
@click.option("--platform", default=None, help="Only adverts on this platform.")
@click.option("--search", default="", help="Only records matching this text.")
@click.option("--year", type=click.IntRange(1975, 2100), help="Year of the CITES report.")
@click.pass_obj
def export(app, kind, fmt, out, date_from, date_to, country, platform, search, year):
    """Export records; the filter options select part of them."""
    _check_out_folder(out)
    store = app.store()
    country = country.upper() if country else None
    if fmt == "cites-aitr":
        if not year or not country:
            raise click.UsageError(_("The CITES report needs --year and --country."))
        from desktop.reports.cites_aitr import export_aitr

        result = export_aitr(store, year, country, out)
        click.echo(
            _(
                "Seizures: {seizures}; rows written: {rows}; items not reported: {unmapped} (listed with "
                "the reason on the 'Not reported' sheet)."
            ).format(
                rows=format_number(result["rows"]),
                seizures=format_number(result["seizures"]),
                unmapped=format_number(result["unmapped"]),
            )
        )
        for title, why in result["empty_columns"].items():
            click.echo(_("Column left empty: {column} ({reason})").format(column=title, reason=why))
        _done(out)
        return
    if not kind:
        raise click.UsageError(_("Choose the records with --kind."))
    flt = RecordFilter(
        kind=KINDS[kind],
        text=search,
        date_from=date_from.isoformat() if date_from else "",
        date_to=date_to.isoformat() if date_to else "",
        country=country or "",
        platform=platform or "",
    )
    if fmt == "geojson":
        from desktop.reports.geo import export_geojson

        result = export_geojson(store, out, KINDS[kind], flt)
        click.echo(
            ngettext("{n} record placed on the map.", "{n} records placed on the map.", result["features"]).format(
                n=format_number(result["features"])
            )
        )
        if result["omitted"]:
            click.echo(
                ngettext(
                    "{n} record has no coordinates and no province or state: it is listed with the reason in "
                    "the file's 'records_not_on_map' member.",
                    "{n} records have no coordinates and no province or state: they are listed with the reason "
                    "in the file's 'records_not_on_map' member.",
                    len(result["omitted"]),
                ).format(n=format_number(len(result["omitted"])))
            )
        _done(out)
        return
    from desktop.reports.exports import export_records

    result = export_records(store, KINDS[kind], fmt, out, flt)
    click.echo(
        _("Records: {records}; rows: {rows}.").format(
            records=format_number(result["records"]), rows=format_number(result["rows"])
        )
    )
    if result.get("shortened"):
        click.echo(
            _(
                "{n} cells were too long for a spreadsheet cell and were shortened (they end with '[…]'); "
                "export as CSV to keep them whole."
            ).format(n=format_number(result["shortened"]))
        )
    _done(out)


@data.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--map",
    "maps",
    multiple=True,
    metavar='"Their column=field"',
    help="Fill a Pantau field from this column ('=' alone or '=ignore' ignores it).",
)
@click.option(
    "--map-file", type=click.Path(exists=True, dir_okay=False), help="A JSON file of column (and value) choices."
)
@click.option(
    "--value",
    "values",
    multiple=True,
    metavar='"field:Their value=Pantau value"',
    help="Read this value as that one in the whole file.",
)
@click.option(
    "--kind",
    type=click.Choice(["observations", "seizures"]),
    help="Which records the file holds (found from its columns if not given).",
)
@click.option("--show-mapping", is_flag=True, help="Print the proposed mapping and the ignored columns, then stop.")
@click.option("--dry-run", is_flag=True, help="Only check the file and list every row's problems.")
@click.option(
    "--skip-bad-rows", is_flag=True, help="Import the clean records; write the refused rows to a CSV beside the file."
)
@click.pass_obj
def import_(app, path, maps, map_file, values, kind, show_mapping, dry_run, skip_bad_rows):
    """Import observations or seizures from a CSV or XLSX file, whatever its column names."""
    from desktop.imports.mapping import parse_map_options, parse_value_options, read_map_file
    from desktop.imports.run import open_mapping, run_import
    from desktop.imports.summary import problem_lines, summary_lines

    chosen = read_map_file(map_file) if map_file else {"columns": {}, "values": {}, "ignore": []}
    chosen["columns"].update(parse_map_options(list(maps)))
    for name, table in parse_value_options(list(values)).items():
        chosen["values"].setdefault(name, {}).update(table)
    record_kind = KINDS[kind] if kind else chosen.get("kind")
    store = app.store()
    if show_mapping:
        reader, mapping = open_mapping(store, path, record_kind, chosen)
        reader.close()
        for line in mapping.lines():
            click.echo(line)
        return
    result = run_import(
        store,
        path,
        dry_run=dry_run,
        skip_bad_rows=skip_bad_rows,
        chosen=chosen,
        kind=record_kind,
        progress=_progress_line(),
    )
    for line in problem_lines(result):
        click.echo(line)
    for line in summary_lines(result):
        click.echo(line)
    bad = result.bad_records
    if dry_run:
        click.echo(
            ngettext(
                "Dry run: nothing was imported; {n} record has errors.",
                "Dry run: nothing was imported; {n} records have errors.",
                bad,
            ).format(n=bad)
        )
        if bad:
            raise click.exceptions.Exit(1)
        return
    if bad and not skip_bad_rows:
        raise click.ClickException(
            ngettext(
                "Nothing was imported: {n} record has errors. Correct the file, or use --skip-bad-rows.",
                "Nothing was imported: {n} records have errors. Correct the file, or use --skip-bad-rows.",
                bad,
            ).format(n=bad)
        )
    click.echo(
        ngettext("Imported {n} record.", "Imported {n} records.", result.imported).format(
            n=format_number(result.imported)
        )
    )
    if result.updated:
        click.echo(
            ngettext("Updated {n} record.", "Updated {n} records.", result.updated).format(
                n=format_number(result.updated)
            )
        )
    if bad:
        click.echo(
            ngettext("{n} record with errors was left out.", "{n} records with errors were left out.", bad).format(
                n=bad
            )
        )
    if result.existing:
        click.echo(
            ngettext(
                "{n} record was already in the database and was left alone.",
                "{n} records were already in the database and were left alone.",
                result.existing,
            ).format(n=result.existing)
        )


@data.command("species-names")
@click.pass_obj
def species_names(app):
    """List the species named only in words (not verified), with their records."""
    names = app.store().species_named_only()
    if not names:
        click.echo(_("Every species is linked to the species list."))
    for name, n in names:
        click.echo(
            ngettext("{name}: {n} record (not verified)", "{name}: {n} records (not verified)", n).format(
                name=name, n=format_number(n)
            )
        )


@data.command("link-species")
@click.argument("name")
@click.argument("species")
@click.pass_obj
def link_species(app, name, species):
    """Link every record that names NAME (not in the list) to the listed SPECIES (id or any name)."""
    from desktop.imports.values import ValueMatcher

    store = app.store()
    (species_id, _other), issue = ValueMatcher(store.ref).species(species)
    if not species_id:
        hint = issue.message if issue else ""
        raise click.ClickException(
            _("'{value}' is not a species in the list. {hint}").format(value=species, hint=hint).strip()
        )
    changed = store.link_species_name(name, species_id)
    entry = store.ref.species_by_id(species_id)
    click.echo(
        ngettext(
            "{n} record that named '{name}' now names {species}.",
            "{n} records that named '{name}' now name {species}.",
            changed,
        ).format(n=format_number(changed), name=name, species=entry.scientific_name)
    )


def _progress_line() -> Progress | None:
    """A progress line on the terminal (stderr), only when it is a terminal."""
    import sys

    if not sys.stderr.isatty():
        return None

    def line(done, total):
        click.echo(
            "\r" + _("Reading the file: {percent}%").format(percent=done * 100 // max(total, 1)),
            err=True,
            nl=done >= total,
        )

    return Progress(line)
