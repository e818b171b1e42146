"""Exporting a bundle on a device.

Incremental by default: every record and other versioned entity (monitoring
session, seller link, seller network: desktop.domain.entities) changed since the
last export (the store's ``last_exported_seq``), the audit entries written since then, and the
evidence files those records reference. ``full=True`` exports everything.
The file is written atomically first; only then are the export marks moved,
so a failed or cancelled export loses nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from desktop import __version__, training
from desktop.domain.canonical import canonical_json
from desktop.domain.entities import ENTITY_KINDS
from desktop.domain.ids import utc_now
from desktop.domain.records import KINDS
from desktop.evidence import EvidenceError
from desktop.files import atomic_write
from desktop.i18n import _
from desktop.progress import Progress
from desktop.sync import bundle, keys, signing
from desktop.sync.errors import BundleError

META_SEQ = "export_seq"
META_CHANGE = "last_exported_seq"
META_AUDIT = "last_exported_audit_seq"
META_PREVIOUS = "last_bundle_sha256"
META_AT = "last_export_at"
EVIDENCE_MARK = '"evidence":[{'


@dataclass
class ExportResult:
    path: Path
    seq: int
    bundle_sha256: str
    counts: dict
    encrypted: bool
    recipients: list[str] = field(default_factory=list)  # coordinator names
    missing_evidence: list[str] = field(default_factory=list)
    full: bool = False

    @property
    def records(self) -> int:
        return sum(self.counts.get(kind, 0) for kind in KINDS)


def device_short(device_id: str) -> str:
    """The random tail of the device id (UUIDv7 heads are timestamps, shared by devices set up together)."""
    return device_id.replace("-", "")[-8:]


def bundle_file_name(device_id: str, created_at: str, seq: int) -> str:
    return f"pantau-{device_short(device_id)}-{created_at[:10].replace('-', '')}-{seq:06d}{bundle.EXTENSION}"


def device_identity(store) -> dict:
    """What ``pantau keys show`` prints: device id, fingerprint, public key (created on first use)."""
    key = keys.device_signing_key(store.home, store.keys)
    return {"device_id": store.device_id, "fingerprint": key.fingerprint, "public_key": key.public_line}


def export_bundle(store, dest_dir: Path, full: bool = False, progress: Progress | None = None) -> ExportResult | None:
    """Write the next bundle into ``dest_dir``; None when nothing changed since the last export."""
    progress = progress or Progress()
    home = store.home
    key = keys.device_signing_key(home, store.keys)
    cards = keys.imported_cards(home)
    progress(0, 4)
    with store.transaction():  # one consistent snapshot of records, audit and marks
        since = 0 if full else store.last_exported_seq()
        audit_since = 0 if full else int(store.queries.records.get_meta(META_AUDIT, "0"))
        mark = f'"device_id":{json.dumps(store.device_id)}'  # not the coordinator's revisions from a pack
        bodies = {
            kind: [b for b in store.queries.entities.iter_bodies(kind, since) if mark in b] for kind in ENTITY_KINDS
        }
        if not any(bodies.values()):
            return None
        until = int(store.queries.records.get_meta("change_seq", "0"))
        audit = store.queries.audit.entries_since(audit_since)
        head_seq, head_hash = store.queries.audit.head()
        seq = int(store.queries.records.get_meta(META_SEQ, "0")) + 1
        previous = store.queries.records.get_meta(META_PREVIOUS, "")
    progress(1, 4)
    evidence, missing = _collect_evidence(store, bodies)
    progress(2, 4)
    created_at = utc_now()
    counts = {kind: len(items) for kind, items in bodies.items()}
    counts["tombstones"] = sum(
        1
        for items in bodies.values()
        for body in items
        if '"deleted":true' in body and json.loads(body)["deleted"] is True
    )
    counts["audit_entries"] = len(audit)
    counts["evidence_files"] = len(evidence)
    manifest = {
        "format": bundle.FORMAT,
        "format_version": bundle.FORMAT_VERSION,
        "schema_version": store.schema_version(),
        "app_version": __version__,
        "device_id": store.device_id,
        "device_public_key": key.public_line,
        "fingerprint": key.fingerprint,
        "officer": {"id": store.actor.officer_id, "name": store.actor.officer_name},
        "device_name": bundle.clean_device_name(store.settings.device_name if store.settings else ""),
        "created_at": created_at,
        "seq": seq,
        "previous_bundle_sha256": previous or None,
        "full": full,
        "range": {
            "after_change_seq": since,
            "to_change_seq": until,
            "after_audit_seq": audit_since,
            "to_audit_seq": audit[-1]["seq"] if audit else audit_since,
        },
        "counts": counts,
        "audit_head": {"seq": head_seq, "hash": head_hash},  # anchored at the coordinator (sync/anchors.py)
        "missing_evidence": sorted(missing),
        "recipients": [card.fingerprint for card in cards],
        **training.manifest_fields(home),  # "training": true from a training sandbox
    }
    records_bytes = "".join(body + "\n" for kind in ENTITY_KINDS for body in bodies[kind]).encode("utf-8")
    audit_bytes = "".join(canonical_json(entry) + "\n" for entry in audit).encode("utf-8")
    data, bundle_sha = bundle.pack(
        manifest,
        records_bytes,
        audit_bytes,
        evidence,
        key,
        signing.public_key_file(key.public),
        [card.recipient() for card in cards],
    )
    progress(3, 4)
    path = Path(dest_dir) / bundle_file_name(store.device_id, created_at, seq)
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise BundleError(
            "write",
            _("The bundle cannot be written to {path}: {reason}").format(path=path.parent, reason=exc.strerror or exc),
        ) from None
    with store.transaction():
        for name, value in (
            (META_CHANGE, until),
            (META_AUDIT, manifest["range"]["to_audit_seq"]),
            (META_SEQ, seq),
            (META_PREVIOUS, bundle_sha),
            (META_AT, created_at),
        ):
            store.queries.records.set_meta(name, str(value))
    return ExportResult(
        path, seq, bundle_sha, counts, bool(cards), [card.name for card in cards], sorted(missing), full
    )


def _collect_evidence(store, bodies: dict[str, list[str]]) -> tuple[dict[str, bytes], set[str]]:
    """Evidence files referenced by the exported records, checked against their hash; and those missing."""
    wanted: set[str] = set()
    for items in bodies.values():
        for body in items:
            if EVIDENCE_MARK in body:
                wanted.update(ref.get("sha256", "") for ref in json.loads(body).get("evidence") or [])
    found: dict[str, bytes] = {}
    missing: set[str] = set()
    for sha in sorted(wanted):
        try:
            data = store.evidence.read_bytes(sha)
        except EvidenceError:
            missing.add(sha)
            continue
        if bundle.sha256_hex(data) != sha:
            missing.add(sha)  # changed on disk: never sent as if it were the original
            continue
        found[sha] = data
    return found, missing


def pending(store) -> int:
    """Records waiting for the next export."""
    return store.pending_export_count()
