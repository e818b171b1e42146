"""The dashboard (QtCharts) and the reports page, driven with pytest-qt."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCharts import QChartView
from PySide6.QtCore import QDate
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from desktop.ui.operations import OperationRunner
from desktop.ui.pages.dashboard_page import DashboardPage
from desktop.ui.pages.reports_page import ReportsPage
from tests.reports.dataset import PERIOD


def _set_period(page, start: str, end: str) -> None:
    for edit, text in ((page.date_from, start), (page.date_to, end)):
        day = dt.date.fromisoformat(text)
        edit.blockSignals(True)
        edit.setDate(QDate(day.year, day.month, day.day))
        edit.blockSignals(False)


def test_dashboard_shows_the_figures_and_charts(qtbot, store, dataset, tmp_path):
    page = DashboardPage(store)
    qtbot.addWidget(page)
    page.resize(1100, 900)
    page.show()
    _set_period(page, *PERIOD)
    page.refresh()
    assert page.last_figures["adverts"] == 6
    texts = {key: label.text() for key, label in page.headline_labels.items()}
    assert texts["adverts"] == "6" and texts["live_individuals"] == "22" and texts["seizures"] == "3"
    assert texts["reported"] == "4" and texts["removed"] == "3" and texts["accounts_locked"] == "1"
    platform_chart = page.charts["platforms"].chart()
    bars = platform_chart.series()[0].barSets()[0]
    assert [bars.at(i) for i in range(bars.count())] == [1.0, 2.0, 3.0]  # tokopedia, shopee, facebook (top)
    pie = page.charts["taxa"].chart().series()[0]
    assert sorted(s.label() for s in pie.slices()) == ["Birds 20%", "Mammals 60%", "Reptiles 20%"]
    funnel = page.charts["funnel"].chart().series()[0].barSets()[0]
    assert [funnel.at(i) for i in range(4)] == [1.0, 3.0, 4.0, 6.0]
    months = page.charts["seizures"].chart().series()[0].barSets()[0]
    assert [months.at(i) for i in range(months.count())] == [0.0, 2.0, 0.0, 0.0, 0.0, 1.0]
    assert len(page.findChildren(QChartView)) == 6
    page.country.setCurrentIndex(page.country.findData("MY"))  # refreshes by itself
    assert page.last_figures["adverts"] == 2 and page.headline_labels["adverts"].text() == "2"
    qtbot.wait(50)
    assert page.grab().save(str(tmp_path / "dashboard.png"))


def test_dashboard_in_the_background(qtbot, store, dataset):
    runner = OperationRunner()
    page = DashboardPage(store, runner=runner)
    qtbot.addWidget(page)
    _set_period(page, *PERIOD)
    page.refresh()
    qtbot.waitUntil(lambda: page.last_figures is not None, timeout=20000)
    assert page.headline_labels["species"].text() == "6 (1 not verified)"
    runner.wait_all()


def test_reports_page_runs_a_report_and_an_export(qtbot, store, dataset, tmp_path):
    runner = OperationRunner()
    page = ReportsPage(store, runner)
    page.open_when_done = False
    qtbot.addWidget(page)
    page.summary_from.setDate(QDate(2025, 4, 1))
    page.summary_to.setDate(QDate(2025, 9, 30))
    out = tmp_path / "summary.pdf"
    page.report_file.edit.setText(str(out))
    with qtbot.waitSignal(page.finished, timeout=60000) as blocker:
        page.create_report()
        assert page.cancel_button.isVisible() or page.operation is not None
    assert out.exists() and str(out) in blocker.args[0]
    assert page.last_result["adverts"] == 6 and page.report_button.isEnabled()

    page.export_format.setCurrentIndex(page.export_format.findData("cites-aitr"))
    page.export_year.setValue(2025)
    page.export_country.setCurrentIndex(page.export_country.findData("ID"))
    page.export_file.edit.setText(str(tmp_path / "aitr.xlsx"))
    with qtbot.waitSignal(page.finished, timeout=60000):
        page.export_data()
    assert page.last_result["rows"] == 3 and (tmp_path / "aitr.xlsx").exists()

    bad = tmp_path / "bad.csv"
    bad.write_text("observed_at,platform,country,species_id\n2025-01-02,nowhere,ID,manis-javanica\n", encoding="utf-8")
    page.import_file.edit.setText(str(bad))
    with qtbot.waitSignal(page.finished, timeout=60000) as blocker:
        page.import_data(dry_run=True)
    assert "Nothing was imported" in blocker.args[0]
    assert "Column platform, value 'nowhere' (error; row 2)" in page.problems.toPlainText()
    runner.wait_all()


def test_reports_page_cancel(qtbot, store, dataset, tmp_path):
    runner = OperationRunner()
    page = ReportsPage(store, runner)
    page.open_when_done = False
    qtbot.addWidget(page)
    page.report_file.edit.setText(str(tmp_path / "cancelled.pdf"))
    with qtbot.waitSignal(page.finished, timeout=60000) as blocker:
        page.create_report()
        page.cancel()
    assert blocker.args[0] in ("Cancelled.", "Written: " + str(tmp_path / "cancelled.pdf"))
    assert page.operation is None and page.report_button.isEnabled()
    runner.wait_all()


def test_dashboard_figures_follow_the_text_size(qtbot, store, dataset):
    """Settings → Text size changes the application font; the figures, charts and their fonts follow it."""
    app = QApplication.instance()
    base = QFont(app.font())
    page = DashboardPage(store)
    qtbot.addWidget(page)
    _set_period(page, *PERIOD)
    page.refresh()
    figure = page.headline_labels["live_individuals"]
    small, chart_height = figure.font().pointSizeF(), page.charts["species"].minimumHeight()
    assert small == pytest.approx(1.7 * page.font().pointSizeF())
    larger = QFont(base)
    larger.setPointSizeF(base.pointSizeF() * 1.5)
    try:
        app.setFont(larger)
        qtbot.waitUntil(lambda: figure.font().pointSizeF() == pytest.approx(1.5 * small), timeout=5000)
        assert page.charts["species"].minimumHeight() > chart_height
        axis = page.charts["platforms"].chart().axes()[0]
        assert axis.labelsFont().pointSizeF() == pytest.approx(0.75 * larger.pointSizeF())
        page.resize(page.sizeHint().expandedTo(page.minimumSizeHint()))
        page.show()
        qtbot.waitExposed(page)
        for label in page.headline_labels.values():  # nothing clipped
            assert label.width() >= label.sizeHint().width() and label.height() >= label.sizeHint().height()
    finally:
        app.setFont(base)
    qtbot.waitUntil(lambda: figure.font().pointSizeF() == pytest.approx(small), timeout=5000)
