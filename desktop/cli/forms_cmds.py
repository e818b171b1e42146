"""Questionnaire form commands: ``pantau forms import|list|export``."""

from __future__ import annotations

import json

import click

from desktop.forms.errors import FormError
from desktop.i18n import _, format_number, ngettext


def register(cli: click.Group) -> None:
    cli.add_command(forms)


@click.group()
def forms():
    """Questionnaire forms (XLSForm): import, list and export installed versions."""


@forms.command("import")
@click.argument("path", type=click.Path())
@click.argument("media", nargs=-1, type=click.Path(dir_okay=False))
@click.pass_obj
def import_form(app, path, media):
    """Validate an XLSForm completely and install it (one line per problem on failure).

    PATH is the workbook (.xlsx), a folder or a zip as KoboToolbox and ODK Central export a
    form; MEDIA are its CSV/XML files (select_one_from_file, pulldata) when given apart."""
    from desktop.forms.installed import FormLibrary, language_label

    library = FormLibrary(app.store())
    try:
        result = library.install_file(path, list(media))
    except FormError as exc:
        for issue in exc.issues:
            click.echo(_("Error: {problem}").format(problem=str(issue)), err=True)
        if len(exc.issues) > 1:
            click.echo(exc.message, err=True)
        raise click.exceptions.Exit(1)
    definition = result.definition
    languages = ", ".join(language_label(definition, code) for code in definition.languages)
    if result.already_installed:
        click.echo(
            _("Form '{form}' version {version} is already installed; nothing changed.").format(
                form=definition.form_id, version=definition.version
            )
        )
    else:
        click.echo(
            _("Installed form '{form}' version {version} ({languages}).").format(
                form=definition.form_id, version=definition.version, languages=languages
            )
        )
    for line in result.warning_lines():
        click.echo(_("Warning: {message}").format(message=line))


@forms.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
@click.pass_obj
def list_forms(app, as_json):
    """Installed forms: id, version, languages and number of responses."""
    from desktop.forms.installed import FormLibrary

    installed = FormLibrary(app.store()).installed()
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "form_id": f.form_id,
                        "version": f.version,
                        "title": f.title,
                        "languages": list(f.languages),
                        "responses": f.responses,
                        "complete": f.complete,
                        "builtin": f.builtin,
                        "installed_at": f.installed_at,
                    }
                    for f in installed
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    width = max([len(f.form_id) for f in installed] + [4])
    vwidth = max([len(f.version) for f in installed] + [7])
    for f in installed:
        responses = ngettext("{n} response", "{n} responses", f.responses).format(n=format_number(f.responses))
        click.echo(
            "{form}  {version}  {languages:<10}  {responses}  {title}".format(
                form=f.form_id.ljust(width),
                version=f.version.ljust(vwidth),
                languages=" ".join(f.languages),
                responses=responses,
                title=f.title,
            )
        )


@forms.command("export")
@click.argument("form_id")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Write the XLSForm workbook here.")
@click.option("--version", "version", default=None, help="Which installed version (default: the newest).")
@click.pass_obj
def export_form(app, form_id, out, version):
    """Write an installed form definition back as an XLSForm workbook."""
    from desktop.forms.installed import FormLibrary

    path = FormLibrary(app.store()).export(form_id, out, version)
    click.echo(_("Written: {path}").format(path=path))


@forms.command("responses-import")
@click.argument("form_id")
@click.argument("path", type=click.Path(dir_okay=False))
@click.pass_obj
def responses_import(app, form_id, path):
    """Import responses exported from KoboToolbox or ODK Central (CSV, XLSX, or a zip of CSVs)."""
    from desktop.forms.response_import import import_responses
    from desktop.forms.responses import ResponseBook

    report = import_responses(ResponseBook(app.store()), form_id, path)
    for line in report.count_lines():
        click.echo(line)
    for line in report.rejected_lines():
        click.echo(line, err=True)
    if report.ignored_columns:
        click.echo(
            _("Columns that are not questions of the form were ignored: {columns}").format(
                columns=", ".join(report.ignored_columns)
            )
        )
    if report.rejected:
        raise click.exceptions.Exit(1)
