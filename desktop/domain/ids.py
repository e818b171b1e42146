"""Record identifiers and timestamps: UUIDv7 ids (time-ordered, unique across
devices) and UTC ISO-8601 times."""

from __future__ import annotations

import datetime as dt


def new_id() -> str:
    """A new UUIDv7 as a canonical lowercase string."""
    import uuid6  # loaded with the first new id, not with the unlock screen (it reads package metadata)

    return str(uuid6.uuid7())


def utc_now() -> str:
    """The current UTC time as ISO-8601 with microseconds and a 'Z' suffix."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_utc(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.timezone.utc)
