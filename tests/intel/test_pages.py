"""The follow-up list, the network view and the sessions page, driven with pytest-qt; offscreen
screenshots of each in English and Bahasa Indonesia go to /tmp/pantau-shots/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import networkx as nx
import pytest
from PySide6.QtCore import Qt

from desktop.app_context import AppContext
from desktop.domain.records import SpeciesLine
from desktop.i18n import set_language
from desktop.intel.followup import record_outcome
from desktop.intel.networks import confirm_link
from desktop.intel.sessions import MonitoringSession, save_session
from desktop.ui.app import application
from desktop.ui.pages.followup_page import FollowupPage
from desktop.ui.pages.network_page import NetworkPage
from desktop.ui.pages.sessions_page import SessionsPage
from tests.intel.dataset import IMAGE_1, PANGOLIN, SHAMA, image, save

SHOTS = Path("/tmp/pantau-shots")
TODAY = dt.date.today()


def ago(days: int) -> str:
    return (TODAY - dt.timedelta(days=days)).isoformat()


def reported_adverts(store) -> dict:
    return {
        "oldest": save(
            store,
            seller_handle="kicau_jaya88",
            observed_at=ago(31),
            reported=True,
            reported_on=ago(30),
            url="https://www.facebook.com/groups/kicau/posts/1",
        ),
        "middle": save(
            store,
            seller_handle="sisik_murah",
            platform="shopee",
            observed_at=ago(13),
            reported=True,
            reported_on=ago(12),
            evidence=[image(IMAGE_1)],
            species=[SpeciesLine(species_id=PANGOLIN, specimen="part", quantity="2", term="SCA")],
        ),
        "later": save(
            store,
            seller_handle="reptil_nusantara",
            platform="tokopedia",
            observed_at=ago(3),
            reported=True,
            reported_on=ago(3),
        ),
        "closed": save(store, seller_handle="burung_lama", observed_at=ago(40), reported=True, reported_on=ago(40)),
    }


def trade_adverts(store) -> None:
    rows = [
        ("kicau_jaya88", "facebook", "Kicau Mania Bandung", [SHAMA], ["0812-3456-7890"]),
        ("kicau_jaya88", "facebook", "Kicau Mania Bandung", [SHAMA], []),
        ("kicau_jaya88", "facebook", "Jual Beli Burung Kicau Jabodetabek", [SHAMA], []),
        ("kj_backup", "instagram", "", [SHAMA], ["+62 812 3456 7890"]),
        ("sisik_murah", "shopee", "", [PANGOLIN], []),
        ("sisik_murah", "shopee", "", [PANGOLIN, SHAMA], []),
        ("satwa_langka_jatim", "facebook", "Satwa Langka Jual Cepat", ["nycticebus-javanicus"], []),
        ("satwa_langka_jatim", "facebook", "Satwa Langka Jual Cepat", ["cacatua-sulphurea"], []),
        ("reptil_nusantara", "tokopedia", "", ["malayopython-reticulatus"], []),
        ("kicau.jaya.88", "carousell", "", [SHAMA], []),
    ]
    for n, (handle, platform, group, species, contacts) in enumerate(rows):
        lines = [
            SpeciesLine(species_id=s) if store.ref.species_by_id(s) else SpeciesLine(other_name=s) for s in species
        ]
        save(
            store,
            seller_handle=handle,
            seller_name=handle.replace("_", " ").title(),
            platform=platform,
            group_name=group,
            species=lines,
            contacts=contacts,
            observed_at=ago(5 + n),
        )


def test_followup_list(qtbot, store, settings, home):
    application()
    data = reported_adverts(store)
    record_outcome(store, data["closed"].id, "removed", ago(36))
    page = FollowupPage(store, settings, home.settings_path)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    assert page.table.rowCount() == 2
    assert page.table.item(0, 4).text() == "kicau_jaya88" and page.table.item(1, 4).text() == "sisik_murah"
    assert page.table.item(0, 1).text() == "23"  # due 30 - 7 days ago
    assert page.table.item(0, 6).text() == "None" and page.table.item(1, 6).text() == "1"
    assert "median 4 days" in page.summary.text()
    with qtbot.waitSignal(page.record_requested) as opened:
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [data["oldest"].id]
    qtbot.mouseClick(page.outcome_buttons["removed"], Qt.MouseButton.LeftButton)
    assert page.table.rowCount() == 1 and page.table.item(0, 4).text() == "sisik_murah"
    assert store.get("observation", data["oldest"].id).removed is True
    assert "median" in page.summary.text() and "(2 adverts" in page.summary.text()
    qtbot.mouseClick(page.outcome_buttons["still_online"], Qt.MouseButton.LeftButton)
    assert page.table.rowCount() == 0 and "0 follow-ups due" in page.count_label.text()
    page.upcoming.setChecked(True)
    assert page.table.rowCount() == 2
    page.days.setValue(10)
    assert settings.extra["followup_days"] == 10
    assert AppContext.create(home=str(home.root)).settings.extra["followup_days"] == 10


def test_network_view(qtbot, store, tmp_path):
    application()
    trade_adverts(store)
    page = NetworkPage(store)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()  # the first showing draws the graph
    qtbot.waitExposed(page)
    assert page.graph is not None
    assert set(page.node_items) == set(page.shown.nodes) and "account:kicau_jaya88" in page.node_items
    assert "Accounts: 6;" in page.status.text()
    item = page.node_items["account:kicau_jaya88"]
    point = page.view.mapFromScene(item.scenePos())
    with qtbot.waitSignal(page.records_requested) as clicked:
        qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert clicked.args == ["kicau_jaya88"]

    page.species.setCurrentIndex(page.species.findData(PANGOLIN))
    page.redraw()
    assert {n for n, d in page.shown.nodes(data=True) if d["kind"] == "account"} == {"account:sisik_murah"}
    page.species.setCurrentIndex(0)
    page.redraw()

    qtbot.mouseClick(page.find_button, Qt.MouseButton.LeftButton)
    assert page.links_table.rowCount() == 2  # shared number; near-identical names
    accounts = {page.links_table.item(r, 0).text() for r in range(page.links_table.rowCount())}
    assert accounts == {"kicau_jaya88\nkj_backup", "kicau.jaya.88\nkicau_jaya88"}
    row = next(
        r for r in range(page.links_table.rowCount()) if page.links_table.item(r, 0).text().endswith("kj_backup")
    )
    assert "Same phone number +6281234567890" in page.links_table.item(row, 1).text()
    page.links_table.selectRow(row)
    page.network_name.setText("Jaringan Kicau")
    qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton)
    assert page.networks_list.item(0).text() == "Jaringan Kicau: kicau_jaya88, kj_backup"
    assert page.links_table.rowCount() == 1
    page.redraw()
    assert page.shown.edges["account:kicau_jaya88", "account:kj_backup"]["kind"] == "link"

    target = tmp_path / "net.graphml"
    page.export_to(str(target))
    assert nx.read_graphml(target).nodes["account:kj_backup"]["network"] == "Jaringan Kicau"


def test_sessions_page(qtbot, store):
    application()
    page = SessionsPage(store)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    page.keyword_language.setCurrentIndex(page.keyword_language.findData("id"))
    page.new_keyword.setText("Murai Medan")
    qtbot.keyClick(page.new_keyword, Qt.Key.Key_Return)
    assert "murai medan" in page.checked_keywords()
    page.start_time.setTime(page.start_time.time().fromString("08:00", "HH:mm"))
    page.end_time.setTime(page.end_time.time().fromString("09:15", "HH:mm"))
    page.save()
    assert page.sessions_table.rowCount() == 1
    assert page.sessions_table.item(0, 4).text() == "75" and page.sessions_table.item(0, 6).text() == "murai medan"
    assert "Sessions: 1" in page.totals.text()
    page.save()  # no keyword ticked now
    assert "at least one keyword" in page.form_message.text()
    page.sessions_table.selectRow(0)
    page.delete_current()
    assert page.sessions_table.rowCount() == 0


def test_pages_in_the_main_window(qtbot, home, settings):
    settings.save(home.ensure().settings_path)
    ctx = AppContext.create(home=str(home.root))
    application()
    from desktop.ui.app import create_main_window

    window = create_main_window(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.wait(100)  # let the window become active: shortcuts need it
    try:
        trade_adverts(window.store)
        qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
        assert window.current_page_key() == "sessions"
        qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
        assert window.current_page_key() == "followup"
        qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
        assert window.current_page_key() == "settings"
        window.show_page("network")
        window.pages["network"].records_requested.emit("sisik_murah")
        assert window.current_page_key() == "observations"
        observations = window.pages["observations"]
        assert observations.search.text() == "sisik_murah" and observations.model.rowCount() == 2
    finally:
        window.close()
        ctx.close()


def _shot(widget, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / name
    assert widget.grab().save(str(path))
    return path


@pytest.mark.parametrize("lang", ["en", "id"])
def test_screenshots(qtbot, store, settings, lang):
    application()
    data = reported_adverts(store)
    trade_adverts(store)
    record_outcome(store, data["closed"].id, "removed", ago(36))
    confirm_link(store, "kicau_jaya88", "kj_backup", "Jaringan Kicau")
    for day, start, end, words in (
        (ago(6), "09:00", "10:30", ["murai batu", "jual", "cod"]),
        (ago(9), "20:00", "21:00", ["trenggiling", "sisik"]),
    ):
        session = save_session(
            store,
            MonitoringSession(platform="facebook", session_date=day, start_time=start, end_time=end, keywords=words),
        )
        for n in range(3 if words[0] == "murai batu" else 1):
            save(
                store,
                seller_handle=f"penjual_{day}_{n}",
                observed_at=day,
                session_id=session.id,
                keyword=words[n % 2],
                species=[SpeciesLine(species_id=SHAMA if n < 2 else PANGOLIN)],
            )
    set_language(lang)
    pages = {"followup": FollowupPage(store, settings), "network": NetworkPage(store), "sessions": SessionsPage(store)}
    for name, page in pages.items():
        qtbot.addWidget(page)
        page.resize(1180, 720)
        page.show()
        qtbot.waitExposed(page)
        if hasattr(page, "refresh"):
            page.refresh()
        if name == "network":
            page.find_links()
        qtbot.wait(50)
        assert _shot(page, f"{name}-{lang}.png").stat().st_size > 10_000
