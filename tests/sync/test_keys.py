"""Device and coordinator keys: created once, owner-only, cards checked on import."""

from __future__ import annotations

import json

import pytest

from desktop.sync import keys
from desktop.sync.errors import KeyStoreError


def test_device_key_is_created_once_and_owner_only(homes):
    dev = homes.device("dev")
    first = keys.device_signing_key(dev.home)
    again = keys.device_signing_key(dev.home)
    assert first.public_line == again.public_line and first.fingerprint == again.fingerprint
    path = dev.home.keys_dir / keys.DEVICE_KEY
    assert path.stat().st_mode & 0o777 == 0o600
    path.chmod(0o644)  # loosened by someone: narrowed again on load
    keys.device_signing_key(dev.home)
    assert path.stat().st_mode & 0o777 == 0o600


def test_damaged_device_key_is_a_clear_error(homes):
    dev = homes.device("dev")
    keys.device_signing_key(dev.home)
    (dev.home.keys_dir / keys.DEVICE_KEY).write_text("garbage")
    with pytest.raises(KeyStoreError, match="damaged"):
        keys.device_signing_key(dev.home)


def test_coordinator_init_card_and_identity(homes, tmp_path):
    coord = homes.coordinator()
    card = keys.coordinator_card(coord.home)
    assert card.age_recipient.startswith("age1") and len(card.fingerprint) == 16
    assert keys.coordinator_signing_key(coord.home).fingerprint == card.fingerprint
    assert (coord.home.keys_dir / keys.COORD_AGE).stat().st_mode & 0o777 == 0o600
    with pytest.raises(KeyStoreError, match="already a coordinator"):
        keys.init_coordinator(coord.home, "again")
    out = keys.export_identity(coord.home, tmp_path / "id.txt")
    with pytest.raises(KeyStoreError, match="already exists"):
        keys.export_identity(coord.home, out)
    dev = homes.device("dev")
    with pytest.raises(KeyStoreError, match="not a coordinator"):
        keys.export_identity(dev.home, tmp_path / "x.txt")


def test_card_import_checks_the_card(homes, tmp_path):
    coord = homes.coordinator()
    dev = homes.device("dev")
    source = coord.home.keys_dir / keys.COORD_CARD
    card, new = keys.import_card(dev.home, source)
    assert new and keys.imported_cards(dev.home) == [card]
    assert keys.import_card(dev.home, source) == (card, False)
    data = json.loads(source.read_text())
    for change in (
        {"fingerprint": "0000000000000000"},
        {"age_recipient": "age1nonsense"},
        {"format": "something-else"},
        {"version": 9},
    ):
        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps(dict(data, **change)))
        with pytest.raises(KeyStoreError):
            keys.import_card(dev.home, bad)
    (tmp_path / "junk.json").write_bytes(b"\xff\xfe")
    with pytest.raises(KeyStoreError):
        keys.import_card(dev.home, tmp_path / "junk.json")
    with pytest.raises(KeyStoreError):
        keys.import_card(dev.home, tmp_path / "missing.json")
