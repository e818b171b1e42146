"""Migration 4 on a database written before it: new columns and record_contacts filled from the bodies."""

from __future__ import annotations

import json

from desktop.db import migrations
from desktop.db.connection import open_database
from desktop.domain.canonical import canonical_json
from desktop.intel.followup import due
from desktop.intel.links import suggest_links
from desktop.store import Store
from tests.intel.dataset import IMAGE_1


def _old_body(record_id: str, handle: str) -> dict:
    return {
        "id": record_id,
        "kind": "observation",
        "revision": 1,
        "created_at": "2026-01-01T00:00:00.000000Z",
        "updated_at": "2026-01-01T00:00:00.000000Z",
        "device_id": "d",
        "officer_id": "o",
        "officer_name": "O",
        "deleted": False,
        "observed_at": "2026-01-01",
        "platform": "facebook",
        "country": "ID",
        "url": "",
        "group_name": "",
        "seller_handle": handle,
        "seller_name": "",
        "species": [
            {
                "species_id": "kittacincla-malabarica",
                "other_name": "",
                "specimen": "live",
                "quantity": "1",
                "unit": "",
                "term": "",
            }
        ],
        "price": "",
        "currency": "",
        "price_text": "",
        "seller_location": "",
        "reported": True,
        "reported_on": "2026-01-02",
        "removed": False,
        "account_locked": False,
        "notes": "",
        "evidence": [
            {
                "sha256": IMAGE_1,
                "filename": "a.jpg",
                "media_type": "image/jpeg",
                "size": 1,
                "added_at": "",
                "added_by": "",
                "device_id": "",
            }
        ],
    }


def test_upgrade_from_version_3_backfills(home, settings, ref):
    home.ensure()
    db = open_database(home.db_path, migrate=False)
    for number, _name, migrate in migrations.MIGRATIONS:
        if number > 3:
            break
        with db.atomic():
            migrate(db)
            db.execute(f"PRAGMA user_version = {number}")
    with db.atomic():
        for n, handle in enumerate(("lama_satu", "lama_dua")):
            body = _old_body(f"0000000{n}-0000-7000-8000-000000000000", handle)
            db.conn.execute(
                "INSERT INTO observations (id, revision, created_at, updated_at, device_id, officer_id, officer_name, "
                "deleted, change_seq, body, observed_at, platform, country, seller_handle, reported) "
                "VALUES (?, 1, ?, ?, 'd', 'o', 'O', 0, ?, ?, '2026-01-01', 'facebook', 'ID', ?, 1)",
                (body["id"], body["created_at"], body["updated_at"], n + 1, canonical_json(body), handle),
            )
    db.close()
    store = Store.open(home, settings, ref)
    try:
        assert store.schema_version() == migrations.LATEST >= 4
        [suggestion] = suggest_links(store)
        assert (suggestion.account_a, suggestion.account_b) == ("lama_dua", "lama_satu")
        assert [r.kind for r in suggestion.reasons] == ["image"]
        assert due(store) == []  # no follow-up date in the old bodies
        record = store.find("00000000-0000-7000-8000-000000000000")
        assert record.contacts == [] and record.followup_due == ""
        store.save(record, accept_warnings=True)  # re-saving gives it its follow-up date
        assert [row["followup_due"] for row in due(store)] == ["2026-01-09"]
        assert json.loads(json.dumps(store.stats()))["total"] == 2
    finally:
        store.close()
