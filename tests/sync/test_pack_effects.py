"""Update packs change what a device uses, and coordinator decisions travel back in them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from openpyxl import load_workbook

from desktop.cli import main
from desktop.domain.records import KINDS
from desktop.forms.builtin_questionnaire import FORM_ID, VERSION
from desktop.forms.installed import FormLibrary
from desktop.forms.model import Texts
from desktop.forms.responses import ResponseBook
from desktop.forms.session import FormSession
from desktop.intel.followup import followup_days
from desktop.intel.keywords import add_keyword, keyword_list, remove_keyword
from desktop.paths import Home
from desktop.rates import list_rates, save_rate
from desktop.settings import Settings
from desktop.store import Store
from desktop.sync import conflicts, importer, packs
from desktop.sync.export import export_bundle
from tests.sync.conftest import approve_device, give_card, observation


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _next_version_workbook(capsys, coord: str, path) -> None:
    """The shipped questionnaire, exported and given the next version, as a coordinator would."""
    code, _out, _err = run(capsys, "--home", coord, "forms", "export", FORM_ID, "--out", str(path))
    assert code == 0
    wb = load_workbook(path)
    sheet = wb["settings"]
    column = [c.value for c in sheet[1]].index("version") + 1
    sheet.cell(row=2, column=column, value="2026.2")
    wb.save(path)


def test_a_pack_changes_what_the_officer_sees(tmp_path, capsys, ref):
    coord, dev = str(tmp_path / "coord"), str(tmp_path / "dev")
    card, out = tmp_path / "card.json", tmp_path / "packs"
    assert run(capsys, "--home", coord, "coordinator", "init", "--name", "HQ", "--out", str(card))[0] == 0
    assert run(capsys, "--home", dev, "keys", "import-card", str(card))[0] == 0
    form = tmp_path / "needs-2026.2.xlsx"
    _next_version_workbook(capsys, coord, form)
    rates = tmp_path / "rates.csv"
    rates.write_text("currency,valid_from,usd_per_unit,note\nIDR,2026-01-01,0.0000625,HQ table\n", encoding="utf-8")

    # the officer has a draft on the current version before the pack arrives
    store = Store.open(Home.resolve(dev), Settings(officer_name="Officer Dev"), ref)
    book = ResponseBook(store)
    draft = book.new(FORM_ID)
    draft = book.save_draft(draft, FormSession(FormLibrary(store).for_response(draft)))
    store.close()
    assert draft.form_version == VERSION

    # the coordinator's keyword list: one word added, one shipped word taken off
    store = Store.open(Home.resolve(coord), Settings(officer_name="HQ"), ref)
    shipped = keyword_list(store, "id")[0].keyword
    add_keyword(store, "id", "burung kicau murah")
    remove_keyword(store, "id", shipped)
    store.close()

    code, text, err = run(capsys, "--home", dev, "sync", "packs")
    assert code == 0 and "No update pack" in text
    code, text, err = run(capsys, "--home", coord, "coordinator", "make-pack", "--out", str(out), "--followup-days",
                          "14", "--keywords", str(form), str(rates))  # fmt: skip
    assert code == 0, err
    pack = text.splitlines()[0]
    assert f"forms/{FORM_ID}-2026.2.json" in text and "rates.csv" in text and "settings.json" in text

    code, text, err = run(capsys, "--home", dev, "apply-pack", pack)
    assert code == 0, err
    assert f"Questionnaire {FORM_ID} version 2026.2 installed" in text
    assert "1 exchange rate added" in text and "Follow-up period set to 14 days" in text
    assert "Keyword list (Bahasa Indonesia): 1 added, 1 removed." in text
    code, text, _ = run(capsys, "--home", dev, "apply-pack", pack)
    assert code == 0 and "already applied" in text

    code, text, _ = run(capsys, "--home", dev, "forms", "list", "--json")
    assert [f["version"] for f in json.loads(text) if f["form_id"] == FORM_ID] == [VERSION, "2026.2"]
    code, text, _ = run(capsys, "--home", dev, "sync", "packs")
    assert "Update pack 1 from HQ" in text and "version 2026.2 installed" in text and "14 days" in text
    assert not (Home.resolve(dev).root / "updates").exists()  # nothing parked where no code reads it

    settings = Settings.load(Home.resolve(dev).settings_path)
    assert followup_days(settings) == 14
    store = Store.open(Home.resolve(dev), settings, ref)
    try:
        book = ResponseBook(store)
        assert book.new(FORM_ID).form_version == "2026.2"  # new responses use the newest version
        assert book.get(draft.id).form_version == VERSION  # the draft keeps its own
        saved = store.save(observation(1, observed_at="2026-02-01", price="1000000", currency="IDR"))
        assert (saved.price_usd, saved.usd_rate_from) == ("62.50", "2026-01-01")  # the pack's rate is used
        assert store.history(draft.id)[-1]["action"] == "create"
        words = [k.keyword for k in keyword_list(store, "id")]  # what the Sessions page lists
        assert "burung kicau murah" in words and shipped not in words
        assert store.verify_audit().ok
    finally:
        store.close()


def test_a_file_no_code_would_read_is_refused(tmp_path, capsys):
    coord, card = str(tmp_path / "coord"), tmp_path / "card.json"
    run(capsys, "--home", coord, "coordinator", "init", "--name", "HQ", "--out", str(card))
    notes = tmp_path / "species-extra.csv"
    notes.write_text("id,name\nx,y\n", encoding="utf-8")
    code, _text, err = run(capsys, "--home", coord, "coordinator", "make-pack", "--out", str(tmp_path), str(notes))
    assert code == 1 and "species-extra.csv: Pantau does not know what to do with this file" in err


def _bodies(store: Store) -> dict[str, str]:
    return {json.loads(body)["id"]: body for kind in KINDS for body in store.queries.records.iter_bodies(kind, 0)}


def _round(coord: Store, dev: Store, tmp_path, name: str):
    bundle = export_bundle(dev, tmp_path / f"bundle-{name}")
    reports = importer.import_paths(coord, [bundle.path]) if bundle else []
    return reports


def test_device_coordinator_device_round_trip_agrees(homes, tmp_path):
    coord = homes.coordinator()
    dev = homes.device("dev")
    give_card(coord, dev)
    a = dev.save(observation(1, notes="a"))
    b = dev.save(observation(2, notes="b"))
    c = dev.save(observation(3, notes="c"))
    _round(coord, dev, tmp_path, "1")
    approve_device(coord, dev)
    assert coord.stats()["total"] == 3

    # the coordinator: a new questionnaire version, its rate table, a correction of A
    library = FormLibrary(coord)
    library.install(dataclasses.replace(library.get(FORM_ID), version="2026.2"))
    save_rate(coord, "MYR", "2026-01-01", "0.21")
    fixed = coord.get("observation", a.id)
    fixed.notes = "coordinator's correction"
    coord.save(fixed)
    # both sides edit C: a conflict, resolved at the coordinator
    at_coord = coord.get("observation", c.id)
    at_coord.notes = "coordinator on c"
    coord.save(at_coord)
    c.seller_handle = "renamed-on-device"
    dev.save(c)
    # the device edits B
    b.notes = "device's edit of b"
    dev.save(b)
    [report] = _round(coord, dev, tmp_path, "2")
    assert report.counts["updated"] == 1 and report.counts["conflicting"] == 1
    [row] = conflicts.list_conflicts(coord)
    conflicts.resolve_conflict(coord, row["id"], conflicts.other_values(coord, row["id"], ["notes", "seller_handle"]))
    expected_c = coord.get("observation", c.id)

    pack = packs.build_update_pack(coord, [], tmp_path / "packs")
    result = packs.apply_update_pack(dev, pack)
    assert result.status == "applied"
    assert any("2 records updated" in line for line in result.change_lines())

    assert _bodies(dev) == _bodies(coord)  # every record, byte for byte
    assert dev.get("observation", a.id).notes == "coordinator's correction"
    assert dev.get("observation", c.id).notes == expected_c.notes
    assert FormLibrary(dev).latest_version(FORM_ID) == FormLibrary(coord).latest_version(FORM_ID) == "2026.2"
    assert FormLibrary(dev).versions(FORM_ID) == [VERSION, "2026.2"]  # the shipped version stays installed
    assert list_rates(dev) == list_rates(coord)
    assert dev.verify_audit().ok and coord.verify_audit().ok
    # the coordinator's revisions are not sent back as the device's own
    assert export_bundle(dev, tmp_path / "nothing") is None

    # the device goes on editing the corrected record: an update at the coordinator, not a conflict
    again = dev.get("observation", a.id)
    again.price = "2000000"
    dev.save(again)
    [report] = _round(coord, dev, tmp_path, "3")
    assert report.status == "imported" and report.counts["updated"] == 1 and report.counts["conflicting"] == 0
    assert _bodies(dev) == _bodies(coord)
    assert coord.verify_audit().ok
    # the next pack carries the same form version and rates again: nothing new, nothing refused
    again = packs.apply_update_pack(dev, packs.build_update_pack(coord, [], tmp_path / "packs"))
    assert again.status == "applied" and not any("installed" in line for line in again.change_lines())
    assert _bodies(dev) == _bodies(coord)


def test_a_decision_does_not_overwrite_an_edit_not_yet_sent(homes, tmp_path):
    coord = homes.coordinator()
    dev = homes.device("dev")
    give_card(coord, dev)
    a = dev.save(observation(1, notes="a", observed_at=dt.date.today().isoformat()))
    _round(coord, dev, tmp_path, "1")
    approve_device(coord, dev)
    fixed = coord.get("observation", a.id)
    fixed.notes = "coordinator's correction"
    coord.save(fixed)
    a.notes = "device edit, not sent yet"
    dev.save(a)
    result = packs.apply_update_pack(dev, packs.build_update_pack(coord, [], tmp_path / "packs"))
    assert any("0 records updated, 1 kept" in line for line in result.change_lines())
    assert dev.get("observation", a.id).notes == "device edit, not sent yet"


def test_a_pack_is_applied_whole_or_not_at_all(homes, tmp_path, capsys):
    coord = homes.coordinator()
    dev = homes.device("dev")
    give_card(coord, dev)
    library = FormLibrary(coord)
    library.install(dataclasses.replace(library.get(FORM_ID), version="2026.2"))
    save_rate(coord, "MYR", "2026-01-01", "0.21")
    # the device has its own, different 2026.2: the pack's form cannot be installed
    mine = FormLibrary(dev)
    own = mine.get(FORM_ID)
    mine.install(dataclasses.replace(own, version="2026.2", title=Texts(dict(own.title), en="Our own copy")))
    pack = packs.build_update_pack(coord, [], tmp_path / "packs")
    code = main(["--home", str(dev.home.root), "apply-pack", str(pack)])
    err = capsys.readouterr().err
    assert code == 1 and "version 2026.2 is already installed with different content" in err
    assert list_rates(dev) == [] and packs.pack_history(dev) == []  # the rates did not go in either

    bad = tmp_path / "rates.csv"
    bad.write_text("currency,valid_from,usd_per_unit\nMYR,2026-13-01,0.21\n", encoding="utf-8")
    code = main(["--home", str(coord.home.root), "coordinator", "make-pack", "--out", str(tmp_path), str(bad)])
    err = capsys.readouterr().err
    assert code == 1 and "The new update pack: rates.csv line 2: valid_from:" in err
