"""Migration 6: record counts kept by triggers; list indexes in the lists' order."""

from __future__ import annotations

COUNTED_TABLES = {"observation": "observations", "seizure": "seizures", "response": "responses"}


def m006_record_counts(db) -> None:
    """Live and deleted records per kind, kept by triggers, so that an unfiltered list of a
    million records shows its count at once. (open_database turns recursive_triggers on, so
    that INSERT OR REPLACE also fires the delete trigger of the row it replaces.) And list
    indexes in the lists' own order (date, then id), so a page needs no sort: 16 ms instead of
    80 ms for the first page of a million observations."""
    db.execute("CREATE TABLE record_counts (kind TEXT PRIMARY KEY, live INTEGER NOT NULL, deleted INTEGER NOT NULL)")
    for kind, table in COUNTED_TABLES.items():
        db.execute(
            f"INSERT INTO record_counts SELECT ?, coalesce(sum(deleted = 0), 0), "
            f"coalesce(sum(deleted != 0), 0) FROM {table}",
            (kind,),
        )
        tally = (
            "UPDATE record_counts SET live = live {sign} ({row}.deleted = 0), "
            "deleted = deleted {sign} ({row}.deleted != 0) WHERE kind = '" + kind + "';"
        )
        db.executescript(f"""
        CREATE TRIGGER {table}_count_insert AFTER INSERT ON {table} BEGIN
            {tally.format(sign="+", row="NEW")} END;
        CREATE TRIGGER {table}_count_delete AFTER DELETE ON {table} BEGIN
            {tally.format(sign="-", row="OLD")} END;
        CREATE TRIGGER {table}_count_update AFTER UPDATE OF deleted ON {table} BEGIN
            {tally.format(sign="-", row="OLD")} {tally.format(sign="+", row="NEW")} END;
        """)
    db.executescript("""
    DROP INDEX observations_observed_at;
    CREATE INDEX observations_list ON observations(deleted, observed_at, id);
    DROP INDEX seizures_date;
    CREATE INDEX seizures_list ON seizures(deleted, seizure_date, id);
    """)
