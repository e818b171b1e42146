"""The monitoring summary PDF: narrative, headline figures, tables and charts for a period."""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Spacer

from desktop.i18n import _, format_date, format_number, format_percent
from desktop.progress import Progress
from desktop.reports import charts, fx, labels
from desktop.reports.effort_section import effort_story
from desktop.reports.figures import summary_figures
from desktop.reports.narrative import money, period_dates, summary_paragraph
from desktop.reports.pdf_base import ReportMeta, build_pdf, data_table, frame_width, para, styles
from desktop.training import is_training


def _n(value) -> str:
    return format_number(value)


def headline_rows(f: dict) -> list[tuple[str, str]]:
    return [
        (_("Adverts recorded"), _n(f["adverts"])),
        (_("Platforms"), _n(f["platforms"])),
        (_("Seller accounts"), _n(f["seller_accounts"])),
        (_("Groups and pages"), _n(f["groups"])),
        (_("Live individuals offered"), _n(f["live_individuals"])),
        (_("Offers of parts and products"), _n(f["parts"])),
        (_("Species"), _n(f["species"])),
        (_("of which named only in words (not verified)"), _n(f["species_unidentified"])),
        (_("Adverts reported to the platforms"), _n(f["reported"])),
        (_("Adverts removed"), _n(f["removed"])),
        (_("Seller accounts locked"), _n(f["accounts_locked"])),
        (_("Seizures"), _n(f["seizures"]["count"])),
    ]


def _headline_table(f: dict, width: float, st: dict):
    rows = headline_rows(f)
    half = (len(rows) + 1) // 2
    left, right = rows[:half], rows[half:]
    grid = []
    for i in range(half):
        a = left[i]
        b = right[i] if i < len(right) else ("", "")
        grid.append([a[0], a[1], b[0], b[1]])
    widths = [width * 0.33, width * 0.14, width * 0.39, width * 0.14]
    return data_table([_("Figure"), _("Number"), _("Figure"), _("Number")], grid, widths, numeric={1, 3}, st=st)


def _month_label(month: str) -> str:
    return format_date(dt.date(int(month[:4]), int(month[5:7]), 1), "MMM yy")


def monitoring_story(f: dict, ref, width: float, st: dict | None = None) -> list:
    st = st or styles()
    names = labels.RefLabels(ref)
    country = names.country(f["country"]) if f["country"] else ""
    start, end = period_dates(f)
    story: list = [para(_("Online wildlife trade monitoring summary"), st["title"])]
    scope = [_("{start} to {end}").format(start=start, end=end)]
    scope.append(_("Country: {name}").format(name=country) if country else _("All countries"))
    if f["platform"]:
        scope.append(_("Platform: {name}").format(name=names.platform(f["platform"])))
    story.append(para(" · ".join(scope), st["subtitle"]))

    story.append(para(_("Summary"), st["h2"]))
    story.append(para(summary_paragraph(f, country), st["narrative"]))
    story.append(_headline_table(f, width, st))

    platforms = list(f["by_platform"].items())
    story.append(CondPageBreak(60 * mm))
    story.append(para(_("Adverts by platform"), st["h2"]))
    story.append(
        charts.horizontal_bars(
            [p["name"] for _k, p in platforms],
            [p["adverts"] for _k, p in platforms],
            width,
            [_n(p["adverts"]) for _k, p in platforms],
            label_share=0.25,
        )
    )
    story.append(Spacer(1, 4))
    story.append(
        data_table(
            [_("Platform"), _("Adverts"), _("Reported"), _("Removed"), _("Accounts locked"), _("Live individuals")],
            [
                [
                    p["name"],
                    _n(p["adverts"]),
                    _n(p["reported"]),
                    _n(p["removed"]),
                    _n(p["accounts_locked"]),
                    _n(p["live_individuals"]),
                ]
                for _k, p in platforms
            ],
            [width * 0.3] + [width * 0.14] * 5,
            numeric={1, 2, 3, 4, 5},
            st=st,
        )
    )

    story.append(
        KeepTogether(
            [
                para(_("Reporting to the platforms"), st["h2"]),
                charts.horizontal_bars(
                    [_("Adverts recorded"), _("Reported"), _("Removed after reporting"), _("Account locked")],
                    [f["adverts"], f["reported"], f["reported_removed"], f["reported_locked"]],
                    width,
                    [_n(v) for v in (f["adverts"], f["reported"], f["reported_removed"], f["reported_locked"])],
                    bar_height=16,
                    label_share=0.3,
                    color=charts.PALETTE[2],
                ),
            ]
        )
    )

    groups = list(f["species_by_taxon_group"].items())
    story.append(
        KeepTogether(
            [
                para(_("Species by taxonomic group"), st["h2"]),
                charts.share_bar(
                    [labels.taxon_group(g) for g, _v in groups],
                    [v["share"] for _g, v in groups],
                    width,
                    [format_percent(v["share"]) for _g, v in groups],
                ),
                Spacer(1, 4),
                data_table(
                    [_("Group"), _("Species"), _("Share")],
                    [[labels.taxon_group(g), _n(v["species"]), format_percent(v["share"])] for g, v in groups],
                    [width * 0.5, width * 0.25, width * 0.25],
                    numeric={1, 2},
                    st=st,
                ),
            ]
        )
    )

    order = list(labels.PROTECTION)
    status = sorted(
        f["species_by_protection"].items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)
    )
    where = country or _("each advert's own country")
    story.append(
        KeepTogether(
            [
                para(_("Species by protection status"), st["h2"]),
                para(
                    _("Status under national law in {where}, on the date of each advert.").format(where=where),
                    st["note"],
                ),
                data_table(
                    [_("Status"), _("Species")],
                    [[labels.protection(k), _n(v)] for k, v in status],
                    [width * 0.6, width * 0.4],
                    numeric={1},
                    st=st,
                ),
            ]
        )
    )

    top = f["top_species"]
    story.append(CondPageBreak(70 * mm))
    story.append(para(_("Species most offered alive"), st["h2"]))
    live_top = [s for s in top if s["live_individuals"]]
    story.append(
        charts.horizontal_bars(
            [labels.species_label(s) for s in live_top],
            [s["live_individuals"] for s in live_top],
            width,
            [_n(s["live_individuals"]) for s in live_top],
            label_share=0.35,
            color=charts.PALETTE[1],
        )
    )
    story.append(Spacer(1, 4))
    story.append(
        data_table(
            [_("Species"), _("Scientific name"), _("Live individuals"), _("Adverts"), _("Offers of parts")],
            [
                [s["name"], s["scientific_name"], _n(s["live_individuals"]), _n(s["adverts"]), _n(s["part_lines"])]
                for s in top
            ],
            [width * 0.28, width * 0.3, width * 0.15, width * 0.12, width * 0.15],
            numeric={2, 3, 4},
            st=st,
        )
    )

    prices = f["price_range_by_species"]
    story.append(CondPageBreak(50 * mm))
    story.append(para(_("Asking prices by species"), st["h2"]))
    story.append(
        para(
            _("Prices of adverts offering a single species, as asked in the advert. {rates}").format(
                rates=fx.source_text(f["rates_source"])
            ),
            st["note"],
        )
    )
    story.append(
        data_table(
            [_("Species"), _("Adverts"), _("Lowest"), _("Highest"), _("Lowest (USD)"), _("Highest (USD)")],
            [
                [
                    p["name"] or p["scientific_name"],
                    _n(p["adverts"]),
                    money(p["min"], p["currency"]),
                    money(p["max"], p["currency"]),
                    money(p["min_usd"], "USD") or "–",
                    money(p["max_usd"], "USD") or "–",
                ]
                for p in prices[:25]
            ],
            [width * 0.27, width * 0.09, width * 0.17, width * 0.17, width * 0.15, width * 0.15],
            numeric={1, 2, 3, 4, 5},
            st=st,
        )
    )
    if len(prices) > 25:
        story.append(
            para(
                _(
                    "The {n} species with the highest prices are shown; the JSON and data exports have all {total}."
                ).format(n=_n(25), total=_n(len(prices))),
                st["note"],
            )
        )

    months = f["seizures"]["by_month"]
    story.append(
        KeepTogether(
            [
                para(_("Seizures by month"), st["h2"]),
                charts.vertical_bars(
                    [_month_label(m) for m in months],
                    list(months.values()),
                    width,
                    height=140,
                    value_labels=[_n(v) for v in months.values()],
                    color=charts.PALETTE[3],
                ),
            ]
        )
    )
    if "effort" in f:
        story += effort_story(f["effort"], ref, width, st, whole_scope=not (f["country"] or f["platform"]))
    story.append(KeepTogether([para(_("Definitions"), st["h2"])] + [para(t, st["note"]) for t in definitions()]))
    return story


def definitions() -> list[str]:
    return [
        _("Adverts are the online observations dated in the period; deleted records are not counted."),
        _("Seller accounts and groups are counted once per platform, ignoring letter case."),
        _(
            "Live individuals add up the quantities of live specimens counted in specimens (no unit); parts and "
            "products are counted as offers."
        ),
        _(
            "Species count each listed species once, and each species named only in words once (names are "
            "grouped ignoring letter case and spacing); those are marked not verified until a coordinator links "
            "them to the species list."
        ),
        _(
            "Protection status: Malaysia means Peninsular Malaysia (Wildlife Conservation Act 2010); Sabah and "
            "Sarawak have their own laws."
        ),
    ]


def write_monitoring_summary(
    store,
    path,
    date_from,
    date_to,
    country: str | None = None,
    platform: str | None = None,
    progress: Progress | None = None,
) -> dict:
    """Compute the figures and write the monitoring summary PDF to ``path``; returns the figures."""

    outer = progress or Progress()  # the figures are all but the last step (writing the PDF)
    figure_progress = Progress(lambda done, total: outer(done, total + 1))
    f = summary_figures(store, date_from, date_to, country, platform, progress=figure_progress)
    meta = ReportMeta(
        title=_("Online wildlife trade monitoring summary"),
        database_id=store.device_id,
        training=is_training(store.home),
    )
    story = monitoring_story(f, store.ref, frame_width(meta))
    build_pdf(path, story, meta)
    if progress:
        progress(1, 1)
    return f
