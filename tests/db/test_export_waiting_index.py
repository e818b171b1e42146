"""Migration 11: the count waiting for export reads an index of (device, change) in every entity
table, so the status bar's count after a save does not walk every change of a large home."""

from __future__ import annotations

import sqlite3

from test_store import observation

from desktop.db.records import ENTITY_TABLES


def test_waiting_count_reads_the_device_change_index(store):
    store.save_new_many([observation() for _ in range(3)])
    conn = sqlite3.connect(f"file:{store.path}?mode=ro", uri=True)
    try:
        for table in ENTITY_TABLES.values():
            plan = " ".join(
                row[-1]
                for row in conn.execute(
                    f"EXPLAIN QUERY PLAN SELECT count(*) FROM {table} WHERE device_id = ? AND change_seq > ?", ("d", 0)
                )
            )
            assert f"COVERING INDEX {table}_device_change" in plan, (table, plan)
    finally:
        conn.close()
    assert store.pending_export_count() == 3
    assert store.pending_export_count(cap=2) == 2
