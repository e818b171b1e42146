"""Monitoring effort in the summary PDF, in ``pantau report summary --json`` and on the dashboard,
on the fixed sessions of tests/intel/dataset.py (figures worked out there and in tests/intel/test_effort.py)."""

from __future__ import annotations

import json

from pypdf import PdfReader
from PySide6.QtCore import QDate

from desktop.cli import main
from desktop.i18n import _, set_language
from desktop.intel.sessions import MonitoringSession, save_session
from desktop.reports.summary_pdf import write_monitoring_summary
from desktop.ui.pages.dashboard_page import DashboardPage
from tests.intel.dataset import build_effort

PERIOD = ("2026-03-01", "2026-04-30")


def pdf_text(path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(str(path)).pages)


def cod_searched_again(store) -> None:
    """A third search for 'cod' (20 minutes) that finds nothing: cod becomes a candidate to prune."""
    save_session(
        store,
        MonitoringSession(
            platform="facebook", session_date="2026-04-25", start_time="10:00", end_time="10:20", keywords=["cod"]
        ),
    )


def effort_section(text: str) -> str:
    start = text.index(_("Monitoring effort"))
    return text[start : text.index(_("Definitions"), start)]


def test_effort_section_in_english(store, tmp_path):
    build_effort(store)
    path = tmp_path / "summary-en.pdf"
    f = write_monitoring_summary(store, path, *PERIOD)
    assert f["effort"]["totals"]["per_hour"] == 1.56
    section = effort_section(pdf_text(path))
    assert "Monitoring sessions 4" in section and "Hours searched 4.5" in section
    assert "Adverts found in sessions 7" in section and "Adverts found per hour 1.56" in section
    assert "Adverts recorded without a session 2" in section
    # platform: sessions, hours, adverts found, per hour, per session, all adverts recorded (the raw count)
    assert "Facebook 2 3 4 1.33 2 6" in section
    assert "Shopee 2 1.5 3 2 1.5 3" in section
    assert "Tokopedia 0 0 0 – – 1" in section
    assert "Mar 2026 2 3 4 1.33 2 4" in section and "Apr 2026 2 1.5 3 2 1.5 6" in section
    # keyword: searches, hours, adverts found, per search, per hour
    assert "murai batu 3 1.67 4 1.33 2.4" in section and "sisik 1 0.5 2 2 4" in section
    assert "Candidate to prune" not in section  # cod was searched only twice
    assert "whatever the country or platform" not in section


def test_effort_section_in_bahasa_indonesia_marks_the_keyword_to_prune(store, tmp_path):
    build_effort(store)
    cod_searched_again(store)
    set_language("id")
    path = tmp_path / "summary-id.pdf"
    write_monitoring_summary(store, path, *PERIOD, country="ID")
    section = effort_section(pdf_text(path))
    assert "Per jam" in section and "Per sesi" in section and "Kata kunci" in section
    # five sessions, 290 minutes, seven adverts: 7 × 60 / 290 = 1.45 an hour
    assert f"{_('Adverts found per hour')} 1,45" in section and f"{_('Hours searched')} 4,83" in section
    assert "Facebook 3 3,33 4 1,2 1,33 6" in section and "Shopee 2 1,5 3 2 1,5 3" in section
    assert "murai batu 3 1,67 4 1,33 2,4" in section
    assert f"cod 3 1,5 0 0 0 {_('Candidate to prune')}" in section
    assert (
        _(
            "Monitoring effort covers every session of the period, whatever the country or platform chosen "
            "for this report."
        )
        in section
    )


def test_no_sessions_in_the_period_is_one_sentence(store, tmp_path):
    build_effort(store)
    path = tmp_path / "none.pdf"
    f = write_monitoring_summary(store, path, "2025-01-01", "2025-12-31")
    assert f["effort"]["totals"]["sessions"] == 0
    section = effort_section(pdf_text(path))
    assert "No monitoring sessions were recorded in this period, so there are no effort figures." in section
    assert "Effort by platform" not in section and "Per hour" not in section


def test_summary_json_has_the_effort_numbers(store, home, tmp_path, capsys):
    build_effort(store)
    cod_searched_again(store)
    code = main(["--home", str(home.root), "report", "summary", "--from", PERIOD[0], "--to", PERIOD[1], "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    e = out["effort"]
    assert e["totals"] == {
        "sessions": 5,
        "minutes": 290,
        "found": 7,
        "adverts_without_session": 2,
        "hours": 4.83,
        "per_hour": 1.45,
    }
    platform = {row["key"]: row for row in e["by_platform"]}
    assert (platform["facebook"]["per_hour"], platform["facebook"]["per_session"]) == (1.2, 1.33)
    assert (platform["shopee"]["per_hour"], platform["tokopedia"]["per_hour"]) == (2.0, None)
    keyword = {row["keyword"]: row for row in e["by_keyword"]}
    assert (keyword["murai batu"]["per_search"], keyword["murai batu"]["per_hour"]) == (1.33, 2.4)
    assert e["prune"] == ["cod"] and e["min_searches_to_prune"] == 3
    assert (e["from"], e["to"]) == PERIOD
    assert out["adverts"] == 10  # the raw count stays beside the effort figures


def _dashboard(qtbot, store):
    page = DashboardPage(store)
    qtbot.addWidget(page)
    page.resize(1100, 900)
    page.date_from.setDate(QDate.fromString(PERIOD[0], "yyyy-MM-dd"))
    page.date_to.setDate(QDate.fromString(PERIOD[1], "yyyy-MM-dd"))
    page.show()
    return page


def _effort_bars(page) -> tuple[list[str], list[float]]:
    chart = page.charts["effort"].chart()
    bars = chart.series()[0].barSets()[0]
    return chart.axes()[0].categories(), [round(bars.at(i), 2) for i in range(bars.count())]


def test_dashboard_shows_adverts_per_hour(qtbot, store, tmp_path):
    build_effort(store)
    page = _dashboard(qtbot, store)
    assert page.last_figures["effort"]["totals"]["per_hour"] == 1.56
    assert page.effort_summary.text() == (
        "Monitoring effort: 1.56 adverts found per hour (7 adverts in 4.5 hours of 4 sessions)."
    )
    assert _effort_bars(page) == (["Shopee  2", "Facebook  1.33"], [2.0, 1.33])  # first platform on top
    assert page.grab().save(str(tmp_path / "dashboard-en.png"))


def test_dashboard_effort_in_bahasa_indonesia_and_without_sessions(qtbot, store, tmp_path):
    build_effort(store)
    set_language("id")
    page = _dashboard(qtbot, store)
    assert "1,56" in page.effort_summary.text() and "4,5" in page.effort_summary.text()
    assert _effort_bars(page)[0] == ["Shopee  2", "Facebook  1,33"]
    assert page.grab().save(str(tmp_path / "dashboard-id.png"))
    page.date_from.setDate(QDate.fromString("2025-01-01", "yyyy-MM-dd"))
    page.date_to.setDate(QDate.fromString("2025-12-31", "yyyy-MM-dd"))
    assert page.effort_summary.text() == _(
        "No monitoring sessions were recorded in this period, so there are no effort figures."
    )
    assert _effort_bars(page) == ([""], [])
