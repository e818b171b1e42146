"""Coordinator decisions in an update pack, encrypted so that only the devices holding
each record can read it.

A pack is one file for every device, left in a shared folder, so the records the
coordinator changed (seller names, phone numbers, notes) never travel in the clear:
each device that holds some of them gets ``records/<device id>.age`` — the canonical
JSON lines of its records (as :mod:`desktop.sync.decisions` reads them), age-encrypted
(X25519) to the key the coordinator knows for that device. That key is derived from the
device's minisign signing key (:mod:`desktop.sync.device_age`), so devices need no new key
and the coordinator no new protocol; the stock ``age -d -i`` opens the file with the
device's derived identity (``pantau keys export-age-identity``).

Who holds a record, at the coordinator: every device whose version of it a bundle brought
here (audit ``import`` entries) or that took part in one of its merge conflicts. A revoked
device gets nothing, and neither does a device id that cannot be a file name (Pantau's ids
always can). The manifest lists the encrypted files' SHA-256 like every other file, so the
coordinator's signature covers them. A device decrypts only its own file; one without a
file gets no decisions; a file that its key cannot open refuses the whole pack.
"""

from __future__ import annotations

import re

import pyrage

from desktop.i18n import _
from desktop.sync import decisions, device_age, keys, signing
from desktop.sync.errors import BundleError
from desktop.sync.importer import REVOKED

PREFIX = "records/"
SUFFIX = ".age"
DEVICE_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,100}$")


def file_name(device_id: str) -> str:
    return f"{PREFIX}{device_id}{SUFFIX}"


def is_record_file(name: str) -> bool:
    return name.startswith(PREFIX) and name.endswith(SUFFIX)


# -- at the coordinator -----------------------------------------------------------------------
def holders(store, record_ids: list[str]) -> dict[str, set[str]]:
    """Record id -> the ids of the devices (not this home) that hold it."""
    out = store.queries.sync.imported_writers(record_ids)
    for record_id, devices in store.queries.sync.conflict_devices(record_ids).items():
        out.setdefault(record_id, set()).update(devices)
    for devices in out.values():
        devices.discard(store.device_id)
    return out


def device_recipients(store, device_id: str) -> list:
    """The age recipients of every key this home knows for ``device_id``, revoked keys left out."""
    out = []
    for row in store.queries.sync.devices_by_device_id(device_id):
        if row["state"] == REVOKED:
            continue
        try:
            out.append(device_age.recipient(signing.parse_public_key(row["public_key"])))
        except (ValueError, pyrage.RecipientError):
            continue  # not a key anything can be encrypted to: that device gets nothing
    return out


def device_files(store, what: str) -> dict[str, bytes]:
    """``records/<device id>.age`` for every device that holds a record the coordinator decided on.
    Each plaintext is checked as the device will check it before it is encrypted."""
    bodies = decisions.decision_bodies(store)
    if not bodies:
        return {}
    held = holders(store, list(bodies))
    lines: dict[str, list[str]] = {}
    for record_id, body in bodies.items():
        for device_id in sorted(held.get(record_id, ())):
            lines.setdefault(device_id, []).append(body)
    files: dict[str, bytes] = {}
    for device_id, device_lines in sorted(lines.items()):
        recipients = device_recipients(store, device_id) if DEVICE_ID_RE.match(device_id) else []
        if not recipients:
            continue
        plaintext = "".join(line + "\n" for line in device_lines).encode("utf-8")
        decisions.parse_decisions(store, plaintext, what)
        files[file_name(device_id)] = pyrage.encrypt(plaintext, recipients)
    return files


# -- on a device ------------------------------------------------------------------------------
def own_records(store, contents: dict[str, bytes], what: str) -> list[tuple[dict, str]]:
    """The decisions of a verified pack for this device (none when it has no file in the pack)."""
    data = contents.get(file_name(store.device_id))
    if data is None:
        return []
    key = keys.device_signing_key(store.home, store.keys)
    try:
        plaintext = pyrage.decrypt(data, [device_age.identity(key.secret)])
    except pyrage.DecryptError:
        raise BundleError(
            "decrypt",
            _(
                "{what}: the coordinator's decisions for this device cannot be decrypted with this device's key. "
                "Nothing was applied; ask the coordinator to check this device's key in the device list."
            ).format(what=what),
        ) from None
    return decisions.parse_decisions(store, plaintext, what)
