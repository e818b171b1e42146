"""Migration 10: the name each device's bundles give it."""

from __future__ import annotations


def m010_device_names(db) -> None:
    """The name each device's bundles give it ("Laptop Polda Riau 2"); '' until one arrives."""
    db.executescript("ALTER TABLE sync_devices ADD COLUMN device_name TEXT NOT NULL DEFAULT '';")
