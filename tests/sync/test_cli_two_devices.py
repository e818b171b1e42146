"""Ownership rules, update packs and per-device decisions working together, end to end.

Two protected devices A and B and a protected coordinator, every sync step driven by the ``pantau``
command line (``desktop.cli.main``, what ``python -m desktop`` runs) with PANTAU_PASSPHRASE: cards,
export, import, approve, refused, conflicts, resolve, grant, make-pack, apply-pack, data export,
stats, forms list. Records are entered and edited through the store, as the entry screens do.
What each officer sees is read back with ``pantau data export`` (CSV) and ``pantau stats``.
With PANTAU_E2E_SUBPROCESS=1 every command runs as its own ``python -m desktop`` process instead.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.app_context import AppContext
from desktop.cli import main
from desktop.domain.records import KINDS
from desktop.forms.builtin_questionnaire import FORM_ID, VERSION
from desktop.rates import list_rates, save_rate
from tests.sync.conftest import observation

PASSPHRASE = "correct horse battery staple 42"
SUBPROCESS = os.environ.get("PANTAU_E2E_SUBPROCESS") == "1"
ROOT = Path(__file__).resolve().parents[2]


class World:
    """A coordinator ``coord`` and devices ``a`` and ``b``, each a home under ``root``."""

    def __init__(self, root: Path, capsys):
        self.root = root
        self.capsys = capsys
        self.n = 0
        self.card = root / "card.json"
        self.fp: dict[str, str] = {}
        self.device_id: dict[str, str] = {}

    def home(self, name: str) -> str:
        return str(self.root / name)

    def run(self, name: str, *args: str) -> tuple[int, str, str]:
        if SUBPROCESS:
            done = subprocess.run(
                [sys.executable, "-m", "desktop", "--home", self.home(name), *args],
                cwd=ROOT,
                env=dict(os.environ, PANTAU_PASSPHRASE=PASSPHRASE),
                capture_output=True,
                text=True,
                timeout=120,
            )
            return done.returncode, done.stdout, done.stderr
        code = main(["--home", self.home(name), *args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def ok(self, name: str, *args: str) -> str:
        code, out, err = self.run(name, *args)
        assert code == 0, (args, out, err)
        return out

    @contextmanager
    def store(self, name: str):
        """The home's store, opened as the app opens it (unlocked with the passphrase)."""
        app = AppContext.create(home=self.home(name))
        try:
            yield app.store()
        finally:
            app.close()

    def export(self, name: str) -> str | None:
        """Export the device's changes; the bundle's path (None: nothing to export)."""
        self.n += 1
        out = self.ok(name, "export", "--to", str(self.root / f"out-{self.n}"))
        return None if "Nothing to export" in out else out.splitlines()[0]

    def sync_up(self, name: str) -> str:
        """The device exports and the coordinator imports: the import's output."""
        path = self.export(name)
        assert path, f"{name} had nothing to export"
        return self.ok("coord", "import", path)

    def pack(self, *args: str) -> str:
        self.n += 1
        out = self.ok("coord", "coordinator", "make-pack", "--out", str(self.root / f"packs-{self.n}"), *args)
        return out.splitlines()[0]

    def observations(self, name: str) -> dict[str, dict]:
        """What the officer's CSV export lists: record id -> row."""
        self.n += 1
        path = self.root / f"list-{self.n}.csv"
        self.ok(name, "data", "export", "--kind", "observations", "--format", "csv", "--out", str(path))
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return {row["record_id"]: row for row in csv.DictReader(fh)}

    def bodies(self, name: str) -> dict[str, str]:
        with self.store(name) as store:
            return {
                json.loads(body)["id"]: body for kind in KINDS for body in store.queries.records.iter_bodies(kind, 0)
            }


@pytest.fixture
def world(tmp_path, capsys, monkeypatch):
    """Coordinator HQ, devices A and B approved, A with one observation, B with three."""
    monkeypatch.setenv("PANTAU_PASSPHRASE", PASSPHRASE)
    w = World(tmp_path, capsys)
    w.ok("coord", "coordinator", "init", "--name", "HQ", "--out", str(w.card))
    for name in ("a", "b"):
        w.ok(name, "keys", "import-card", str(w.card))
        info = json.loads(w.ok(name, "keys", "show", "--json"))
        w.fp[name], w.device_id[name] = info["fingerprint"], info["device_id"]
    w.records = {}
    for name, numbers in (("a", (1,)), ("b", (2, 3, 4))):
        with w.store(name) as store:
            for n in numbers:
                w.records[f"{name}{n}"] = store.save(observation(n, notes=f"entered on {name}")).id
        path = w.export(name)
        assert "quarantined" in w.ok("coord", "import", path)
        assert "imported bundle 1" in w.ok("coord", "coordinator", "approve", w.fp[name])
    assert json.loads(w.ok("coord", "stats", "--json"))["total"] == 4
    return w


def _edit(w: World, name: str, record_id: str, **changes) -> None:
    with w.store(name) as store:
        record = store.get("observation", record_id)
        for field, value in changes.items():
            setattr(record, field, value)
        store.save(record)


def _forge_copy(w: World, name: str, record_id: str, **changes) -> None:
    """Device ``name`` saves its own copy of another device's record (same id), changed."""
    with w.store("coord") as coord:
        original = coord.get("observation", record_id)
    for field, value in changes.items():
        setattr(original, field, value)
    with w.store(name) as store:
        store.save(original)


@pytest.mark.slow  # about 15 s: some sixty CLI runs on three protected homes
def test_a_cannot_change_bs_records_and_the_coordinators_edits_reach_both(world):
    w = world
    b2, b3, a1 = w.records["b2"], w.records["b3"], w.records["a1"]
    before = w.bodies("coord")[b2]

    # A saves its own version of B's record, sends it, then deletes it and sends that
    _forge_copy(w, "a", b2, notes="taken over by A", seller_handle="evil")
    out = w.sync_up("a")
    assert "may not change it" in out and "0 updated" in out and "0 conflicts" in out
    with w.store("a") as store:
        store.delete("observation", b2)
    out = w.sync_up("a")
    assert "may not delete it" in out
    refused = w.ok("coord", "coordinator", "refused")
    assert refused.count(b2) == 2 and w.device_id["b"] in refused
    assert "No conflicts" in w.ok("coord", "coordinator", "conflicts")
    assert w.bodies("coord")[b2] == before  # B's version stays current
    listed = w.observations("coord")
    assert listed[b2]["notes"] == "entered on b" and listed[b2]["seller_handle"] == "seller2"
    assert json.loads(w.ok("coord", "stats", "--json"))["deleted"] == 0

    # the coordinator corrects one record of each device, then sends a pack
    _edit(w, "coord", b3, notes="corrected at HQ (b3)")
    _edit(w, "coord", a1, notes="corrected at HQ (a1)")
    pack = w.pack("--note", "corrections")
    for name in ("a", "b"):
        out = w.ok(name, "apply-pack", pack)
        assert "1 records updated" in out, out
        assert "Coordinator decisions: 1 records updated" in w.ok(name, "sync", "packs")
    on_a, on_b, at_coord = w.observations("a"), w.observations("b"), w.observations("coord")
    assert on_a[a1]["notes"] == at_coord[a1]["notes"] == "corrected at HQ (a1)"
    assert on_b[b3]["notes"] == at_coord[b3]["notes"] == "corrected at HQ (b3)"
    # B's record stays B's everywhere: in the pack B took, at the coordinator, and not refreshed on A
    assert on_b[b2]["notes"] == at_coord[b2]["notes"] == "entered on b"
    coord_bodies, b_bodies = w.bodies("coord"), w.bodies("b")
    assert all(b_bodies[i] == coord_bodies[i] for i in b_bodies)
    assert w.bodies("a")[a1] == coord_bodies[a1]
    assert json.loads(w.ok("b", "stats", "--json"))["total"] == 3

    # the coordinator deletes a record of B's: B shows it deleted too; then B deletes one of its own
    with w.store("coord") as coord:
        coord.delete("observation", w.records["b4"])
    assert "1 records updated" in w.ok("b", "apply-pack", w.pack())
    assert json.loads(w.ok("b", "stats", "--json"))["deleted"] == 1
    assert w.records["b4"] not in w.observations("b")
    with w.store("b") as store:
        store.delete("observation", b3)
    out = w.sync_up("b")
    assert "1 updated" in out and "0 conflicts" in out and "may not" not in out, out
    assert json.loads(w.ok("coord", "stats", "--json"))["deleted"] == 2
    # a later pack still carries B's version, never A's refused one
    with w.store("coord") as coord:  # the coordinator takes its deletion back
        coord.restore("observation", w.records["b4"])
    later = w.pack()
    assert "1 records updated" in w.ok("b", "apply-pack", later)
    assert w.records["b4"] in w.observations("b")
    assert w.bodies("b")[b2] == w.bodies("coord")[b2] == before
    for name in ("a", "b", "coord"):
        assert "OK" in w.ok(name, "audit", "verify")


def _next_version(w: World) -> Path:
    path = w.root / "needs-2026.2.xlsx"
    w.ok("coord", "forms", "export", FORM_ID, "--out", str(path))
    wb = load_workbook(path)
    sheet = wb["settings"]
    column = [c.value for c in sheet[1]].index("version") + 1
    sheet.cell(row=2, column=column, value="2026.2")
    wb.save(path)
    return path


def _form_versions(w: World, name: str) -> list[str]:
    return [f["version"] for f in json.loads(w.ok(name, "forms", "list", "--json")) if f["form_id"] == FORM_ID]


def _round_trip(w: World) -> None:
    """An edit on each side, a conflict resolved at HQ, a new form version and rates; then a pack."""
    b2, b3, b4 = w.records["b2"], w.records["b3"], w.records["b4"]
    w.ok("coord", "forms", "import", str(_next_version(w)))
    with w.store("coord") as coord:
        save_rate(coord, "IDR", "2026-01-01", "0.0000625", "HQ table")
        save_rate(coord, "MYR", "2026-01-01", "0.21")
    _edit(w, "coord", b2, notes="HQ's edit of b2")  # the coordinator's side
    _edit(w, "b", b3, price="2500000")  # the device's side
    _edit(w, "coord", b4, notes="HQ on b4")  # both sides: a conflict
    _edit(w, "b", b4, seller_handle="renamed-on-b")
    out = w.sync_up("b")
    assert "1 updated" in out and "1 conflicts" in out, out
    listed = w.ok("coord", "coordinator", "conflicts")
    conflict = listed.split("Conflict ", 1)[1].split(" ", 1)[0]
    assert "seller_handle" in listed and b4 in listed
    assert "resolved" in w.ok("coord", "coordinator", "resolve", conflict, "--take", "seller_handle")
    out = w.ok("b", "apply-pack", w.pack("--note", "round trip"))
    assert "version 2026.2 installed" in out and "2 exchange rates added" in out
    assert "2 records updated" in out, out


@pytest.mark.slow  # about 15 s: some sixty CLI runs on three protected homes
def test_device_coordinator_device_round_trip_leaves_both_the_same(world):
    w = world
    _round_trip(w)
    coord_bodies, b_bodies = w.bodies("coord"), w.bodies("b")
    assert set(b_bodies) == {w.records[k] for k in ("b2", "b3", "b4")}
    assert {i: coord_bodies[i] for i in b_bodies} == b_bodies  # every record, byte for byte
    on_b = w.observations("b")
    assert on_b[w.records["b2"]]["notes"] == "HQ's edit of b2"
    assert on_b[w.records["b4"]]["notes"] == "HQ on b4" and on_b[w.records["b4"]]["seller_handle"] == "renamed-on-b"
    assert on_b[w.records["b3"]]["price"] == "2500000"
    on_device, at_coord = _form_versions(w, "b"), _form_versions(w, "coord")
    assert on_device == at_coord == [VERSION, "2026.2"], (on_device, at_coord)
    with w.store("b") as b, w.store("coord") as coord:
        assert list_rates(b) == list_rates(coord) and len(list_rates(b)) == 2
    assert w.export("b") is None  # the coordinator's revisions are not sent back
    for name in ("b", "coord"):
        assert "OK" in w.ok(name, "audit", "verify")


@pytest.mark.slow  # about 15 s: some sixty CLI runs on three protected homes
def test_an_edit_after_a_decision_is_an_ordinary_update(world):
    w = world
    _round_trip(w)
    b4, b2 = w.records["b4"], w.records["b2"]
    _edit(w, "b", b4, notes="B goes on after the resolution")
    _edit(w, "b", b2, price="3000000")
    out = w.sync_up("b")
    assert "2 updated" in out and "0 conflicts" in out and "refused" not in out, out
    assert "No refused record versions" in w.ok("coord", "coordinator", "refused")
    assert "No conflicts" in w.ok("coord", "coordinator", "conflicts")
    coord_bodies, b_bodies = w.bodies("coord"), w.bodies("b")
    assert {i: coord_bodies[i] for i in b_bodies} == b_bodies
    at_coord = w.observations("coord")
    assert at_coord[b4]["notes"] == "B goes on after the resolution"
    assert at_coord[b4]["seller_handle"] == "renamed-on-b"
    assert at_coord[b2]["notes"] == "HQ's edit of b2" and at_coord[b2]["price"] == "3000000"
    # and the next pack changes nothing on B
    out = w.ok("b", "apply-pack", w.pack())
    assert "records updated" not in out or "0 records updated" in out, out
    assert w.bodies("b") == b_bodies


def test_a_record_held_by_two_devices_gets_the_correction_on_both(world):
    w = world
    b2 = w.records["b2"]
    assert "may now change" in w.ok("coord", "coordinator", "grant", w.fp["a"], "--owner", w.fp["b"])
    assert w.device_id["a"] in w.ok("coord", "coordinator", "grants")
    _forge_copy(w, "a", b2, notes="team lead's note")  # the team lead's copy of B's record, edited
    out = w.sync_up("a")
    assert "may not" not in out
    assert "No refused record versions" in w.ok("coord", "coordinator", "refused")
    # A's copy is its revision 1 against B's revision 1: a tie keeps the owner's, the coordinator decides
    listed = w.ok("coord", "coordinator", "conflicts")
    assert listed.count("Conflict ") == 1 and b2 in listed and "team lead's note" in listed, listed
    conflict = listed.split("Conflict ", 1)[1].split(" ", 1)[0]
    w.ok("coord", "coordinator", "resolve", conflict, "--take", "notes")
    _edit(w, "coord", b2, seller_handle="corrected-at-hq")
    pack = w.pack()
    for name in ("a", "b"):
        assert "1 records updated" in w.ok(name, "apply-pack", pack)
    coord_body = w.bodies("coord")[b2]
    assert w.bodies("a")[b2] == w.bodies("b")[b2] == coord_body
    for name in ("a", "b"):
        row = w.observations(name)[b2]
        assert row["seller_handle"] == "corrected-at-hq" and row["notes"] == "team lead's note"
    # both go on editing the corrected record: ordinary updates, one after the other
    _edit(w, "a", b2, price="4000000")
    out = w.sync_up("a")
    assert "1 updated" in out and "0 conflicts" in out and "may not" not in out, out
    _edit(w, "b", b2, group_name="Kicau Mania")
    out = w.sync_up("b")
    assert "0 conflicts" in out and "may not" not in out, out
    assert "No conflicts" in w.ok("coord", "coordinator", "conflicts")
    row = w.observations("coord")[b2]
    assert (row["price"], row["group_name"], row["seller_handle"]) == ("4000000", "Kicau Mania", "corrected-at-hq")
