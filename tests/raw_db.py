"""The database file beneath a store, for tests that inspect or tamper with rows the store itself
would never write (a forged audit entry, a drifted count). Product code never does this: the store's
connection is private (``store.queries`` is the way to every query)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from desktop.db.connection import open_database


@contextmanager
def raw_connection(store) -> Iterator:
    """A second connection to ``store``'s database file, opened the way the store opens its own (the
    home's key when it is protected, the same pragmas: triggers behave alike); committed and closed
    when the ``with`` ends."""
    db = open_database(store.path, migrate=False, key=store.keys.database if store.keys else None)
    try:
        yield db.conn
        db.conn.commit()
    finally:
        db.close()


def raw_execute(store, sql: str, args=()) -> list:
    """Run one statement on ``store``'s database file through a second connection; its rows."""
    with raw_connection(store) as conn:
        return conn.execute(sql, args).fetchall()
