"""The attacks of issue #24 run again, as they were run: two approved devices A and B and a
coordinator, bundles signed with A's real key and encrypted to the coordinator's real card.

A may not change or delete B's records (refused per record, kept, never current, never credited to
anyone but A); a coordinator's grant lets it; bundle numbers cannot exhaust the coordinator; forks
are refused and shown; a device may name only its registered officers."""

from __future__ import annotations

import json
import random
import time

import pytest

from desktop.domain.canonical import canonical_json
from desktop.sync import bundle, conflicts, importer, keys, ownership
from desktop.sync.devices import approve, list_devices
from desktop.sync.export import export_bundle
from tests.faults.bundle_forge import World
from tests.sync.conftest import counts, decrypt_file, give_card, observation, zip_entries


class Attack:
    def __init__(self, homes, tmp_path):
        self.tmp = tmp_path
        self.coord = homes.coordinator()
        self.a = homes.device("a")
        self.b = homes.device("b")
        self.n = 0
        self.worlds = {}
        for dev in (self.a, self.b):
            give_card(self.coord, dev)
            dev.save(observation(1 if dev is self.a else 2, seller_name=f"seller of {dev.home.root.name}"))
            path = export_bundle(dev, tmp_path / f"first-{dev.home.root.name}").path
            importer.import_paths(self.coord, [path])
            approve(self.coord, keys.device_signing_key(dev.home).fingerprint)
            entries = zip_entries(decrypt_file(self.coord, path))
            manifest = json.loads(entries[bundle.MANIFEST])
            self.worlds[dev.device_id] = World(
                self.coord, dev, keys.device_signing_key(dev.home), b"", b"", entries, manifest, []
            )

    def record_of(self, dev) -> dict:
        [data] = [
            json.loads(body)
            for kind in ("observation",)
            for body in _bodies(self.coord, kind)
            if json.loads(body)["device_id"] == dev.device_id
        ]
        return data

    def send(self, dev, records: list[dict], seq: int, **manifest) -> importer.BundleReport:
        world = self.worlds[dev.device_id]
        data = world.seal(records, manifest=dict(world.manifest, seq=seq, **manifest), encrypt=True)
        self.n += 1
        path = self.tmp / f"attack-{self.n}.pantau"
        path.write_bytes(data)
        [report] = importer.import_paths(self.coord, [path])
        return report


def _bodies(store, kind):

    return list(store.queries.records.iter_bodies(kind, 0))


def _as(dev, data: dict, **changes) -> dict:
    """``data`` as device ``dev`` would send it after editing it there."""
    out = dict(data, device_id=dev.device_id, officer_id=dev.actor.officer_id, officer_name=dev.actor.officer_name)
    out.update(changes)
    return out


@pytest.fixture
def attack(homes, tmp_path):
    return Attack(homes, tmp_path)


def test_a_cannot_change_or_delete_bs_record(attack):
    coord, a, b = attack.coord, attack.a, attack.b
    original = attack.record_of(b)
    body = canonical_json(original)
    before = counts(coord)
    # finding 1: a harmless revision 2 (same content, older time-stamp) to open the door ...
    harmless = _as(a, original, revision=2, updated_at="2020-01-01T00:00:00.000000Z")
    report = attack.send(a, [harmless], seq=2)
    assert report.status == "imported" and report.refused == 1 and report.counts["conflicting"] == 0
    assert any("belongs to device" in note and b.device_id in note for note in report.notes)
    # ... then revision 3 with a new seller, handle, URL and notes, then a tombstone
    edit = _as(a, original, revision=3, seller_name="someone else", seller_handle="evil", notes="rewritten")
    report = attack.send(a, [edit], seq=3)
    assert report.refused == 1 and report.counts["updated"] == 0 and report.counts["conflicting"] == 0
    tomb = _as(a, original, revision=4, deleted=True)
    report = attack.send(a, [tomb], seq=4)
    assert report.refused == 1 and any("may not delete" in note for note in report.notes)
    # B's record is untouched and current; nothing credited to the coordinator or to A
    current = [json.loads(x) for x in _bodies(coord, "observation") if json.loads(x)["id"] == original["id"]]
    assert [canonical_json(c) for c in current] == [body]
    assert [e["new_value"]["device_id"] for e in coord.history(original["id"])] == [b.device_id]
    assert conflicts.open_count(coord) == 0
    after = counts(coord)
    assert after["observations"] == before["observations"] and after["sync_conflicts"] == 0
    # every refused version is kept for the coordinator, with its reason
    refused = ownership.list_refused(coord)
    assert [r["record_id"] for r in refused] == [original["id"]] * 3
    assert {r["device_id"] for r in refused} == {a.device_id} and {r["owner_device"] for r in refused} == {b.device_id}
    assert json.loads(refused[2]["body"])["deleted"] is True
    assert coord.verify_audit().ok


def test_a_resolved_conflict_does_not_open_the_door(attack):
    """B's record, edited by the coordinator and by B: the conflict is resolved in B's favour; A's
    later revisions of it are still refused."""
    coord, a, b = attack.coord, attack.a, attack.b
    original = attack.record_of(b)
    at_coord = coord.get("observation", original["id"])
    at_coord.notes = "coordinator"
    coord.save(at_coord)
    report = attack.send(b, [_as(b, original, revision=2, notes="b's edit")], seq=2)
    assert report.counts["conflicting"] == 1
    [row] = conflicts.list_conflicts(coord)
    conflicts.resolve_conflict(coord, row["id"], conflicts.other_values(coord, row["id"], ["notes"]))
    resolved = coord.get("observation", original["id"])
    assert resolved.notes == "b's edit"
    report = attack.send(a, [_as(a, resolved.to_dict(), revision=9, notes="a's takeover")], seq=2)
    assert report.refused == 1 and coord.get("observation", original["id"]).notes == "b's edit"
    assert conflicts.open_count(coord) == 0


def test_a_grant_lets_a_team_lead_device_edit_and_is_audited(attack):
    coord, a, b = attack.coord, attack.a, attack.b
    original = attack.record_of(b)
    fp_a, fp_b = (keys.device_signing_key(d.home).fingerprint for d in (a, b))
    ownership.grant(coord, fp_a, fp_b)
    [entry] = [e for e in coord.history(a.device_id) if e["action"] == "grant"]
    assert entry["new_value"]["owner_device"] == b.device_id and entry["officer_name"] == "Coordinator Officer"
    report = attack.send(a, [_as(a, original, revision=2, notes="team lead's correction")], seq=2)
    assert report.refused == 0 and report.counts["conflicting"] == 1  # both wrote it: listed, never silent
    current = coord.get("observation", original["id"])
    assert current.notes == "team lead's correction" and current.device_id == a.device_id  # credited to A
    assert current.officer_name == a.actor.officer_name
    ownership.ungrant(coord, fp_a, fp_b)
    assert [e["action"] for e in coord.history(a.device_id)] == ["grant", "ungrant"]
    report = attack.send(a, [_as(a, original, revision=3, notes="after the grant ended")], seq=3)
    assert report.refused == 1
    assert coord.verify_audit().ok


def test_huge_bundle_numbers_cost_nothing(attack):
    coord, a = attack.coord, attack.a
    started = time.monotonic()
    report = attack.send(a, [_as(a, attack.record_of(a), revision=2, notes="far ahead")], seq=20_000_000)
    assert report.status == "quarantined" and report.code == "sequence" and "far ahead" in report.line()
    assert coord.get("observation", attack.record_of(a)["id"]).notes != "far ahead"
    again = importer.import_paths(coord, [attack.tmp / f"attack-{attack.n}.pantau"])[0]  # the same file again
    assert again.status == "quarantined" and coord.get("observation", attack.record_of(a)["id"]).notes != "far ahead"
    report = attack.send(a, [_as(a, attack.record_of(a), revision=2, notes="next")], seq=20_000_001)
    assert report.status == "quarantined" and report.code == "sequence"  # a quarantined jump opens nothing
    report = attack.send(a, [_as(a, attack.record_of(a), revision=2, notes="max")], seq=2**53 - 1)
    assert report.status == "quarantined"
    [info] = [d for d in list_devices(coord) if d.device_id == a.device_id]
    assert info.missing == [(2, 19_999_999), (20_000_002, 2**53 - 2)]
    assert "2–19999999" in info.missing_text
    assert time.monotonic() - started < 30
    # the coordinator looked and approves: merged, the gap stays shown as a range
    reports = approve(coord, keys.device_signing_key(a.home).fingerprint)
    assert [r.status for r in reports] == ["imported", "imported", "imported"]
    assert any("Bundles missing" in n and "2–19999999" in n for r in reports for n in r.notes)


def test_unknown_key_with_a_huge_number_is_only_its_file(homes, tmp_path, attack):
    from tests.sync.conftest import give_card as card

    stranger = homes.device("stranger")
    card(attack.coord, stranger)
    stranger.save(observation(7))
    export_bundle(stranger, tmp_path / "s1")
    entries = zip_entries(decrypt_file(attack.coord, next((tmp_path / "s1").iterdir())))
    world = World(
        attack.coord, stranger, keys.device_signing_key(stranger.home), b"", b"", entries,
        json.loads(entries[bundle.MANIFEST]), [],
    )  # fmt: skip
    records = [json.loads(x) for x in entries[bundle.RECORDS].decode().splitlines()]
    path = tmp_path / "huge.pantau"
    path.write_bytes(world.seal(records, manifest=dict(world.manifest, seq=2**53 - 1), encrypt=True))
    [report] = importer.import_paths(attack.coord, [path])
    assert report.status == "quarantined"
    [info] = [d for d in list_devices(attack.coord) if d.device_id == stranger.device_id]
    assert info.missing == [(1, 2**53 - 2)]


def test_fork_is_refused_recorded_and_shown(attack):
    coord, a = attack.coord, attack.a
    mine = attack.record_of(a)
    first = attack.send(a, [_as(a, mine, revision=2, notes="fork one")], seq=2)
    assert first.status == "imported"
    second = attack.send(a, [_as(a, mine, revision=2, notes="fork two")], seq=2)
    assert second.status == "rejected" and second.code == "fork"
    assert coord.get("observation", mine["id"]).notes == "fork one"
    [info] = [d for d in list_devices(coord) if d.device_id == a.device_id]
    assert info.forks == 1
    assert importer.import_log(coord)[0]["status"] == "fork"


def test_officers_are_named_by_their_device(attack):
    coord, a = attack.coord, attack.a
    mine = attack.record_of(a)
    impostor = dict(_as(a, mine, revision=2, notes="by someone"), officer_id="X-9", officer_name="Chief Inspector")
    report = attack.send(a, [impostor], seq=2)
    assert report.refused == 1 and any("not registered on device" in n for n in report.notes)
    assert coord.get("observation", mine["id"]).officer_name == a.actor.officer_name
    # a new officer named by the manifest (the device changed hands): shown, logged, then allowed
    new = dict(_as(a, mine, revision=2, notes="new officer"), officer_id="N-1", officer_name="New Officer")
    report = attack.send(a, [new], seq=3, officer={"id": "N-1", "name": "New Officer"})
    assert report.refused == 0 and any("now names officer New Officer" in n for n in report.notes)
    fp = keys.device_signing_key(a.home).fingerprint
    officers = coord.queries.ownership.device_officers(
        next(d.public_key for d in list_devices(coord) if d.fingerprint == fp)
    )
    assert [o["officer_name"] for o in officers] == [a.actor.officer_name, "New Officer"] and officers[1]["seq"] == 3


def test_oversized_fields_are_refused_at_bundle_check(attack):
    """Finding 3: one huge notes field. Over the field limit: the record is refused; over the line
    limit: the bundle is refused before the line is parsed."""
    from desktop.domain import limits

    coord, a = attack.coord, attack.a
    mine = attack.record_of(a)
    report = attack.send(a, [_as(a, mine, revision=2, notes="n" * (limits.LONG_TEXT + 1))], seq=2)
    assert report.status == "rejected" and report.code == "record" and "too long" in report.reason
    huge = random.Random(3).randbytes(bundle.MAX_LINE // 2 + 1).hex()  # does not compress: no zip-bomb rule
    report = attack.send(a, [_as(a, mine, revision=2, notes=huge)], seq=2)
    assert report.status == "rejected" and report.code == "format" and "too long" in report.reason
    assert coord.get("observation", mine["id"]).notes == mine["notes"]


def test_the_coordinator_sees_it_all_through_the_cli(attack, capsys):
    """Driven by the CLI: A's edit and deletion of B's record are refused and listed, a grant is
    given and shown, a fork and a far-ahead number show in the device list."""
    from desktop.cli import main

    coord, a, b = attack.coord, attack.a, attack.b
    home = str(coord.home.root)
    original = attack.record_of(b)
    world = attack.worlds[a.device_id]

    def forged(records, seq: int) -> str:
        path = attack.tmp / f"cli-{seq}-{len(records)}-{records[0]['revision']}.pantau"
        path.write_bytes(world.seal(records, manifest=dict(world.manifest, seq=seq), encrypt=True))
        return str(path)

    def run(*args):
        code = main(["--home", home, *args])
        out, err = capsys.readouterr()
        return code, out, err

    edit, tomb = _as(a, original, revision=2, notes="taken over"), _as(a, original, revision=3, deleted=True)
    code, out, _ = run("import", forged([edit], 2), forged([tomb], 3))
    assert code == 0 and "may not change it" in out and "may not delete it" in out
    assert coord.get("observation", original["id"]).notes == original["notes"]
    code, out, _ = run("coordinator", "refused")
    assert code == 0 and out.count(original["id"]) == 2
    fp_a, fp_b = (keys.device_signing_key(d.home).fingerprint for d in (a, b))
    code, out, _ = run("coordinator", "grant", fp_a, "--owner", fp_b)
    assert code == 0 and b.device_id in out
    code, out, _ = run("coordinator", "grants")
    assert a.device_id in out and b.device_id in out
    mine = attack.record_of(a)
    code, out, err = run("import", forged([_as(a, mine, revision=2, notes="other")], 3))  # number 3 again
    assert code == 1 and "fork" in out + err
    code, out, _ = run("import", forged([_as(a, mine, revision=2, notes="ahead")], 500))
    assert "far ahead" in out
    code, out, _ = run("coordinator", "devices")
    assert "Forks: 1" in out and "Missing bundles: 4–499" in out
    code, out, _ = run("coordinator", "clear-forks", fp_a)
    assert code == 0 and "Forks" not in run("coordinator", "devices")[1]


def test_verify_names_a_fork_and_a_jump_without_writing(attack):
    coord, a = attack.coord, attack.a
    mine = attack.record_of(a)
    attack.send(a, [_as(a, mine, revision=2, notes="one")], seq=2)
    world = attack.worlds[a.device_id]
    fork = attack.tmp / "verify-fork.pantau"
    fork.write_bytes(world.seal([_as(a, mine, revision=2, notes="two")], manifest=dict(world.manifest, seq=2)))
    ahead = attack.tmp / "verify-ahead.pantau"
    ahead.write_bytes(world.seal([_as(a, mine, revision=3, notes="3")], manifest=dict(world.manifest, seq=900)))
    before = counts(coord)
    assert any("a fork" in n for n in importer.verify_file(coord, fork).notes)
    assert any("far ahead" in n for n in importer.verify_file(coord, ahead).notes)
    assert counts(coord) == before


def test_the_sync_page_tells_the_coordinator_of_refused_versions(attack, qtbot):
    from desktop.ui.operations import OperationRunner
    from desktop.ui.pages.sync_page import SyncPage

    coord, a, b = attack.coord, attack.a, attack.b
    page = SyncPage(coord, OperationRunner())
    qtbot.addWidget(page)
    page.refresh()
    assert "refused" not in page.coordinator_label.text()
    attack.send(a, [_as(a, attack.record_of(b), revision=2, notes="taken over")], seq=2)
    page.refresh()
    assert "1 record version refused by the ownership rules" in page.coordinator_label.text()


def test_compressed_evidence_is_refused(attack):
    """Evidence travels stored as it is, so it never costs the coordinator more than its share of the file."""
    a = attack.a
    world = attack.worlds[a.device_id]
    content = b"\0" * 100_000
    name = bundle.EVIDENCE_PREFIX + bundle.sha256_hex(content)
    data = world.seal(
        [_as(a, attack.record_of(a), revision=2)], manifest=dict(world.manifest, seq=2), extra=[(name, content, True)]
    )
    path = attack.tmp / "deflated-evidence.pantau"
    path.write_bytes(data)
    [report] = importer.import_paths(attack.coord, [path])
    assert report.status == "rejected" and report.code == "zip" and "evidence/" in report.reason
