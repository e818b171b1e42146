"""Slow work a page starts shows in the one presenter (OperationPanel: progress bar, Cancel, Esc) and
ends with the page's message line: the dashboard's figures, the network page's graph and link
suggestions."""

from __future__ import annotations

from desktop.demo import fill
from desktop.i18n import format_number
from desktop.ui.operations import OperationRunner
from desktop.ui.pages.dashboard_page import DashboardPage
from desktop.ui.pages.network_page import NetworkPage
from desktop.ui.widgets.operation_panel import OperationPanel


def test_dashboard_figures_show_in_the_presenter(qtbot, store):
    fill(store, 200, seed=5)
    runner = OperationRunner()
    page = DashboardPage(store, runner=runner)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.panel.operation is None, timeout=20000)
    assert isinstance(page.panel, OperationPanel)
    with qtbot.waitSignal(page.panel.ended, timeout=20000):
        page.refresh()
        assert page.panel.progress.isVisible() and page.panel.cancel_button.isVisible()
        assert page.status.text() == "Calculating…"
    assert not page.panel.progress.isVisible() and " to " in page.status.text()
    assert page.last_figures is not None
    assert page.headline_labels["adverts"].text() == format_number(page.last_figures["adverts"])
    runner.wait_all()


def test_network_page_work_shows_in_its_presenters(qtbot, store):
    fill(store, 200, seed=5)
    runner = OperationRunner()
    page = NetworkPage(store, runner)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.graph_panel.ended, timeout=20000):
        page.show()  # the first visit draws the graph
        assert page.graph_panel.progress.isVisible() and page.status.text() == "Drawing the network…"
    assert page.status.text().startswith("Accounts:")
    with qtbot.waitSignal(page.links_panel.ended, timeout=20000):
        page.find_links()
        assert page.links_panel.cancel_button.isVisible() and not page.find_button.isEnabled()
        assert page.links_message.text() == "Looking for linked accounts…"
    assert page.find_button.isEnabled() and page.links_message.text() != "Looking for linked accounts…"
    runner.wait_all()
