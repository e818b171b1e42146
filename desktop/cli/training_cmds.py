"""Training commands: the sandbox's status, reset, the participants' results and
the sample adverts; and the printable user guide."""

from __future__ import annotations

import json
from pathlib import Path

import click

from desktop.i18n import LANGUAGES, _, current_language, format_number


def register(cli: click.Group) -> None:
    cli.add_command(training_group)
    cli.add_command(guide_cmd)


def _sandbox(app):
    """The training sandbox of this home (the home itself with --training)."""
    from desktop.training import sandbox_home

    return app.home if app.training else sandbox_home(app.home)


def _open_store(app, sandbox):
    from desktop.store import Store

    if app.training:
        return app.store(), False
    return Store.open(sandbox), True


@click.group("training")
def training_group():
    """The training sandbox: demo data for courses, kept apart from real records."""


@training_group.command("status")
@click.pass_obj
def training_status(app):
    """Where the sandbox is, when the session began and what it holds."""
    from desktop.training import is_training, marker

    sandbox = _sandbox(app)
    if not is_training(sandbox):
        click.echo(_("No training sandbox yet. Open it with 'pantau --training' (or from the start screen)."))
        return
    info = marker(sandbox)
    click.echo(_("Training sandbox: {path}").format(path=sandbox.root))
    click.echo(_("Session started: {when} (UTC)").format(when=(info.get("started_at") or "-")[:19].replace("T", " ")))
    store, close = _open_store(app, sandbox)
    try:
        click.echo(_("Records: {n}").format(n=format_number(store.stats()["total"])))
    finally:
        if close:
            store.close()


@training_group.command("reset")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_obj
def training_reset(app, yes: bool):
    """Put the sandbox back to its starting state: the demo data only, nothing entered since."""
    from desktop.sandbox import ensure_sandbox, reset_sandbox
    from desktop.training import is_training

    sandbox = _sandbox(app)
    if not yes:
        click.confirm(
            _("Delete everything entered in the training sandbox {path} and start again?").format(path=sandbox.root),
            abort=True,
        )
    app.close()
    if is_training(sandbox):
        reset_sandbox(sandbox)
    else:
        ensure_sandbox(sandbox, app.settings)
    click.echo(_("The training sandbox was reset: {path}").format(path=sandbox.root))


@training_group.command("results")
@click.option("--since", help="Count records created from this UTC time (ISO 8601); default: the session start.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def training_results(app, since: str | None, as_json: bool):
    """Records created during the session, per participant (device and officer)."""
    from dataclasses import asdict

    from desktop.sandbox import session_results
    from desktop.training import TrainingError, is_training

    sandbox = _sandbox(app)
    if not is_training(sandbox):
        raise TrainingError(_("No training sandbox yet. Open it with 'pantau --training' (or from the start screen)."))
    if since:
        from desktop.sandbox import utc_stamp

        try:
            since = utc_stamp(since)
        except ValueError:
            raise click.BadParameter(_("Give a UTC time like 2026-05-03T09:00:00Z."), param_hint="--since") from None
    store, close = _open_store(app, sandbox)
    try:
        results = session_results(store, since)
    finally:
        if close:
            store.close()
    if as_json:
        click.echo(json.dumps([dict(asdict(r), total=r.total) for r in results], indent=2, ensure_ascii=False))
        return
    if not results:
        click.echo(_("Nothing was entered during this session yet."))
        return
    for r in results:
        click.echo(
            _(
                "{officer} (device {device}): {n} records — {obs} observations, {seizures} seizures, "
                "{responses} questionnaires; {evidence} with evidence"
            ).format(
                officer=r.officer_name or _("Unnamed officer"),
                device=r.device_id[-8:],
                n=r.total,
                obs=r.counts["observation"],
                seizures=r.counts["seizure"],
                responses=r.counts["response"],
                evidence=r.with_evidence,
            )
        )


@training_group.command("samples")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False), help="Folder to copy them into.")
def training_samples(out: str):
    """Copy the five sample advert screenshots for the 'record five adverts' exercise."""
    from desktop.sandbox import copy_samples

    copied = copy_samples(Path(out))
    click.echo(_("Copied {n} sample adverts to {path}.").format(n=len(copied), path=out))


@click.command("guide")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), help="The PDF file to write.")
@click.option(
    "--guide-lang",
    "lang",
    type=click.Choice(list(LANGUAGES)),
    help="Language of the guide (default: the language of the app).",
)
def guide_cmd(out: str, lang: str | None):
    """Write the user guide as a printable PDF (for training handouts)."""
    from desktop.guide import build_guide_pdf

    path = build_guide_pdf(Path(out), lang or current_language())
    click.echo(_("User guide written to {path}.").format(path=path))
