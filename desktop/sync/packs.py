"""Update packs: what the coordinator sends to every device (questionnaire versions,
exchange rates, reference lists, settings, its decisions on records), signed with the
coordinator's minisign key and accepted only when the signer is one of the device's
imported coordinator cards.

A pack is a zip: ``manifest.json`` (format, coordinator fingerprint and key,
sequence number, created_at, note, SHA-256 of every file),
``manifest.json.minisig`` and ``files/<name>`` (what each name means:
:mod:`desktop.sync.pack_contents`). The coordinator's decisions on records travel
encrypted, one file per device that holds them (:mod:`desktop.sync.pack_records`);
the manifest lists the encrypted bytes, so the signature covers them. Applying a
pack verifies it completely, refuses packs older than or equal to the last one
applied from that coordinator, checks every file (decrypting only this device's
own records file), then applies them all in one transaction — the forms library,
the rate table, keyword lists, reference lists, records — with the pack's row in
``sync_packs`` and one audit entry (action ``pack``) that lists what changed;
settings are written last. ``pack_history`` reads that back for the Sync page and
``pantau sync packs``.

Format 2 (records encrypted per device) replaced format 1 (records, if any, in
the clear); a format-1 pack is still read, but plaintext records in it are refused.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from desktop import training
from desktop.domain.canonical import canonical_json
from desktop.domain.ids import utc_now
from desktop.files import atomic_write
from desktop.i18n import _
from desktop.sync import keys, pack_contents, pack_records, signing, training_rules
from desktop.sync.bundle import sha256_hex
from desktop.sync.errors import BundleError
from desktop.sync.zipsafe import MiB, ZipRules, build_zip, read_zip

FORMAT = "pantau-update-pack"
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
EXTENSION = ".pantaupack"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.minisig"
FILES_PREFIX = "files/"
NAME_RE = re.compile(
    r"^((forms|reference)/)?[A-Za-z0-9][A-Za-z0-9._-]{0,100}\.(csv|xlsx|json|jsonl|txt)$"
    r"|^records/[A-Za-z0-9][A-Za-z0-9._-]{0,100}\.age$"
)
AUDIT_KIND = "update_pack"
AUDIT_ACTION = "pack"
FILE_LIMIT = 64 * MiB
META_PACK_SEQ = "pack_seq"


def _limit_for(name: str) -> int | None:
    if name == MANIFEST:
        return MiB
    if name == SIGNATURE:
        return 8192
    if name.startswith(FILES_PREFIX) and NAME_RE.match(name[len(FILES_PREFIX) :]):
        return FILE_LIMIT
    return None


PACK_RULES = ZipRules(_limit_for, max_entries=5000, max_total=512 * MiB)  # one records file per device


@dataclass
class PackResult:
    path: Path
    seq: int
    coordinator: str  # card name
    fingerprint: str
    files: list[str]
    status: str  # "applied" or "already"
    changes: list[dict] = field(default_factory=list)  # see pack_contents.describe_change

    def change_lines(self) -> list[str]:
        return [pack_contents.describe_change(c) for c in self.changes]


def build_update_pack(
    store, files: list[Path], out_dir: Path, note: str = "", followup_days: int | None = None, keywords: bool = False
) -> Path:
    """Sign a new update pack into ``out_dir`` (coordinator only); returns its path. It carries
    ``files`` (forms, rates.csv, settings.json) and what this home has for its devices
    (added questionnaire versions, its rate table, decisions on records, reference updates)."""
    card = keys.coordinator_card(store.home)
    key = keys.coordinator_signing_key(store.home)
    given: dict[str, bytes] = {}
    for path in map(Path, files):
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise BundleError(
                "read", _("{what} cannot be read: {reason}").format(what=path.name, reason=exc.strerror or exc)
            ) from None
        name, data = pack_contents.given_file(path, data)
        given[name] = data
    what = _("The new update pack")
    contents = pack_contents.coordinator_files(store, given, followup_days, keywords, what)
    pack_contents.plan_pack(store, contents, what)  # what a device would refuse, refused now
    for name, data in contents.items():
        if not NAME_RE.match(name):
            raise BundleError(
                "format",
                _("{name}: an update pack carries only .csv, .xlsx, .json or .txt files with simple names.").format(
                    name=name
                ),
            )
        if len(data) > FILE_LIMIT:
            raise BundleError("format", _("{name} is too large for an update pack.").format(name=name))
    if not contents:
        raise BundleError(
            "format",
            _(
                "There is nothing to send: name a form, rates.csv or settings.json, or add questionnaire "
                "versions, exchange rates or decisions first."
            ),
        )
    with store.transaction():
        seq = int(store.queries.records.get_meta(META_PACK_SEQ, "0")) + 1
        store.queries.records.set_meta(META_PACK_SEQ, str(seq))
    created_at = utc_now()
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "coordinator": card.name,
        "fingerprint": card.fingerprint,
        "public_key": card.minisign_public_key,
        "seq": seq,
        "created_at": created_at,
        "note": note,
        "files": {FILES_PREFIX + name: sha256_hex(data) for name, data in sorted(contents.items())},
        **training.manifest_fields(store.home),
    }  # "training": true from a training sandbox
    body = (json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
    signature = key.sign(body, f"pantau update pack coordinator:{card.fingerprint} seq:{seq}")
    data = build_zip(
        [(MANIFEST, body, False), (SIGNATURE, signature, False)]
        + [(FILES_PREFIX + name, content, True) for name, content in sorted(contents.items())]
    )
    path = Path(out_dir) / f"pantau-update-{created_at[:10].replace('-', '')}-{seq:04d}{EXTENSION}"
    atomic_write(path, data)
    return path


def pack_file_names(path: Path) -> list[str]:
    """The names of the files a pack made here carries (from its manifest)."""
    entries = read_zip(Path(path).read_bytes(), PACK_RULES, Path(path).name)
    manifest = json.loads(entries[MANIFEST].decode("utf-8"))
    return sorted(name[len(FILES_PREFIX) :] for name in manifest["files"])


def read_update_pack(store, path: Path) -> tuple[dict, dict[str, bytes], keys.CoordinatorCard, str]:
    """Verify a pack against the imported coordinator cards; returns (manifest, files, card, pack hash)."""
    path = Path(path)
    what = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BundleError(
            "read", _("{what} cannot be read: {reason}").format(what=what, reason=exc.strerror or exc)
        ) from None
    entries = read_zip(data, PACK_RULES, what)
    if MANIFEST not in entries or SIGNATURE not in entries:
        raise BundleError("format", _("{what} is not a Pantau update pack.").format(what=what))
    body = entries[MANIFEST]
    try:
        manifest = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BundleError("format", _("{what} is not a Pantau update pack.").format(what=what))
    if manifest.get("format_version") not in READABLE_VERSIONS:
        raise BundleError("format", _("{what} uses a newer update-pack format; update Pantau.").format(what=what))
    fingerprint = str(manifest.get("fingerprint", ""))
    card = next((c for c in keys.imported_cards(store.home) if c.fingerprint == fingerprint), None)
    if card is None or card.minisign_public_key != manifest.get("public_key"):
        raise BundleError(
            "untrusted",
            _(
                "{what} is signed by coordinator {fp}, which is not one of your imported "
                "coordinator cards. It was not applied."
            ).format(what=what, fp=fingerprint),
        )
    signing.verify(card.public_key, body, entries[SIGNATURE], what)
    training_rules.check_pack(store.home, manifest, what)
    files = manifest.get("files")
    if (
        not isinstance(files, dict)
        or set(files) != set(entries) - {MANIFEST, SIGNATURE}
        or not isinstance(manifest.get("seq"), int)
    ):
        raise BundleError("hash", _("{what}: the files do not match the signed list.").format(what=what))
    for name, digest in files.items():
        if sha256_hex(entries[name]) != digest:
            raise BundleError("hash", _("{what}: '{name}' was changed after signing.").format(what=what, name=name))
    contents = {name[len(FILES_PREFIX) :]: entries[name] for name in files}
    return manifest, contents, card, sha256_hex(body)


def apply_update_pack(store, path: Path) -> PackResult:
    """Verify and apply one pack to what this device uses, all or nothing."""
    manifest, contents, card, pack_sha = read_update_pack(store, path)
    seq = manifest["seq"]
    own = pack_records.file_name(store.device_id)  # other devices' records files are not this device's concern
    names = sorted(n for n in contents if not pack_records.is_record_file(n) or n == own)
    result = PackResult(Path(path), seq, card.name, card.fingerprint, names, "already")
    if store.queries.sync.pack_applied(pack_sha) or seq <= store.queries.sync.last_pack_seq(card.fingerprint):
        return result
    plan = pack_contents.plan_pack(store, contents, Path(path).name)
    now = utc_now()
    with store.transaction():
        result.changes = pack_contents.apply_plan(store, plan)
        store.queries.sync.add_pack(
            {
                "pack_sha256": pack_sha,
                "coordinator_fingerprint": card.fingerprint,
                "seq": seq,
                "created_at": str(manifest.get("created_at", "")),
                "applied_at": now,
                "files": json.dumps(names),
            }
        )
        writer = store.queries.audit.AuditWriter()
        summary = {
            "coordinator": card.name,
            "fingerprint": card.fingerprint,
            "seq": seq,
            "note": str(manifest.get("note", "")),
            "files": names,
            "changes": result.changes,
        }
        writer.add(
            at=now,
            actor=store.actor,
            action=AUDIT_ACTION,
            kind=AUDIT_KIND,
            record_id=pack_sha,
            revision=seq,
            old_value=None,
            new_value=canonical_json(summary),
        )
        writer.flush()
    pack_contents.apply_settings(store, plan)
    result.status = "applied"
    return result


@dataclass
class PackEntry:
    seq: int
    coordinator: str
    fingerprint: str
    created_at: str
    applied_at: str
    note: str
    files: list[str]
    changes: list[str]  # sentences in the current language


def pack_history(store) -> list[PackEntry]:
    """Every pack applied on this device, newest first, with what it changed."""
    names = {c.fingerprint: c.name for c in keys.imported_cards(store.home)} if store.home else {}
    out = []
    for row in reversed(store.queries.sync.packs()):
        summary: dict = {}
        for entry in store.queries.audit.history(row["pack_sha256"]):
            summary = entry["new_value"] or {}
        out.append(
            PackEntry(
                seq=row["seq"],
                coordinator=summary.get("coordinator") or names.get(row["coordinator_fingerprint"], ""),
                fingerprint=row["coordinator_fingerprint"],
                created_at=row["created_at"],
                applied_at=row["applied_at"],
                note=summary.get("note", ""),
                files=json.loads(row["files"]),
                changes=[pack_contents.describe_change(c) for c in summary.get("changes", [])],
            )
        )
    return out
