"""Effort-normalised monitoring figures, computed in SQL (``desktop.db.intel_sql``).

Raw advert counts mostly measure how hard a team looked. Beside them, these
figures divide the adverts found in monitoring sessions by the time spent:

* per platform and per month: sessions, hours searched, adverts found in those
  sessions, adverts found per hour and per session, and every advert recorded
  in the period (the raw count, including adverts not linked to a session);
* per keyword: how many sessions searched it, the hours spent on it (each
  session's time shared equally among its keywords), adverts found with it,
  adverts per search and per hour;
* prune candidates: keywords searched at least ``min_searches`` times that
  never found an advert, and listed keywords never searched.

A session's adverts are the observations whose ``session_id`` names it; the
period applies to the session date (and to the advert date for raw counts).
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.intel.keywords import keyword_list

MIN_SEARCHES_TO_PRUNE = 3


@dataclass
class Effort:
    date_from: str
    date_to: str
    totals: dict
    by_platform: list[dict]
    by_month: list[dict]
    by_keyword: list[dict]
    prune: list[str]  # searched often enough, never found anything
    never_searched: list[str]  # on the list for the chosen language, not searched in the period

    def as_dict(self) -> dict:
        return {
            "from": self.date_from,
            "to": self.date_to,
            "totals": self.totals,
            "by_platform": self.by_platform,
            "by_month": self.by_month,
            "by_keyword": self.by_keyword,
            "prune": self.prune,
            "never_searched": self.never_searched,
        }


def _hours(rows: list[dict]) -> list[dict]:
    for row in rows:
        row["hours"] = round((row.get("minutes") or 0) / 60, 2)
    return rows


def effort(
    store, date_from: str = "", date_to: str = "", language: str = "", min_searches: int = MIN_SEARCHES_TO_PRUNE
) -> Effort:
    """The effort figures for sessions in the period (every session when no dates are given)."""
    totals = store.queries.intel.effort_totals(date_from, date_to)
    totals["hours"] = round(totals["minutes"] / 60, 2)
    totals["per_hour"] = round(totals["found"] * 60 / totals["minutes"], 2) if totals["minutes"] else None
    by_keyword = _hours(store.queries.intel.effort_by_keyword(date_from, date_to))
    prune = [row["keyword"] for row in by_keyword if row["searches"] >= min_searches and not row["found"]]
    never: list[str] = []
    if language:
        searched = {row["keyword"] for row in by_keyword if row["searches"]}
        never = [k.keyword for k in keyword_list(store, language) if k.keyword not in searched]
    return Effort(
        date_from,
        date_to,
        totals,
        _hours(store.queries.intel.effort_by_platform(date_from, date_to)),
        _hours(store.queries.intel.effort_by_month(date_from, date_to)),
        by_keyword,
        prune,
        never,
    )
