"""The coordinator's list of devices and their trust: approve (which merges the
device's quarantined bundles, oldest first), revoke, and the overview.

Trust is bound to the device's full public key; the fingerprint (minisign key
id) only names it. Approving refuses a fingerprint shared by two different
keys, since key ids are chosen by whoever makes the key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from desktop.domain.ids import utc_now
from desktop.errors import PantauError
from desktop.i18n import _
from desktop.sync import importer, sequence
from desktop.sync.importer import QUARANTINED, REVOKED, TRUSTED


class DeviceNotFound(PantauError):
    """No device (or more than one key) with the given fingerprint."""


@dataclass
class DeviceInfo:
    fingerprint: str
    device_id: str
    state: str
    officer_name: str
    first_seen: str
    imported: int
    quarantined: int
    rejected: int
    last_import: str
    missing: list[tuple[int, int]]  # (first, last) ranges of bundle numbers never received
    public_key: str
    forks: int = 0  # bundles refused as forks, until the coordinator clears them
    officers: list[dict] = field(default_factory=list)  # registered officers, oldest first
    device_name: str = ""  # from the device's bundles ("Laptop Polda Riau 2"); "" from older devices

    @property
    def label(self) -> str:
        """The device's name, or its id when no bundle named it."""
        return self.device_name or self.device_id

    @property
    def missing_text(self) -> str:
        return sequence.format_ranges(self.missing)


def one_device(store, fingerprint: str) -> dict:
    fingerprint = fingerprint.strip().upper().zfill(16)  # the stock minisign tool drops leading zeros
    rows = store.queries.sync.devices_by_fingerprint(fingerprint)
    if not rows:
        raise DeviceNotFound(_("No device with fingerprint {fp} has sent a bundle here.").format(fp=fingerprint))
    if len(rows) > 1:
        raise DeviceNotFound(
            _(
                "Fingerprint {fp} belongs to {n} different keys; someone may be imitating a device. "
                "Nothing was changed."
            ).format(fp=fingerprint, n=len(rows))
        )
    return rows[0]


class RevokedDevice(PantauError):
    """Approving a device that was revoked needs to be asked for explicitly."""


def approve(store, fingerprint: str, allow_revoked: bool = True) -> list[importer.BundleReport]:
    """Trust a device and merge its quarantined bundles in sequence order; one report per bundle.

    A revoked device is trusted again only with ``allow_revoked`` (otherwise RevokedDevice says who
    revoked it and when)."""
    importer.require_coordinator(store)
    device = one_device(store, fingerprint)
    if device["state"] == REVOKED and not allow_revoked:
        raise RevokedDevice(
            _(
                "Device {fp} ({device}) was revoked on {when} by {who}: its key may be stolen or the device lost. "
                "Nothing was changed. To trust it again anyway, confirm with the officer in person and repeat "
                "the command with --again."
            ).format(
                fp=device["fingerprint"],
                device=device["device_id"],
                when=device.get("changed_at") or "?",
                who=device.get("changed_by") or "?",
            )
        )
    with store.transaction():
        store.queries.sync.set_device_state(device["public_key"], TRUSTED, utc_now(), store.actor.officer_name)
    reports = []
    for row in store.queries.sync.quarantined_of_device(device["public_key"]):
        reports.append(importer.import_file(store, Path(row["stored_path"]), pending_row=row))
    importer.add_gap_notes(store, reports)
    return reports


def device_state(store, fingerprint: str) -> str:
    """The trust state of the device with ``fingerprint`` (raises DeviceNotFound)."""
    return one_device(store, fingerprint)["state"]


def revoke(store, fingerprint: str) -> dict:
    """Refuse every later bundle from this device. Records already merged stay."""
    device = one_device(store, fingerprint)
    with store.transaction():
        store.queries.sync.set_device_state(device["public_key"], REVOKED, utc_now(), store.actor.officer_name)
    return dict(device, state=REVOKED)


def clear_forks(store, fingerprint: str) -> int:
    """The coordinator has looked at a device's forks: stop showing them (the files stay kept)."""
    device = one_device(store, fingerprint)
    with store.transaction():
        return store.queries.ownership.clear_forks(device["public_key"])


def list_devices(store) -> list[DeviceInfo]:
    counts = store.queries.sync.device_import_counts()
    out = []
    for row in store.queries.sync.all_devices():
        c = counts.get(row["public_key"], {})
        out.append(
            DeviceInfo(
                row["fingerprint"],
                row["device_id"],
                row["state"],
                row["officer_name"],
                row["first_seen"],
                c.get("imported", 0),
                c.get(QUARANTINED, 0),
                c.get("rejected", 0),
                c.get("last", ""),
                importer.missing_ranges(store, row["device_id"]),
                row["public_key"],
                c.get("fork", 0),
                store.queries.ownership.device_officers(row["public_key"]),
                row["device_name"],
            )
        )
    return out


def state_label(state: str) -> str:
    return {TRUSTED: _("trusted"), QUARANTINED: _("quarantined"), REVOKED: _("revoked")}.get(state, state)
