"""The "Monitoring effort" section of the monitoring summary: effort-normalised figures
(``desktop.intel.effort``) beside the raw advert counts, and the keywords that find nothing.

``effort_figures`` gives the numbers (the ``effort`` key of the summary figures and of
``pantau report summary --json``); ``effort_story`` lays them out for the PDF.
"""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Spacer

from desktop.i18n import _, format_date, format_number
from desktop.reports import labels
from desktop.reports.pdf_base import data_table, para

KEYWORD_ROWS = 40


def rate(value) -> str:
    """A per-hour or per-session figure, with up to two decimals; a dash when there was no time."""
    return "–" if value is None else format_number(round(value, 2))


def _month(key: str) -> str:
    try:
        return format_date(dt.date(int(key[:4]), int(key[5:7]), 1), "MMM yyyy")
    except (TypeError, ValueError):
        return key or "–"


def _totals_table(t: dict, width: float, st: dict):
    rows = [
        [_("Monitoring sessions"), format_number(t["sessions"])],
        [_("Hours searched"), format_number(t["hours"])],
        [_("Adverts found in sessions"), format_number(t["found"])],
        [_("Adverts found per hour"), rate(t["per_hour"])],
        [_("Adverts recorded without a session"), format_number(t["adverts_without_session"])],
    ]
    return data_table([_("Figure"), _("Number")], rows, [width * 0.6, width * 0.4], numeric={1}, st=st)


def _breakdown_table(first: str, rows: list[dict], name, width: float, st: dict):
    header = [
        first,
        _("Sessions"),
        _("Hours"),
        _("Adverts found"),
        _("Per hour"),
        _("Per session"),
        _("All adverts recorded"),
    ]
    body = [
        [
            name(r["key"]),
            format_number(r["sessions"]),
            format_number(r["hours"]),
            format_number(r["found"]),
            rate(r["per_hour"]),
            rate(r["per_session"]),
            format_number(r["all_adverts"]),
        ]
        for r in rows
    ]
    return data_table(header, body, [width * 0.22] + [width * 0.13] * 6, numeric={1, 2, 3, 4, 5, 6}, st=st)


def _keyword_rows(e: dict) -> list[dict]:
    """The most productive keywords, then every prune candidate (so none is cut off)."""
    prune = set(e["prune"])
    rows = [r for r in e["by_keyword"] if r["keyword"] not in prune][:KEYWORD_ROWS]
    return rows + [r for r in e["by_keyword"] if r["keyword"] in prune]


def _keyword_table(e: dict, width: float, st: dict):
    prune = set(e["prune"])
    body = [
        [
            r["keyword"],
            format_number(r["searches"]),
            format_number(r["hours"]),
            format_number(r["found"]),
            rate(r["per_search"]),
            rate(r["per_hour"]),
            _("Candidate to prune") if r["keyword"] in prune else "",
        ]
        for r in _keyword_rows(e)
    ]
    header = [_("Keyword"), _("Searches"), _("Hours"), _("Adverts found"), _("Per search"), _("Per hour"), _("Note")]
    return data_table(
        header, body, [width * 0.24] + [width * 0.11] * 5 + [width * 0.21], numeric={1, 2, 3, 4, 5}, st=st
    )


def effort_story(e: dict, ref, width: float, st: dict, whole_scope: bool = True) -> list:
    """The section for the figures of ``effort_figures``; one sentence when there were no sessions.

    ``whole_scope`` is False when the report is limited to a country or platform: sessions
    are not, so the section says it covers every session of the period."""
    story: list = [CondPageBreak(60 * mm), para(_("Monitoring effort"), st["h2"])]
    if not e["totals"]["sessions"]:
        story.append(
            para(
                _("No monitoring sessions were recorded in this period, so there are no effort figures."),
                st["narrative"],
            )
        )
        return story
    story.append(
        para(
            _(
                "Raw advert counts mostly measure how hard the team looked. These figures divide the "
                "adverts found in monitoring sessions by the time spent searching."
            ),
            st["narrative"],
        )
    )
    if not whole_scope:
        story.append(
            para(
                _(
                    "Monitoring effort covers every session of the period, whatever the country or "
                    "platform chosen for this report."
                ),
                st["note"],
            )
        )
    story.append(_totals_table(e["totals"], width, st))
    names = labels.RefLabels(ref)
    story.append(
        KeepTogether(
            [
                para(_("Effort by platform"), st["h3"]),
                _breakdown_table(_("Platform"), e["by_platform"], lambda k: names.platform(k) if k else "–", width, st),
            ]
        )
    )
    story.append(
        KeepTogether(
            [para(_("Effort by month"), st["h3"]), _breakdown_table(_("Month"), e["by_month"], _month, width, st)]
        )
    )
    story.append(CondPageBreak(50 * mm))
    story.append(para(_("Keywords searched"), st["h3"]))
    story.append(
        para(
            _(
                "Keywords searched at least {n} times in the period that found no advert are marked as "
                "candidates to prune from the keyword list."
            ).format(n=format_number(e["min_searches_to_prune"])),
            st["note"],
        )
    )
    story.append(_keyword_table(e, width, st))
    if len(_keyword_rows(e)) < len(e["by_keyword"]):
        story.append(
            para(
                _("The {n} most productive keywords are shown; the JSON export has all {total}.").format(
                    n=format_number(KEYWORD_ROWS), total=format_number(len(e["by_keyword"]))
                ),
                st["note"],
            )
        )
    story.append(Spacer(1, 4))
    return story
