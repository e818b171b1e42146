"""Update packs: files the coordinator sends to every device (currency rates,
a questionnaire form, reference lists), signed with the coordinator's minisign
key and accepted only when the signer is one of the device's imported
coordinator cards.

A pack is a zip: ``manifest.json`` (format, coordinator fingerprint and key,
sequence number, created_at, note, SHA-256 of every file),
``manifest.json.minisig`` and ``files/<name>``. Applying a pack verifies it
completely, refuses packs older than or equal to the last one applied from
that coordinator, then stores each file atomically as ``<home>/updates/<name>``
(the newest pack's file wins) and logs the pack in ``sync_packs``. That is all
it does: it changes no records and no shipped reference data; features that
use the files read them from ``<home>/updates``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from desktop import training
from desktop.db import records as records_db
from desktop.db import sync_sql
from desktop.domain.ids import utc_now
from desktop.files import atomic_write
from desktop.i18n import _
from desktop.sync import keys, signing, training_rules
from desktop.sync.bundle import sha256_hex
from desktop.sync.errors import BundleError
from desktop.sync.zipsafe import MiB, ZipRules, build_zip, read_zip

FORMAT = "pantau-update-pack"
FORMAT_VERSION = 1
EXTENSION = ".pantaupack"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.minisig"
FILES_PREFIX = "files/"
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,100}\.(csv|xlsx|json|txt)$")
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


PACK_RULES = ZipRules(_limit_for, max_entries=200, max_total=512 * MiB)


@dataclass
class PackResult:
    path: Path
    seq: int
    coordinator: str  # card name
    fingerprint: str
    files: list[str]
    status: str  # "applied" or "already"


def updates_dir(home) -> Path:
    return home.root / "updates"


def build_update_pack(store, files: list[Path], out_dir: Path, note: str = "") -> Path:
    """Sign ``files`` into a new update pack in ``out_dir`` (coordinator only); returns its path."""
    card = keys.coordinator_card(store.home)
    key = keys.coordinator_signing_key(store.home)
    contents: dict[str, bytes] = {}
    for path in map(Path, files):
        if not NAME_RE.match(path.name):
            raise BundleError(
                "format",
                _("{name}: an update pack carries only .csv, .xlsx, .json or .txt files with simple names.").format(
                    name=path.name
                ),
            )
        try:
            contents[path.name] = path.read_bytes()
        except OSError as exc:
            raise BundleError(
                "read", _("{what} cannot be read: {reason}").format(what=path.name, reason=exc.strerror or exc)
            ) from None
        if len(contents[path.name]) > FILE_LIMIT:
            raise BundleError("format", _("{name} is too large for an update pack.").format(name=path.name))
    if not contents:
        raise BundleError("format", _("Name at least one file to put in the update pack."))
    with store.transaction() as conn:
        seq = int(records_db.get_meta(conn, META_PACK_SEQ, "0")) + 1
        records_db.set_meta(conn, META_PACK_SEQ, str(seq))
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
    if manifest.get("format_version") != FORMAT_VERSION:
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
    """Verify and apply one pack: store its files under ``<home>/updates``."""
    manifest, contents, card, pack_sha = read_update_pack(store, path)
    seq = manifest["seq"]
    names = sorted(contents)
    result = PackResult(Path(path), seq, card.name, card.fingerprint, names, "already")
    conn = store.conn
    if sync_sql.pack_applied(conn, pack_sha) or seq <= sync_sql.last_pack_seq(conn, card.fingerprint):
        return result
    target = updates_dir(store.home)
    for name, data in contents.items():
        atomic_write(target / name, data)
    with store.transaction() as conn:
        sync_sql.add_pack(
            conn,
            {
                "pack_sha256": pack_sha,
                "coordinator_fingerprint": card.fingerprint,
                "seq": seq,
                "created_at": str(manifest.get("created_at", "")),
                "applied_at": utc_now(),
                "files": json.dumps(names),
            },
        )
    result.status = "applied"
    return result
