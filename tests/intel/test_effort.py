"""Monitoring sessions and effort-normalised figures on a fixed dataset (worked out in tests/intel/dataset.py)."""

from __future__ import annotations

import pytest

from desktop.errors import RecordNotFound, ValidationFailed
from desktop.intel.effort import effort
from desktop.intel.keywords import add_keyword, generated_rows, keyword_list, remove_keyword, shipped_keywords
from desktop.intel.sessions import MonitoringSession, get_session, list_sessions, save_session, validate_session
from tests.intel.dataset import build_effort


def by_key(rows, key="key"):
    return {row[key]: row for row in rows}


def test_effort_by_platform_month_and_keyword(store):
    build_effort(store)
    figures = effort(store, min_searches=2)
    assert figures.totals == {
        "sessions": 4,
        "minutes": 270,
        "found": 7,
        "adverts_without_session": 2,
        "hours": 4.5,
        "per_hour": 1.56,
    }
    platform = by_key(figures.by_platform)
    assert platform["facebook"] == {
        "key": "facebook",
        "sessions": 2,
        "minutes": 180,
        "found": 4,
        "all_adverts": 6,
        "per_hour": 1.33,
        "per_session": 2.0,
        "hours": 3.0,
    }
    assert platform["shopee"] == {
        "key": "shopee",
        "sessions": 2,
        "minutes": 90,
        "found": 3,
        "all_adverts": 3,
        "per_hour": 2.0,
        "per_session": 1.5,
        "hours": 1.5,
    }
    assert platform["tokopedia"]["sessions"] == 0 and platform["tokopedia"]["all_adverts"] == 1
    assert platform["tokopedia"]["per_hour"] is None
    month = by_key(figures.by_month)
    assert (
        month["2026-03"]["sessions"],
        month["2026-03"]["minutes"],
        month["2026-03"]["found"],
        month["2026-03"]["all_adverts"],
        month["2026-03"]["per_hour"],
    ) == (2, 180, 4, 4, 1.33)
    assert (
        month["2026-04"]["sessions"],
        month["2026-04"]["minutes"],
        month["2026-04"]["found"],
        month["2026-04"]["all_adverts"],
        month["2026-04"]["per_hour"],
    ) == (2, 90, 3, 6, 2.0)
    assert [row["keyword"] for row in figures.by_keyword] == ["murai batu", "sisik", "jual murai", "cod", "trenggiling"]
    keyword = by_key(figures.by_keyword, "keyword")
    assert keyword["murai batu"] == {
        "keyword": "murai batu",
        "searches": 3,
        "minutes": 100.0,
        "found": 4,
        "per_search": 1.33,
        "per_hour": 2.4,
        "hours": 1.67,
    }
    assert (keyword["sisik"]["found"], keyword["sisik"]["per_hour"]) == (2, 4.0)
    assert (keyword["jual murai"]["minutes"], keyword["jual murai"]["per_hour"]) == (40.0, 1.5)
    assert (keyword["cod"]["searches"], keyword["cod"]["found"], keyword["cod"]["per_search"]) == (2, 0, 0.0)
    assert figures.prune == ["cod"]  # searched twice, found nothing (O10 is deleted)
    assert effort(store).prune == []  # the default asks for three searches


def test_effort_in_a_period(store):
    build_effort(store)
    figures = effort(store, "2026-04-01", "2026-04-30")
    assert figures.totals["sessions"] == 2 and figures.totals["found"] == 3
    platform = by_key(figures.by_platform)
    assert (platform["shopee"]["sessions"], platform["shopee"]["found"], platform["shopee"]["all_adverts"]) == (2, 3, 3)
    assert (platform["facebook"]["sessions"], platform["facebook"]["all_adverts"]) == (0, 2)  # O8, O11
    assert [row["keyword"] for row in figures.by_keyword] == ["sisik", "murai batu", "cod"]


def test_sessions_list_and_envelope(store):
    data = build_effort(store)
    rows = list_sessions(store)
    assert [r["id"] for r in rows] == [data[k].id for k in ("S4", "S3", "S2", "S1")]  # newest first, S5 deleted
    assert rows[0]["minutes"] == 60 and rows[0]["adverts"] == 2
    s1 = get_session(store, data["S1"].id)
    assert s1.keywords == ["jual murai", "murai batu", "cod"]
    assert len(s1.id) == 36 and s1.revision == 1 and s1.created_at.endswith("Z")
    assert s1.device_id == store.device_id and s1.officer_name == "Test Officer" and s1.officer == "Test Officer"
    assert get_session(store, data["S5"].id).deleted is True
    history = store.history(data["S5"].id)
    assert [h["action"] for h in history] == ["create", "delete"]
    assert store.verify_audit().ok
    with pytest.raises(RecordNotFound):
        get_session(store, "nope")


def test_session_validation(store, ref):
    bad = MonitoringSession(
        platform="myspace", session_date="2099-01-01", start_time="9", end_time="10:00", keywords=[" "]
    )
    assert {p.field for p in validate_session(bad, ref)} == {"platform", "session_date", "start_time", "keywords"}
    same = MonitoringSession(
        platform="facebook", session_date="2026-01-01", start_time="10:00", end_time="10:00", keywords=["jual"]
    )
    assert [p.field for p in validate_session(same, ref)] == ["end_time"]
    with pytest.raises(ValidationFailed) as caught:
        save_session(store, bad)
    assert len(caught.value.problems) == 4
    assert MonitoringSession(start_time="23:30", end_time="00:30").minutes() == 60


def test_keyword_list_is_shipped_and_editable(store, ref):
    shipped = shipped_keywords(ref)
    assert {"keyword": "jual", "language": "id", "kind": "sale", "species_id": ""} in shipped
    assert any(row["keyword"] == "murai batu" and row["species_id"] == "kittacincla-malabarica" for row in shipped)
    assert shipped == generated_rows(ref)  # the shipped CSV is what the generator gives
    assert {row["species_id"] for row in shipped if row["species_id"]} <= {s.id for s in ref.species}
    words = [k.keyword for k in keyword_list(store, "id")]
    assert "jual" in words and "dijual" in words and "cod" in words and "trenggiling" in words
    assert "for sale" not in words and "for sale" in [k.keyword for k in keyword_list(store, "en")]
    assert add_keyword(store, "id", "  Burung   KICAU ") == "burung kicau"
    remove_keyword(store, "id", "cod")
    words = {k.keyword: k.origin for k in keyword_list(store, "id")}
    assert words["burung kicau"] == "added" and "cod" not in words
    add_keyword(store, "id", "COD")
    assert "cod" in [k.keyword for k in keyword_list(store, "id")]
    remove_keyword(store, "id", "burung kicau")
    assert "burung kicau" not in [k.keyword for k in keyword_list(store, "id")]
