"""Update packs (coordinator-signed files for devices) and the sync folder."""

from __future__ import annotations

import pytest

from desktop.rates import list_rates
from desktop.sync import importer, packs
from desktop.sync.devices import approve
from desktop.sync.errors import BundleError
from desktop.sync.folder import INBOX, PACKS, outbox, publish_pack, sent, sync_folder_tick
from desktop.sync.keys import device_signing_key
from tests.sync.conftest import give_card, observation, rezip, zip_entries


@pytest.fixture
def pack_files(tmp_path):
    rates = tmp_path / "usd_rates.csv"
    rates.write_text("currency,valid_from,usd_per_unit\nIDR,2026-01-01,0.000062\n", encoding="utf-8")
    settings = tmp_path / "settings.json"
    settings.write_text('{"followup_days": 10}', encoding="utf-8")
    return [rates, settings]


def test_update_pack_from_own_coordinator_is_applied_once(homes, tmp_path, pack_files):
    coord = homes.coordinator()
    dev = homes.device("dev")
    give_card(coord, dev)
    path = packs.build_update_pack(coord, pack_files, tmp_path / "packs", note="rates for 2026")
    result = packs.apply_update_pack(dev, path)
    assert result.status == "applied" and result.files == ["rates.csv", "settings.json"]
    assert [(r.currency, str(r.usd_per_unit)) for r in list_rates(dev)] == [("IDR", "0.000062")]
    assert packs.apply_update_pack(dev, path).status == "already"
    assert len(dev.queries.sync.packs()) == 1
    # an older pack after a newer one is not applied again
    newer = packs.build_update_pack(coord, pack_files[:1], tmp_path / "packs")
    assert packs.apply_update_pack(dev, newer).status == "applied"
    assert packs.apply_update_pack(dev, path).status == "already"


def test_update_pack_with_a_bad_signature_is_refused(homes, tmp_path, pack_files):
    coord = homes.coordinator()
    dev = homes.device("dev")
    give_card(coord, dev)
    path = packs.build_update_pack(coord, pack_files, tmp_path / "packs")
    entries = zip_entries(path.read_bytes())
    entries["files/rates.csv"] = entries["files/rates.csv"].replace(b"0.000062", b"0.000099")
    bad = tmp_path / "bad.pantaupack"
    bad.write_bytes(rezip(entries))
    with pytest.raises(BundleError) as info:
        packs.apply_update_pack(dev, bad)
    assert info.value.code == "hash"
    entries["manifest.json"] = entries["manifest.json"].replace(b'"seq": 1', b'"seq": 7')
    bad.write_bytes(rezip(entries))
    with pytest.raises(BundleError) as info:
        packs.apply_update_pack(dev, bad)
    assert info.value.code == "signature"
    assert list_rates(dev) == []
    assert dev.queries.sync.packs() == []


def test_update_pack_from_another_coordinator_is_refused(homes, tmp_path, pack_files):
    mine = homes.coordinator("mine")
    other = homes.coordinator("other")
    dev = homes.device("dev")
    give_card(mine, dev)
    path = packs.build_update_pack(other, pack_files, tmp_path / "packs")
    with pytest.raises(BundleError) as info:
        packs.apply_update_pack(dev, path)
    assert info.value.code == "untrusted" and "not one of your imported coordinator cards" in info.value.message
    bare = homes.device("bare")  # no card at all
    with pytest.raises(BundleError):
        packs.apply_update_pack(bare, path)


def test_sync_folder_round_trip(homes, tmp_path, pack_files):
    folder = tmp_path / "shared"
    folder.mkdir()
    coord = homes.coordinator()
    dev = homes.device("dev")
    give_card(coord, dev)
    dev.save(observation(1))
    publish_pack(packs.build_update_pack(coord, pack_files[:1], tmp_path / "p"), folder)

    tick = sync_folder_tick(dev, folder)
    assert tick.reachable and len(tick.exported) == 1 and len(tick.delivered) == 1 and tick.waiting == 0
    assert [p.status for p in tick.packs] == ["applied"]
    assert (folder / INBOX / tick.exported[0].name).exists() and (sent(dev.home) / tick.exported[0].name).exists()
    assert sync_folder_tick(dev, folder).exported == []  # nothing new

    first = sync_folder_tick(coord, folder)
    assert [r.status for r in first.imported] == ["quarantined"]
    approve(coord, device_signing_key(dev.home).fingerprint)
    assert sync_folder_tick(coord, folder).imported == []  # seen before: not imported twice
    assert coord.stats()["total"] == 1


def test_unreachable_sync_folder_loses_nothing(homes, tmp_path):
    coord = homes.coordinator()
    dev = homes.device("dev")
    give_card(coord, dev)
    dev.save(observation(1))
    missing = tmp_path / "usb-stick-not-plugged-in"
    tick = sync_folder_tick(dev, missing)
    assert not tick.reachable and tick.waiting == 1 and "cannot be reached" in tick.message
    assert len(list(outbox(dev.home).iterdir())) == 1
    dev.save(observation(2))
    assert sync_folder_tick(dev, missing).waiting == 2
    missing.mkdir()
    tick = sync_folder_tick(dev, missing)
    assert tick.reachable and len(tick.delivered) == 2 and tick.waiting == 0
    assert not sync_folder_tick(coord, tmp_path / "nowhere").reachable
    reports = importer.import_paths(coord, [missing / INBOX])
    assert [r.status for r in reports] == ["quarantined", "quarantined"]
    assert not (missing / PACKS).exists()
