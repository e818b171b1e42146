"""The kept record counts (migration 6) always equal a full count, whatever writes the rows."""

from __future__ import annotations

import dataclasses

from test_store import observation

from desktop.db import queries
from desktop.store import ListFilter
from tests.raw_db import raw_connection, raw_execute


def full_counts(store) -> dict[str, tuple[int, int]]:
    return {
        kind: tuple(
            raw_execute(store, f"SELECT coalesce(sum(deleted = 0), 0), coalesce(sum(deleted != 0), 0) FROM {table}")[0]
        )
        for kind, table in queries.TABLES.items()
    }


def kept_counts(store) -> dict[str, tuple[int, int]]:
    return {kind: (live, deleted) for kind, live, deleted in raw_execute(store, "SELECT * FROM record_counts")}


def test_counts_follow_saves_edits_deletes_restores_and_bulk_writes(store):
    first = store.save(observation())
    store.save_new_many([observation(url=f"https://shopee.co.id/p/{i}") for i in range(25)])
    store.save(dataclasses.replace(store.get("observation", first.id), notes="edited"))  # a new revision
    store.delete("observation", first.id)
    second = store.page(ListFilter(), 0, 1)[0]["id"]
    store.delete("observation", second)
    store.restore("observation", second)
    assert kept_counts(store) == full_counts(store)
    assert kept_counts(store)["observation"] == (25, 1)
    assert store.count(ListFilter()) == 25
    assert store.count(ListFilter(include_deleted=True)) == 26  # a filter: counted in full
    assert store.stats()["deleted"] == 1
    assert store.recount() == []


def test_replace_and_raw_delete_keep_counts(store):
    """INSERT OR REPLACE (the merge path) fires the delete trigger too: recursive_triggers is on."""
    saved = store.save(observation())
    columns = [r[1] for r in raw_execute(store, "PRAGMA table_info(observations)")]
    row = raw_execute(store, "SELECT * FROM observations WHERE id = ?", (saved.id,))[0]
    with raw_connection(store) as conn:
        conn.execute(
            f"INSERT OR REPLACE INTO observations ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", row
        )
    assert kept_counts(store) == full_counts(store) == {**full_counts(store), "observation": (1, 0)}
    raw_execute(store, "DELETE FROM observations")
    assert kept_counts(store)["observation"] == (0, 0)


def test_recount_corrects_counts_that_drifted(store):
    store.save(observation())
    raw_execute(store, "UPDATE record_counts SET live = 99 WHERE kind = 'observation'")
    assert store.count(ListFilter()) == 99
    assert store.recount() == ["observation"]
    assert store.count(ListFilter()) == 1 and kept_counts(store) == full_counts(store)


def test_search_counts_agree_with_the_page(store):
    store.save_new_many(
        [observation(url=f"https://shopee.co.id/p/{i}", notes=("trenggiling" if i % 3 else "")) for i in range(30)]
    )
    flt = ListFilter(text="trenggiling")
    assert store.count(flt) == len(store.page(flt, 0, 100)) == 20
    store.delete("observation", store.page(flt, 0, 1)[0]["id"])
    store.save(dataclasses.replace(store.get("observation", store.page(flt, 0, 1)[0]["id"]), notes="edited"))
    assert store.count(flt) == len(store.page(flt, 0, 100)) == 18  # one deleted, one edited away
    narrowed = ListFilter(text="trenggiling", platform="facebook")
    assert store.count(narrowed) == len(store.page(narrowed, 0, 100)) == 18
    deleted_too = ListFilter(text="trenggiling", include_deleted=True)
    assert store.count(deleted_too) == len(store.page(deleted_too, 0, 100)) == 18  # tombstones are not indexed
    assert store.keys is None  # a plain SQLite store (not SQLCipher)
