"""Monitoring intelligence commands: sessions and effort, keywords, follow-up of reported adverts,
link suggestions between seller accounts, seller networks and the GraphML export."""

from __future__ import annotations

import click

from desktop.cli.options import date_text_option, echo_json
from desktop.i18n import _, format_number


def register(cli: click.Group) -> None:
    cli.add_command(sessions)
    cli.add_command(keywords_group)
    cli.add_command(followup)
    cli.add_command(links)
    cli.add_command(network)


def _rate(value) -> str:
    return "-" if value is None else format_number(value)


# -- sessions -------------------------------------------------------------------------------------
@click.group()
def sessions():
    """Monitoring sessions: platform, date, time spent and keywords searched."""


@sessions.command("list")
@click.option("--from", "date_from", callback=date_text_option, help="First day (YYYY-MM-DD).")
@click.option("--to", "date_to", callback=date_text_option, help="Last day (YYYY-MM-DD).")
@click.option("--platform", default="", help="Only this platform.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def sessions_list(app, date_from, date_to, platform, as_json):
    """Sessions, newest first, with the adverts each one found."""
    from desktop.intel.sessions import list_sessions

    rows = list_sessions(app.store(), date_from or "", date_to or "", platform)
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo(_("No monitoring sessions."))
        return
    for row in rows:
        click.echo(
            _(
                "{date} {start}-{end}  {platform}  {officer}  minutes: {minutes}  adverts found: {adverts}  "
                "keywords: {keywords}  id: {id}"
            ).format(
                date=row["session_date"],
                start=row["start_time"],
                end=row["end_time"],
                platform=row["platform"],
                officer=row["officer"],
                minutes=format_number(row["minutes"]),
                adverts=format_number(row["adverts"]),
                keywords=", ".join(row["keywords"]),
                id=row["id"],
            )
        )


@sessions.command("add")
@click.option("--platform", required=True, help="Platform id (facebook, shopee…).")
@click.option(
    "--date", "session_date", required=True, callback=date_text_option, help="Day of the session (YYYY-MM-DD)."
)
@click.option("--start", required=True, help="Start time (HH:MM).")
@click.option("--end", required=True, help="End time (HH:MM).")
@click.option("--keyword", "keywords", multiple=True, required=True, help="A keyword searched (repeat).")
@click.option("--officer", default="", help="Who searched (default: this device's officer).")
@click.option("--notes", default="", help="Notes.")
@click.pass_obj
def sessions_add(app, platform, session_date, start, end, keywords, officer, notes):
    """Record a monitoring session."""
    from desktop.errors import ValidationFailed
    from desktop.intel.sessions import MonitoringSession, save_session

    try:
        session = save_session(
            app.store(),
            MonitoringSession(
                platform=platform,
                session_date=session_date,
                start_time=start,
                end_time=end,
                officer=officer,
                keywords=list(keywords),
                notes=notes,
            ),
        )
    except ValidationFailed as exc:
        details = " ".join(f"{p.field}: {p.message}" for p in exc.problems)
        raise click.ClickException(f"{exc.message} {details}") from None
    click.echo(_("Saved monitoring session {id}.").format(id=session.id))


@sessions.command("effort")
@click.option("--from", "date_from", callback=date_text_option, help="First day (YYYY-MM-DD).")
@click.option("--to", "date_to", callback=date_text_option, help="Last day (YYYY-MM-DD).")
@click.option(
    "--lang",
    "language",
    type=click.Choice(["id", "ms", "en"]),
    default=None,
    help="Also list this language's keywords never searched.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def sessions_effort(app, date_from, date_to, language, as_json):
    """Adverts per hour and per keyword, per platform and per month, beside raw counts."""
    from desktop.intel.effort import effort

    figures = effort(app.store(), date_from or "", date_to or "", language or "")
    if as_json:
        echo_json(figures.as_dict())
        return
    t = figures.totals
    click.echo(
        _(
            "Sessions: {n}, hours: {hours}, adverts found: {found}, per hour: {rate}; "
            "adverts without a session: {other}"
        ).format(
            n=format_number(t["sessions"]),
            hours=format_number(t["hours"]),
            found=format_number(t["found"]),
            rate=_rate(t["per_hour"]),
            other=format_number(t["adverts_without_session"]),
        )
    )
    for title, rows in ((_("By platform"), figures.by_platform), (_("By month"), figures.by_month)):
        click.echo(title)
        for row in rows:
            click.echo(
                _(
                    "  {key}: sessions {sessions}, hours {hours}, adverts found {found}, per hour {rate}, "
                    "all adverts recorded {all}"
                ).format(
                    key=row["key"] or "-",
                    sessions=format_number(row["sessions"]),
                    hours=format_number(row["hours"]),
                    found=format_number(row["found"]),
                    rate=_rate(row["per_hour"]),
                    all=format_number(row["all_adverts"]),
                )
            )
    click.echo(_("By keyword"))
    for row in figures.by_keyword:
        click.echo(
            _("  {keyword}: searches {searches}, adverts found {found}, per search {rate}").format(
                keyword=row["keyword"],
                searches=format_number(row["searches"]),
                found=format_number(row["found"]),
                rate=_rate(row["per_search"]),
            )
        )
    if figures.prune:
        click.echo(_("Searched often, never found an advert: {keywords}").format(keywords=", ".join(figures.prune)))


# -- keywords -------------------------------------------------------------------------------------
@click.group("keywords")
def keywords_group():
    """The search keyword list, per language."""


@keywords_group.command("list")
@click.option("--lang", "language", type=click.Choice(["id", "ms", "en"]), required=True, help="Language.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def keywords_list(app, language, as_json):
    """The keywords of one language."""
    from desktop.intel.keywords import keyword_list

    items = keyword_list(app.store(), language)
    if as_json:
        echo_json([item.__dict__ for item in items])
        return
    for item in items:
        click.echo(item.keyword)


@keywords_group.command("add")
@click.argument("keyword")
@click.option("--lang", "language", type=click.Choice(["id", "ms", "en"]), required=True, help="Language.")
@click.pass_obj
def keywords_add(app, keyword, language):
    """Add a keyword to the list."""
    from desktop.intel.keywords import add_keyword

    click.echo(_("Added keyword '{keyword}'.").format(keyword=add_keyword(app.store(), language, keyword)))


@keywords_group.command("remove")
@click.argument("keyword")
@click.option("--lang", "language", type=click.Choice(["id", "ms", "en"]), required=True, help="Language.")
@click.pass_obj
def keywords_remove(app, keyword, language):
    """Take a keyword off the list."""
    from desktop.intel.keywords import remove_keyword

    click.echo(_("Removed keyword '{keyword}'.").format(keyword=remove_keyword(app.store(), language, keyword)))


# -- follow-up ------------------------------------------------------------------------------------
@click.group()
def followup():
    """Follow-up of adverts reported to a platform."""


@followup.command("due")
@click.option("--all", "include_upcoming", is_flag=True, help="Also list follow-ups due later.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def followup_due(app, include_upcoming, as_json):
    """Reported adverts due for a check, oldest first."""
    from desktop.intel.followup import due

    rows = due(app.store(), include_upcoming=include_upcoming)
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo(_("No follow-up is due."))
        return
    for row in rows:
        click.echo(
            _("{due}  reported {reported}  {platform}  {seller}  {species}  {url}  id: {id}").format(
                due=row["followup_due"],
                reported=row["reported_on"] or "-",
                platform=row["platform"],
                seller=row["seller_handle"] or "-",
                species=row["species_names"] or "-",
                url=row["url"] or "-",
                id=row["id"],
            )
        )


@followup.command("record")
@click.argument("record_id")
@click.argument("outcome", type=click.Choice(["still_online", "removed", "account_locked", "could_not_check"]))
@click.option("--on", "checked_on", callback=date_text_option, help="Day of the check (default: today).")
@click.pass_obj
def followup_record(app, record_id, outcome, checked_on):
    """Record the outcome of a follow-up check."""
    from desktop.intel.followup import outcome_label, record_outcome

    record = record_outcome(app.store(), record_id, outcome, checked_on or "", app.settings)
    click.echo(
        _("Recorded: {outcome} on {day}.").format(outcome=outcome_label(outcome), day=record.followup_checked_on)
    )


@followup.command("stats")
@click.option("--from", "date_from", callback=date_text_option, help="First report day (YYYY-MM-DD).")
@click.option("--to", "date_to", callback=date_text_option, help="Last report day (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def followup_stats(app, date_from, date_to, as_json):
    """Time from report to removal (median days) and reported adverts by follow-up state."""
    from desktop.intel.followup import removal_stats

    stats = removal_stats(app.store(), date_from or "", date_to or "")
    if as_json:
        echo_json(stats.__dict__)
        return
    if stats.median_days is None:
        click.echo(_("No reported advert has been found removed by a follow-up check yet."))
    else:
        click.echo(
            _("Removed or locked after a report: {n}; median {median} days (from {low} to {high}).").format(
                n=format_number(stats.closed),
                median=format_number(stats.median_days),
                low=format_number(stats.min_days),
                high=format_number(stats.max_days),
            )
        )
    for state, count in sorted(stats.counts.items()):
        click.echo(f"  {state}: {format_number(count)}")


# -- links ----------------------------------------------------------------------------------------
@click.group()
def links():
    """Suggested links between seller accounts; confirm or reject them."""


@links.command("suggest")
@click.option("--all", "include_decided", is_flag=True, help="Also list pairs already confirmed or rejected.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def links_suggest(app, include_decided, as_json):
    """Pairs of seller accounts that look linked, each with its reasons."""
    from desktop.intel.links import reason_text, suggest_links

    found = suggest_links(app.store(), include_decided)
    if as_json:
        echo_json([s.as_dict() for s in found])
        return
    if not found:
        click.echo(_("No linked seller accounts found."))
        return
    for suggestion in found:
        click.echo(
            f"{suggestion.account_a} — {suggestion.account_b}"
            + ("" if suggestion.status == "pending" else f"  [{suggestion.status}]")
        )
        for reason in suggestion.reasons:
            click.echo(f"    {reason_text(reason)}")


@links.command("confirm")
@click.argument("account_a")
@click.argument("account_b")
@click.option("--network", "network_name", default="", help="Name of the seller network to put them in.")
@click.pass_obj
def links_confirm(app, account_a, account_b, network_name):
    """Confirm that two seller accounts are linked."""
    from desktop.intel.networks import confirm_link

    net = confirm_link(app.store(), account_a, account_b, network_name)
    click.echo(
        _("Linked. Network '{name}' now has {n} accounts: {accounts}").format(
            name=net.name, n=format_number(len(net.accounts)), accounts=", ".join(net.accounts)
        )
    )


@links.command("reject")
@click.argument("account_a")
@click.argument("account_b")
@click.pass_obj
def links_reject(app, account_a, account_b):
    """Record that two seller accounts are not linked."""
    from desktop.intel.networks import reject_link

    row = reject_link(app.store(), account_a, account_b)
    click.echo(_("Rejected the link between {a} and {b}.").format(a=row["account_a"], b=row["account_b"]))


# -- networks -------------------------------------------------------------------------------------
@click.group()
def network():
    """Seller networks and the trade graph."""


@network.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
def network_list(app, as_json):
    """Seller networks and their accounts."""
    from desktop.intel.networks import networks

    items = networks(app.store())
    if as_json:
        echo_json([n.as_dict() for n in items])
        return
    if not items:
        click.echo(_("No seller networks yet."))
    for item in items:
        click.echo(f"{item.name}: {', '.join(item.accounts)}")


@network.command("rename")
@click.argument("name")
@click.argument("new_name")
@click.pass_obj
def network_rename(app, name, new_name):
    """Rename a seller network."""
    from desktop.intel.networks import rename_network

    net = rename_network(app.store(), name, new_name)
    click.echo(_("Renamed the network to '{name}'.").format(name=net.name))


@network.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["graphml"]),
    default="graphml",
    show_default=True,
    help="File format (GraphML opens in Gephi).",
)
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Write the file here.")
@click.option("--from", "date_from", callback=date_text_option, help="Only adverts from this day (YYYY-MM-DD).")
@click.option("--to", "date_to", callback=date_text_option, help="Only adverts up to this day (YYYY-MM-DD).")
@click.option("--species", "species_id", default="", help="Only adverts of this species (reference id).")
@click.pass_obj
def network_export(app, fmt, out, date_from, date_to, species_id):
    """Export the trade graph: accounts, groups, platforms and species, adverts as edges."""
    from desktop.intel.graph import export_graphml, summary, trade_graph

    graph = trade_graph(app.store(), date_from or "", date_to or "", species_id)
    path = export_graphml(graph, out)
    info = summary(graph)
    click.echo(
        _("Wrote {path} (nodes: {nodes}, edges: {edges}, connected groups: {components}).").format(
            path=path,
            nodes=format_number(info.nodes),
            edges=format_number(info.edges),
            components=format_number(info.components),
        )
    )
