"""Contacts, handles, monitoring session and keyword on the observation form (by keyboard), the
price in US dollars stored from the dated rate table, search by phone number in any usual
format, the species lines at 150 % text size, and the demo data's sessions and shared numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from desktop.db.queries import ListFilter
from desktop.domain.records import Observation, SpeciesLine
from desktop.intel.sessions import MonitoringSession, list_sessions, save_session
from desktop.rates import save_rate
from tests.entry.conftest import open_page
from tests.entry.test_observation_form import type_typical_advert

TODAY = dt.date.today().isoformat()


def _session(store, keywords=("murai batu", "jual murah")):
    return save_session(
        store,
        MonitoringSession(
            platform="shopee",
            session_date=TODAY,
            start_time="09:00",
            end_time="10:30",
            officer="Rina S.",
            keywords=list(keywords),
        ),
    )


def _type_extras(keyboard, form):
    """From the price: currency, price as written, then phone numbers, other accounts, session, keyword."""
    keyboard.enter(3)
    assert keyboard.focus() is form.widget("contacts")
    keyboard.type("0812-3456-7890, +60 12-345 6789")
    keyboard.enter()
    assert keyboard.focus() is form.widget("handles")
    keyboard.type("ig:@Kicau_Jaya, wa:0857 2290 1187")
    keyboard.enter()
    assert keyboard.focus() is form.widget("session_id")
    keyboard.press(Qt.Key.Key_Down)  # the newest session
    keyboard.enter()
    assert keyboard.focus() is form.widget("keyword")
    keyboard.press(Qt.Key.Key_Down)  # its first keyword


def _saved(store):
    row = store.page(ListFilter(kind="observation"), 0, 1)[0]
    return store.get("observation", row["id"])


def _advert_with_extras(window, qtbot, keyboard):
    session = _session(window.store)
    page = open_page(window, qtbot, "observations")
    type_typical_advert(page, keyboard)
    _type_extras(keyboard, page.form)
    return session, page, page.form


def test_contacts_handles_session_and_keyword_by_keyboard(window, qtbot, keyboard):
    session, page, form = _advert_with_extras(window, qtbot, keyboard)
    assert form.contacts_read.text() == "Read as +6281234567890, +60123456789"
    assert form.handles_read.text() == "Instagram: kicau_jaya, WhatsApp: +6285722901187"
    keyboard.ctrl(Qt.Key.Key_S)
    record = _saved(window.store)
    assert record.contacts == ["0812-3456-7890", "+60 12-345 6789"]  # kept as written
    assert record.handles == ["ig:@Kicau_Jaya", "wa:0857 2290 1187"]
    assert (record.session_id, record.keyword) == (session.id, "murai batu")

    page.show_detail(record.id)
    texts = [label.text() for label in page.detail.fields_box.findChildren(QLabel)]
    assert "0812-3456-7890 (+6281234567890), +60 12-345 6789 (+60123456789)" in texts
    assert "ig:@Kicau_Jaya, wa:0857 2290 1187" in texts
    assert any("Shopee" in t and "09:00–10:30" in t and "Rina S." in t for t in texts)  # the session, readable


def test_save_and_new_keeps_session_and_the_extras_cost_a_typical_advert_nothing(window, qtbot, keyboard, capsys):
    session, page, form = _advert_with_extras(window, qtbot, keyboard)
    keyboard.press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.store.count(ListFilter(kind="observation")) == 1
    assert (form.value("session_id"), form.value("keyword")) == (session.id, "murai batu")  # context kept
    assert form.value("contacts") == [] and form.value("handles") == []  # not context

    # the next advert, typed from the web address (which has the focus) to the price: the session comes along
    keyboard.count = 0
    assert keyboard.focus() is form.widget("url")
    keyboard.type("https://shopee.co.id/other-7")
    keyboard.enter(4)  # → platform, country, date (all kept), group (kept)
    keyboard.enter()  # → seller account
    keyboard.type("another_seller")
    keyboard.enter(3)  # → display name, province, species 1
    keyboard.type("murai")
    keyboard.enter()
    keyboard.type("2")
    keyboard.enter(5)  # → specimen, unit, description, "Add species", price
    assert keyboard.focus() is form.widget("price")
    keyboard.type("150000")
    keyboard.ctrl(Qt.Key.Key_S)
    with capsys.disabled():
        print(f"KEYSTROKES next advert in the same session: {keyboard.count}")
    assert keyboard.count <= 25
    second = [window.store.get("observation", r["id"]) for r in window.store.page(ListFilter(kind="observation"), 0, 5)]
    assert {(r.seller_handle, r.session_id, r.keyword) for r in second} == {
        ("kicaumania88", session.id, "murai batu"),
        ("another_seller", session.id, "murai batu"),
    }
    assert list_sessions(window.store)[0]["adverts"] == 2


def test_choosing_another_session_offers_its_keywords(window, qtbot, keyboard):
    first = _session(window.store, ("murai batu",))
    second = _session(window.store, ("trenggiling", "sisik"))
    page = open_page(window, qtbot, "observations")
    keyboard.ctrl(Qt.Key.Key_N)
    form = page.form
    combo = form.widget("session_id")
    assert {combo.itemData(i) for i in range(combo.count())} == {"", first.id, second.id}
    form.widget("session_id").setFocus()
    combo.set_value(second.id)
    keyword = form.widget("keyword")
    assert [keyword.itemData(i) for i in range(keyword.count())] == ["", "trenggiling", "sisik"]
    assert form.value("platform") == "shopee"  # filled in from the session


def test_price_in_usd_shown_and_stored_from_the_dated_rate(window, qtbot, keyboard):
    store = window.store
    save_rate(store, "IDR", "2025-01-01", "0.0000600")
    save_rate(store, "IDR", TODAY, "0.0000615")
    page = open_page(window, qtbot, "observations")
    type_typical_advert(page, keyboard, price="1500000")
    form = page.form
    keyboard.enter()
    usd = form.money.usd_label
    assert usd.isVisible() and usd.text().startswith("≈ USD 92.25 (rate from")
    keyboard.ctrl(Qt.Key.Key_S)
    if form.confirm_bar.is_asking("save"):
        keyboard.ctrl(Qt.Key.Key_S)
    record = _saved(store)
    assert (record.price_usd, record.usd_rate, record.usd_rate_from) == ("92.25", "0.0000615", TODAY)

    # an advert seen before today's rate uses the older one; editing its date re-computes on saving
    old = store.save(
        Observation(
            observed_at="2025-06-01",
            platform="facebook",
            country="ID",
            price="1500000",
            currency="IDR",
            species=[SpeciesLine(species_id="manis-javanica")],
        ),
        accept_warnings=True,
    )
    assert (old.price_usd, old.usd_rate, old.usd_rate_from) == ("90.00", "0.0000600", "2025-01-01")
    assert Decimal(old.price_usd) == (Decimal(old.price) * Decimal(old.usd_rate)).quantize(Decimal("0.01"))
    page.show_detail(record.id)
    texts = [label.text() for label in page.detail.fields_box.findChildren(QLabel)]
    assert any(t.startswith("USD 92.25 (1 IDR = 0.0000615 USD, rate from") for t in texts)
    # without a rate for the currency nothing is stored
    plain = store.save(
        Observation(
            observed_at="2025-06-01",
            platform="facebook",
            country="MY",
            price="100",
            currency="MYR",
            species=[SpeciesLine(species_id="manis-javanica")],
        ),
        accept_warnings=True,
    )
    assert (plain.price_usd, plain.usd_rate, plain.usd_rate_from) == ("", "", "")


def test_search_by_phone_in_any_usual_format_and_by_handle(store):
    saved = store.save(
        Observation(
            observed_at=TODAY,
            platform="facebook",
            country="ID",
            seller_handle="s1",
            contacts=["0812-3456-7890"],
            handles=["tg:kicau_jaya", "wa:+62 857 2290 1187"],
            species=[SpeciesLine(species_id="manis-javanica")],
        ),
        accept_warnings=True,
    )
    other = store.save(
        Observation(
            observed_at=TODAY,
            platform="facebook",
            country="ID",
            seller_handle="s2",
            contacts=["+62 812 9999 0000"],
            species=[SpeciesLine(species_id="manis-javanica")],
        ),
        accept_warnings=True,
    )

    def found(text):
        return [r["id"] for r in store.page(ListFilter(kind="observation", text=text), 0, 10)]

    for text in (
        "0812-3456-7890",
        "+62 812 3456 7890",
        "6281234567890",
        "+6281234567890",
        "081234567890",
        "0812 3456 7890",
        "kicau_jaya",
        "tg:kicau_jaya",
        "0857-2290-1187",
        "6285722901187",
    ):
        assert found(text) == [saved.id], text
    assert found("+62 812 9999 0000") == [other.id]
    assert found("0812-0000-0000") == []


def test_species_lines_do_not_clip_at_150_percent(window, qtbot, keyboard):
    from desktop.ui.app import apply_text_size

    app = QApplication.instance()
    try:
        for percent in (100, 150):
            apply_text_size(app, percent)
            for key in ("observations", "seizures"):
                page = open_page(window, qtbot, key)
                keyboard.ctrl(Qt.Key.Key_N)
                lines = page.form.lines
                qtbot.waitUntil(lambda lines=lines: lines.rows and lines.rows[0].species.isVisible())
                row = lines.rows[0]
                for label in lines.headings + list(row.captions.values()):
                    if label.isVisible():
                        assert label.width() >= label.sizeHint().width(), (percent, key, label.text())
                for name, widget in row.inputs.items():
                    if name != "species_id":
                        needed = widget.fontMetrics().horizontalAdvance(
                            widget.currentText() if hasattr(widget, "currentText") else widget.text()
                        )
                        assert widget.width() > needed, (percent, key, name)
                assert row.species.width() >= row.species.fontMetrics().horizontalAdvance("Kittacincla malabarica")
                page.form.discard()
    finally:
        apply_text_size(app, 100)


def test_demo_has_sessions_and_sellers_sharing_a_number(store):
    from desktop.demo import fill
    from desktop.intel.links import suggest_links

    fill(store, 400, seed=3)
    sessions = list_sessions(store)
    assert len(sessions) >= 4 and all(s["keywords"] and s["minutes"] > 0 for s in sessions)
    assert sum(s["adverts"] for s in sessions) > 0
    linked = [store.get("observation", r["id"]) for r in store.page(ListFilter(kind="observation"), 0, 400)]
    with_session = [r for r in linked if r.session_id]
    by_id = {s["id"]: s for s in sessions}
    assert with_session and all(
        r.keyword in by_id[r.session_id]["keywords"]
        and r.platform == by_id[r.session_id]["platform"]
        and r.observed_at == by_id[r.session_id]["session_date"]
        for r in with_session
    )
    assert any(r.contacts for r in linked if r.seller_handle not in ("kicau_jaya88",))
    phone_pairs = {
        tuple(sorted((s.account_a, s.account_b)))
        for s in suggest_links(store)
        if any(reason.kind == "phone" for reason in s.reasons)
    }
    assert ("kicau_jaya88", "kicaujaya.shop") in phone_pairs  # '0812-7731-4410' / '+62 812 7731 4410'
    assert ("exotic_pets_jb", "jb_reptile_house") in phone_pairs  # '012-448 9021' / '+60 12-448 9021'
    assert ("rarebirds.sg", "sg_rare_birds") in phone_pairs


def test_unreadable_number_and_handle_are_marked_at_their_field(window, qtbot, keyboard):
    page = open_page(window, qtbot, "observations")
    type_typical_advert(page, keyboard)
    form = page.form
    keyboard.enter(3)
    keyboard.type("0812-3456-7890, 12")
    keyboard.enter()
    keyboard.type("kicau_jaya")  # no type before the account
    keyboard.enter()
    contacts, handles = form.error_label("contacts"), form.error_label("handles")
    assert contacts.isVisible() and "'12' is not a phone number" in contacts.text()
    assert handles.isVisible() and "'kicau_jaya' is not a handle" in handles.text()
    assert form.contacts_read.text() == "Read as +6281234567890"
    keyboard.ctrl(Qt.Key.Key_S)
    assert window.store.count(ListFilter(kind="observation")) == 0  # refused
    assert QApplication.focusWidget() is form.widget("contacts")  # the first problem
