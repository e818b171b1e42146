"""The database file beneath a store, for tests that inspect or tamper with rows the store itself
would never write (a forged audit entry, a drifted count). Product code never does this: the store's
connection is private (``store.queries`` is the way to every query)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from desktop.db.connection import connect


@contextmanager
def raw_connection(store, readonly: bool = False) -> Iterator:
    """A second connection to ``store``'s database file (with the home's key when it is protected);
    committed and closed when the ``with`` ends."""
    conn = connect(store.path, readonly=readonly, key=store.keys.database if store.keys else None)
    try:
        yield conn
        if not readonly:
            conn.commit()
    finally:
        conn.close()


def raw_execute(store, sql: str, args=()) -> list:
    """Run one statement on ``store``'s database file through a second connection; its rows."""
    with raw_connection(store) as conn:
        return conn.execute(sql, args).fetchall()
