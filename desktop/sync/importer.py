"""Importing bundles at the coordinator: verify everything, then quarantine or merge.

Before anything is written a bundle is decrypted, read safely, its signature,
hashes, format and schema versions, every record (domain rules) and the
device's audit chain are checked, and the signing device's trust is looked
up. Any failure rejects the whole bundle (only a 'rejected' line is added to
the import log). A device seen for the first time is *quarantined*: its
verified bundle is kept, not merged, until ``approve``. Revoked devices are
refused. A trusted device's bundle is merged in one transaction together with
its import-log line. Every received file is kept under ``<home>/sync``.
"""

from __future__ import annotations

import gc
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from desktop.domain.entities import ENTITY_KINDS, entity_from_dict, is_record
from desktop.domain.ids import utc_now
from desktop.domain.monitoring import MONITORING_SESSION, SELLER_LINK, SELLER_NETWORK
from desktop.domain.validation import errors as only_errors
from desktop.errors import PantauError
from desktop.files import atomic_write
from desktop.i18n import _, ngettext
from desktop.progress import Progress
from desktop.sync import anchors, bundle, keys, merge, ownership, sequence, training_rules
from desktop.sync.errors import BundleError
from desktop.sync.export import device_short

MAX_FILE = 4 * 1024 * 1024 * 1024
TRUSTED, QUARANTINED, UNKNOWN, REVOKED = "trusted", "quarantined", "unknown", "revoked"
IMPORTED, ALREADY, REJECTED, PREVIEW = "imported", "already", "rejected", "preview"


@dataclass
class BundleReport:
    source: str
    status: str = PREVIEW
    code: str = ""
    reason: str = ""
    device_id: str = ""
    fingerprint: str = ""
    officer: str = ""
    seq: int | None = None
    trust: str = ""
    encrypted: bool = False
    counts: dict = field(
        default_factory=lambda: {"new": 0, "identical": 0, "updated": 0, "conflicting": 0, "rejected": 0}
    )
    notes: list[str] = field(default_factory=list)
    bundle_sha256: str = ""
    file_sha256: str = ""
    created_at: str = ""
    declared: int = 0  # records the manifest announces
    refused: int = 0  # record versions refused by the ownership rules (desktop/sync/ownership.py)
    public_key: str = ""

    @property
    def name(self) -> str:
        return Path(self.source).name

    def trust_label(self) -> str:
        return {TRUSTED: _("trusted"), QUARANTINED: _("quarantined"), UNKNOWN: _("unknown"), REVOKED: _("revoked")}.get(
            self.trust, self.trust
        )

    def line(self) -> str:
        """One translated line for the command line and the import screen."""
        c = self.counts
        if self.status == IMPORTED:
            return _(
                "{file}: imported bundle {seq} from {fp} ({officer}): {new} new, {updated} updated, "
                "{identical} unchanged, {conflicts} conflicts"
            ).format(
                file=self.name,
                seq=self.seq,
                fp=self.fingerprint,
                officer=self.officer,
                new=c["new"],
                updated=c["updated"],
                identical=c["identical"],
                conflicts=c["conflicting"],
            )
        if self.status == ALREADY:
            return _("{file}: already imported (bundle {seq} from {fp})").format(
                file=self.name, seq=self.seq, fp=self.fingerprint
            )
        if self.status == QUARANTINED and self.code == "sequence":
            return self.reason
        if self.status == QUARANTINED:
            return _(
                "{file}: quarantined: device {fp} ({officer}) is not approved yet; check the fingerprint "
                "with the officer, then run 'pantau coordinator approve {fp}'"
            ).format(file=self.name, fp=self.fingerprint, officer=self.officer)
        if self.status == REJECTED:
            return _("rejected: {reason}").format(reason=self.reason)
        return _(
            "{file}: bundle {seq} signed by {fp} ({officer}), device {trust}: {new} new, {identical} identical, "
            "{updated} updated, {conflicts} conflicting, {rejected} rejected"
        ).format(
            file=self.name,
            seq=self.seq,
            fp=self.fingerprint,
            officer=self.officer,
            trust=self.trust_label(),
            new=c["new"],
            identical=c["identical"],
            updated=c["updated"],
            conflicts=c["conflicting"],
            rejected=c["rejected"],
        )


def sync_dir(home, name: str) -> Path:
    return home.root / "sync" / name


def expand_paths(paths) -> list[Path]:
    """Files as given, and the bundles anywhere inside given folders, sorted by name so that each
    device's bundles come in order (hidden files and folders are skipped)."""
    out: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = [
                p
                for p in path.rglob(f"*{bundle.EXTENSION}")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            ]
            out += sorted(found, key=lambda p: (p.name, str(p)))
        else:
            out.append(path)
    return out


def read_file(path: Path) -> bytes:
    what = path.name
    try:
        if path.stat().st_size > MAX_FILE:
            raise BundleError("read", _("{what} is too large to be a Pantau bundle.").format(what=what))
        return path.read_bytes()
    except FileNotFoundError:
        raise BundleError("read", _("{what} does not exist.").format(what=what)) from None
    except IsADirectoryError:
        raise BundleError("read", _("{what} is a folder, not a bundle.").format(what=what)) from None
    except OSError as exc:
        raise BundleError(
            "read", _("{what} cannot be read: {reason}").format(what=what, reason=exc.strerror or exc)
        ) from None


@dataclass
class Inspection:
    opened: bundle.OpenedBundle
    contents: bundle.Contents
    trust: str
    device: dict | None


def inspect(store, data: bytes, what: str, report: BundleReport | None = None) -> Inspection:
    """Every check of a bundle, writing nothing. Raises BundleError naming what failed."""
    opened = bundle.open_bundle(data, keys.coordinator_identities(store.home), store.schema_version(), what)
    if report is not None:
        _describe(report, opened)
    training_rules.check_bundle(store.home, opened.manifest, what)  # training bundles only among training sandboxes
    device = store.queries.sync.device_by_key(opened.public_line)
    if device is not None and device["state"] == REVOKED:
        raise BundleError(
            "revoked",
            _("{what} is signed by device {fp}, which was revoked. Nothing was imported.").format(
                what=what, fp=opened.fingerprint
            ),
        )
    if device is not None and device["device_id"] != opened.device_id:
        raise BundleError(
            "trust",
            _("{what}: key {fp} belongs to device {device}, but the bundle claims device {claimed}.").format(
                what=what, fp=opened.fingerprint, device=device["device_id"], claimed=opened.device_id
            ),
        )
    for other in store.queries.sync.devices_by_device_id(opened.device_id):
        if other["public_key"] != opened.public_line and other["state"] != REVOKED:
            raise BundleError(
                "trust",
                _(
                    "{what}: device {device} is registered with another key ({other}); this "
                    "bundle is signed by {fp}. Revoke the old key first if the device really "
                    "has a new one."
                ).format(what=what, device=opened.device_id, other=other["fingerprint"], fp=opened.fingerprint),
            )
    contents = bundle.check_contents(opened, store.validator, what)
    rewritten = anchors.rewrite_note(store.queries, opened, what)
    if rewritten and report is not None:
        report.notes.append(rewritten)
    recipients = opened.manifest.get("recipients") or []
    if not opened.encrypted and recipients and report is not None:
        report.notes.append(
            _(
                "{what} arrived unencrypted, although its signed manifest says the device encrypted it for "
                "{n} coordinator(s): it was decrypted on the way or rebuilt from a decrypted copy. Treat its "
                "contents as seen by others and ask how it reached you."
            ).format(what=what, n=len(recipients))
        )
    return Inspection(opened, contents, device["state"] if device else UNKNOWN, device)


def _describe(report: BundleReport, opened: bundle.OpenedBundle) -> None:
    report.device_id = opened.device_id
    report.fingerprint = opened.fingerprint
    report.public_key = opened.public_line
    report.officer = opened.officer_name
    report.seq = opened.seq
    report.encrypted = opened.encrypted
    report.bundle_sha256 = opened.bundle_sha256
    report.created_at = opened.manifest["created_at"]
    report.declared = sum(
        v
        for k, v in opened.manifest["counts"].items()
        if k in ENTITY_KINDS and isinstance(v, int) and not isinstance(v, bool)
    )


def _permissions(store, ins: Inspection) -> ownership.Permissions:
    opened = ins.opened
    officer = opened.manifest["officer"]
    officers = sequence.allowed_officers(
        store.queries, opened.public_line, (officer.get("id", ""), officer.get("name", "")), ins.contents.officers
    )
    return ownership.permissions(store.queries, opened.device_id, opened.public_line, store.device_id, officers)


def _valid(store):
    def valid(data: dict) -> bool:
        return not only_errors(store.check(entity_from_dict(data)))

    return valid


def _plan(store, ins: Inspection) -> dict[str, int]:
    """What merging would do, counted batch by batch (nothing is written)."""
    perms, valid = _permissions(store, ins), _valid(store)
    total = merge.counts([])
    for batch in ins.contents.batches():
        decisions = merge.plan(store.queries, batch, ins.opened.device_id, valid, ins.contents.bases, perms)
        for outcome, n in merge.counts(decisions).items():
            total[outcome] += n
    return total


def _set_counts(report: BundleReport, c: dict[str, int]) -> None:
    report.counts.update(
        new=c[merge.NEW],
        identical=c[merge.IDENTICAL] + c[merge.OLDER],
        updated=c[merge.UPDATE] + c[merge.MERGE],
        conflicting=c[merge.CONFLICT],
    )
    report.refused = c[merge.REFUSED]


def verify_file(store, path: Path) -> BundleReport:
    """Check one bundle completely and say who signed it, its trust and what merging it would do."""
    report = BundleReport(str(path))
    try:
        data = read_file(Path(path))
        ins = inspect(store, data, Path(path).name, report)
    except BundleError as exc:
        return _rejected(report, exc)
    report.trust = ins.trust
    opened = ins.opened
    if not any(r["status"] == IMPORTED for r in store.queries.sync.imports_of_bundle(opened.bundle_sha256)):
        if sequence.is_fork(store.queries, opened.public_line, opened.seq, opened.bundle_sha256):
            report.notes.append(sequence.fork_message(report.name, opened.seq, report.fingerprint))
        highest = sequence.jump(store.queries, opened.public_line, opened.seq)
        if highest is not None and ins.trust == TRUSTED:
            report.notes.append(sequence.jump_message(report.name, opened.seq, highest, report.fingerprint))
    with store.transaction():
        _set_counts(report, _plan(store, ins))
    return report


def _rejected(report: BundleReport, exc: BundleError) -> BundleReport:
    report.status, report.code, report.reason = REJECTED, exc.code, exc.message
    report.counts = {"new": 0, "identical": 0, "updated": 0, "conflicting": 0, "rejected": report.declared}
    return report


def _log_row(report: BundleReport, ins: Inspection | None, status: str, now: str, stored: str = "") -> dict:
    c = report.counts
    return {
        "file_sha256": report.file_sha256,
        "bundle_sha256": report.bundle_sha256,
        "file_name": report.name,
        "device_id": report.device_id,
        "fingerprint": report.fingerprint,
        "public_key": report.public_key,
        "officer_name": report.officer,
        "seq": report.seq,
        "previous_sha256": (ins.opened.manifest.get("previous_bundle_sha256") or "") if ins else "",
        "created_at": report.created_at,
        "imported_at": now,
        "inserted": c["new"],
        "updated": c["updated"],
        "unchanged": c["identical"],
        "conflicted": c["conflicting"],
        "status": status,
        "code": report.code,
        "reason": report.reason,
        "stored_path": stored,
    }


def import_log(store, limit: int = 500) -> list[dict]:
    """The import log, newest first."""
    return store.queries.sync.import_log(limit)


def require_coordinator(store) -> None:
    if not keys.is_coordinator(store.home):
        raise BundleError(
            "coordinator",
            _("This home is not a coordinator, so it cannot import bundles. Run 'pantau coordinator init' first."),
        )


def import_paths(store, paths, dry_run: bool = False, progress: Progress | None = None) -> list[BundleReport]:
    """Import (or, with ``dry_run``, preview) bundle files and folders of bundles; one report per file."""
    require_coordinator(store)
    files = expand_paths(paths)
    reports = []
    for i, path in enumerate(files):
        if progress:
            progress(i, len(files))
        reports.append(import_file(store, path, dry_run))
    if progress:
        progress(len(files), len(files))
    add_gap_notes(store, reports)
    return reports


@contextmanager
def _collector_paused():
    """Python's cycle collector off while a bundle is checked and merged: the parsed records make no
    cycles, but creating hundreds of thousands of them would start a collection over all of them again
    and again (a tenth of a large import's time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def import_file(store, path: Path, dry_run: bool = False, pending_row: dict | None = None) -> BundleReport:
    """Import one file; ``pending_row`` is its quarantine line when an approval merges it."""
    with _collector_paused():
        return _import_file(store, path, dry_run, pending_row)


def _import_file(store, path: Path, dry_run: bool, pending_row: dict | None) -> BundleReport:
    name = pending_row["file_name"] if pending_row else Path(path).name
    report = BundleReport(name)
    try:
        data = read_file(Path(path))
        report.file_sha256 = bundle.sha256_hex(data)
        ins = inspect(store, data, name, report)
    except BundleError as exc:
        _rejected(report, exc)
        if not dry_run:
            with store.transaction():
                row = _log_row(report, None, REJECTED, utc_now())
                if pending_row:
                    store.queries.sync.update_import(pending_row["id"], row)
                else:
                    store.queries.sync.add_import(row)
        return report
    report.trust = ins.trust
    previous = store.queries.sync.imports_of_bundle(ins.opened.bundle_sha256)
    if any(row["status"] == IMPORTED for row in previous):
        report.status = ALREADY
        return report
    approving = pending_row is not None  # the coordinator approved this quarantined bundle
    pending_row = pending_row or next((row for row in previous if row["status"] == QUARANTINED), None)
    opened = ins.opened
    if sequence.is_fork(store.queries, opened.public_line, opened.seq, opened.bundle_sha256):
        return _fork(store, report, ins, data, dry_run, pending_row)
    if ins.trust != TRUSTED:
        return _quarantine(store, report, ins, data, previous, dry_run)
    highest = None if approving else sequence.jump(store.queries, opened.public_line, opened.seq)
    if highest is not None:  # a trusted device jumping far ahead: kept until the coordinator approves
        report.code = "sequence"
        report.reason = sequence.jump_message(name, opened.seq, highest, report.fingerprint)
        report.notes.append(report.reason)
        return _quarantine(store, report, ins, data, previous, dry_run)
    if dry_run:
        with store.transaction():
            _set_counts(report, _plan(store, ins))
        return report
    stored = sync_dir(store.home, "received") / f"{report.file_sha256}{bundle.EXTENSION}"
    _keep(stored, data)
    del data  # the file as received (encrypted) is kept on disk; the merge reads the opened bundle only
    return _merge(store, report, ins, stored, pending_row)


def _quarantine(store, report, ins: Inspection, data: bytes, previous: list[dict], dry_run: bool) -> BundleReport:
    with store.transaction():
        _set_counts(report, _plan(store, ins))
    if dry_run:
        return report
    report.status = QUARANTINED
    if any(row["status"] == QUARANTINED for row in previous):
        return report
    stored = sync_dir(store.home, "quarantine") / f"{report.file_sha256}{bundle.EXTENSION}"
    _keep(stored, data)
    now = utc_now()
    with store.transaction():
        if ins.device is None:
            store.queries.sync.add_device(
                {
                    "public_key": ins.opened.public_line,
                    "fingerprint": report.fingerprint,
                    "device_id": report.device_id,
                    "state": QUARANTINED,
                    "officer_name": report.officer,
                    "first_seen": now,
                    "changed_at": now,
                    "changed_by": store.actor.officer_name,
                    "device_name": ins.opened.device_name,
                }
            )
        elif ins.opened.device_name:  # signed by the same key: the officer renamed the device
            store.queries.sync.set_device_name(ins.opened.public_line, ins.opened.device_name)
        store.queries.sync.add_import(_log_row(report, ins, QUARANTINED, now, str(stored)))
    return report


def _fork(store, report, ins: Inspection, data: bytes, dry_run: bool, pending_row: dict | None) -> BundleReport:
    """A second, different bundle with a number already received: refused, kept and logged."""
    exc = BundleError("fork", sequence.fork_message(report.name, ins.opened.seq, report.fingerprint))
    _rejected(report, exc)
    if dry_run:
        return report
    stored = sync_dir(store.home, "forks") / f"{report.file_sha256}{bundle.EXTENSION}"
    _keep(stored, data)
    with store.transaction():
        row = _log_row(report, ins, "fork", utc_now(), str(stored))
        if pending_row:
            store.queries.sync.update_import(pending_row["id"], row)
        elif not any(r["status"] == "fork" for r in store.queries.sync.imports_of_bundle(ins.opened.bundle_sha256)):
            store.queries.sync.add_import(row)
    return report


def _keep(path: Path, data: bytes) -> None:
    if path.exists():
        return
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise PantauError(
            _("The received bundle cannot be kept in {path}: {reason}").format(
                path=path.parent, reason=exc.strerror or exc
            )
        ) from None


def _merge(store, report: BundleReport, ins: Inspection, stored: Path, pending_row: dict | None) -> BundleReport:
    """Merge a trusted device's bundle, already kept at ``stored``, batch by batch in one transaction."""
    opened = ins.opened
    for _sha, content in opened.evidence():  # content-addressed and idempotent: safe before the merge
        store.evidence.put_bytes(content)
    missing = sorted(sha for sha in ins.contents.evidence_refs if not store.evidence.has(sha))
    _sequence_notes(store, report, opened)
    if missing:
        report.notes.append(
            _(
                "{n} evidence files referenced by these records are missing; ask the officer to "
                "export again with the files present."
            ).format(n=len(missing))
        )
    now = utc_now()
    with store.queries.sync.merge_cache(), store.transaction():
        perms = _permissions(store, ins)
        total, refused, written = merge.counts([]), list[str](), Counter[str]()
        for batch in ins.contents.batches():  # bounded memory: a batch at a time, one transaction
            decisions = merge.plan(store.queries, batch, opened.device_id, _valid(store), ins.contents.bases, perms)
            merge.apply(store.queries, decisions, store.actor, store.search_text, opened.bundle_sha256, now)
            for outcome, n in merge.counts(decisions).items():
                total[outcome] += n
            written.update(d.data["kind"] for d in decisions if d.writes and not is_record(d.data["kind"]))
            refused += [d.refusal for d in decisions if d.outcome == merge.REFUSED][: 20 - len(refused)]
            del decisions
        _set_counts(report, total)
        report.status = IMPORTED
        row = _log_row(report, ins, IMPORTED, now, str(stored))
        if pending_row:
            store.queries.sync.update_import(pending_row["id"], row)
        else:
            store.queries.sync.add_import(row)
        store.queries.sync.set_device_officer(opened.public_line, report.officer)
        if opened.device_name:  # older devices send none: the known name stays
            store.queries.sync.set_device_name(opened.public_line, opened.device_name)
        anchors.move_anchor(store.queries, opened)
        before = [o["officer_name"] for o in store.queries.ownership.device_officers(opened.public_line)]
        added = sequence.register_officers(
            store.queries, opened.public_line, perms.officers or set(), opened.bundle_sha256, opened.seq, now
        )
    for _id, officer_name in added:
        report.notes.append(sequence.officer_change_note(report.fingerprint, officer_name, before))
    if refused:
        report.notes.append(
            ngettext(
                "{n} record was refused by the ownership rules and kept for the coordinator "
                "('pantau coordinator refused'):",
                "{n} records were refused by the ownership rules and kept for the coordinator "
                "('pantau coordinator refused'):",
                report.refused,
            ).format(n=report.refused)
        )
        report.notes += ["  " + why for why in refused[:20]]
    _entity_note(report, written)
    merged = total[merge.MERGE]
    if merged:
        report.notes.append(
            ngettext(
                "{n} record edited on the device after an earlier conflict was merged field by field, keeping "
                "the coordinator's decisions.",
                "{n} records edited on the device after an earlier conflict were merged field by field, keeping "
                "the coordinator's decisions.",
                merged,
            ).format(n=merged)
        )
    if report.counts["conflicting"]:
        report.notes.append(
            _("{n} records were edited on both sides; the coordinator should resolve the conflicts.").format(
                n=report.counts["conflicting"]
            )
        )
    return report


def _entity_note(report: BundleReport, written: Counter) -> None:
    """Which of the new and updated entries are not records (sessions, link decisions, networks)."""
    if written:
        report.notes.append(
            _(
                "Among them: {sessions} monitoring sessions, {links} seller-link decisions, {networks} seller networks."
            ).format(sessions=written[MONITORING_SESSION], links=written[SELLER_LINK], networks=written[SELLER_NETWORK])
        )


def _sequence_notes(store, report: BundleReport, opened: bundle.OpenedBundle) -> None:
    same = store.queries.sync.imported_of_device_seq(opened.public_line, opened.seq)
    if same is not None and same["bundle_sha256"] != opened.bundle_sha256:
        report.notes.append(
            _(
                "Bundle {seq} from device {device} differs from the bundle {seq} imported before "
                "(was the device restored from a backup?)."
            ).format(seq=opened.seq, device=device_short(opened.device_id))
        )
    before = store.queries.sync.imported_of_device_seq(opened.public_line, opened.seq - 1)
    previous = opened.manifest.get("previous_bundle_sha256")
    if before is not None and previous != before["bundle_sha256"]:
        report.notes.append(
            _(
                "Bundle {seq} from device {device} does not follow on from bundle {prev} imported "
                "before (was the device restored from a backup?)."
            ).format(seq=opened.seq, device=device_short(opened.device_id), prev=opened.seq - 1)
        )


def add_gap_notes(store, reports: list[BundleReport]) -> None:
    """'Bundles 4–19 from device X are missing' for every hole in a device's numbering (as ranges)."""
    last_report: dict[str, BundleReport] = {}
    extra: dict[str, set[int]] = {}
    for report in reports:
        if report.status == REJECTED or not report.bundle_sha256:
            continue
        last_report[report.device_id] = report
        if report.status == PREVIEW and report.seq:
            extra.setdefault(report.device_id, set()).add(report.seq)
    for device_id, report in last_report.items():
        ranges = missing_ranges(store, device_id, extra.get(device_id, set()))
        if ranges:
            report.notes.append(
                _("Bundles missing from device {device} ({fp}): {ranges}.").format(
                    device=device_short(device_id), fp=report.fingerprint, ranges=sequence.format_ranges(ranges)
                )
            )


def missing_ranges(store, device_id: str, also: set[int] = frozenset()) -> list[tuple[int, int]]:
    """The missing bundle numbers of a device as (first, last) ranges, never expanded."""
    seqs = set(also)
    for device in store.queries.sync.devices_by_device_id(device_id):
        seqs.update(store.queries.sync.device_seqs(device["public_key"]))
    return sequence.missing_ranges(seqs)
