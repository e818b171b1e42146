"""The SQLite store: the only package that contains SQL.

``open_database`` is the one way to open a connection (so that an encrypted
connection can take its place); ``migrations`` is the one migration list.
"""

from desktop.db.connection import open_database

__all__ = ["open_database"]
