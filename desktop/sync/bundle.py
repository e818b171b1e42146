"""The bundle format (no database here): packing a signed, optionally
encrypted bundle, and opening one with every check done before anything is
written. The format is described in docs/bundle-format.md.

A bundle is a zip with fixed entry names — ``manifest.json``,
``manifest.json.minisig``, ``device.pub``, ``records.jsonl``, ``audit.jsonl``
and ``evidence/<sha256>`` — optionally encrypted with age to every coordinator
card the device holds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field, fields

import minisign
import pyrage

from desktop.db.audit import CONTENT as AUDIT_CONTENT
from desktop.db.audit import entry_hash
from desktop.domain import entities
from desktop.domain.canonical import canonical_json
from desktop.domain.entities import ENTITY_CLASSES
from desktop.domain.records import ENVELOPE_FIELDS, RECORD_CLASSES
from desktop.domain.validation import errors as only_errors
from desktop.i18n import _
from desktop.sync import anchors, signing
from desktop.sync.errors import BundleError
from desktop.sync.record_types import MAX_INT, base_key, body_digest, mistyped_field
from desktop.sync.zipsafe import MiB, SafeZip, ZipRules, build_zip, open_zip

FORMAT = "pantau-bundle"
FORMAT_VERSION = 1
EXTENSION = ".pantau"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.minisig"
DEVICE_PUB = "device.pub"
RECORDS = "records.jsonl"
AUDIT = "audit.jsonl"
EVIDENCE_PREFIX = "evidence/"
ZIP_MAGIC = b"PK\x03\x04"
AGE_MAGIC = b"age-encryption.org/"
AGE_ARMOR = b"-----BEGIN AGE ENCRYPTED FILE-----"
SHA_RE = re.compile(r"^[0-9a-f]{64}$")
UTC_RE = re.compile(r"^\d{4}-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-6]\d\.\d{6}Z$")  # desktop.domain.ids.utc_now
LIMITS = {MANIFEST: 8 * MiB, SIGNATURE: 8192, DEVICE_PUB: 4096, RECORDS: 2048 * MiB, AUDIT: 2048 * MiB}
EVIDENCE_LIMIT = 1024 * MiB
FIELD_NAMES = {kind: frozenset(f.name for f in fields(cls)) | {"kind"} for kind, cls in ENTITY_CLASSES.items()}
DEVICE_NAME_MAX = 100  # the manifest's optional device name, in characters
ENVELOPE_KEYS = frozenset(ENVELOPE_FIELDS)  # older devices may lack newer content fields, never these
AUDIT_KEYS = frozenset(AUDIT_CONTENT) | {"prev_hash", "hash"}
MAX_LINE = 16 * MiB  # one record or audit entry, in bytes (field limits keep real ones far below)
BATCH = 2000  # records parsed, planned and merged at a time
MAX_OFFICERS = 10  # distinct officers collected from a bundle's records (desktop/sync/sequence.py)
SEEN, NO_VALUE = -1, -2  # markers in the digest table of check_contents (digests are >= 0)


def clean_device_name(name: str) -> str:
    """The device name as a manifest carries it: no control characters, at most DEVICE_NAME_MAX."""
    return "".join(c for c in name if ord(c) >= 32 and ord(c) != 127).strip()[:DEVICE_NAME_MAX]


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _limit_for(name: str) -> int | None:
    if name in LIMITS:
        return LIMITS[name]
    if name.startswith(EVIDENCE_PREFIX) and SHA_RE.match(name[len(EVIDENCE_PREFIX) :]):
        return EVIDENCE_LIMIT
    return None


BUNDLE_RULES = ZipRules(_limit_for)


def is_encrypted(data: bytes) -> bool:
    return data.startswith(AGE_MAGIC) or data.lstrip().startswith(AGE_ARMOR)


def manifest_bytes(manifest: dict) -> bytes:
    return (json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def pack(
    manifest: dict, records: bytes, audit: bytes, evidence: dict[str, bytes], key, public_file: bytes, recipients: list
) -> tuple[bytes, str]:
    """The bundle file's bytes and the bundle id (SHA-256 of manifest.json).

    ``manifest`` gets its ``files`` table here; ``key`` is a keys.SigningKey.
    """
    entries = [(DEVICE_PUB, public_file, False), (RECORDS, records, True), (AUDIT, audit, True)]
    entries += [(EVIDENCE_PREFIX + sha, data, False) for sha, data in sorted(evidence.items())]
    manifest = dict(
        manifest,
        files={name: sha256_hex(data) for name, data, _c in entries},
        sizes={name: len(data) for name, data, _c in entries},
    )
    body = manifest_bytes(manifest)
    comment = f"pantau bundle device:{manifest['device_id']} seq:{manifest['seq']} created:{manifest['created_at']}"
    signature = key.sign(body, comment)
    data = build_zip([(MANIFEST, body, False), (SIGNATURE, signature, False)] + entries)
    if recipients:
        data = pyrage.encrypt(data, recipients)
    return data, sha256_hex(body)


@dataclass
class OpenedBundle:
    """A bundle whose encryption, zip structure, signature and hashes were checked."""

    manifest: dict
    bundle_sha256: str
    public_key: minisign.PublicKey
    zip: SafeZip  # entries are streamed from here, each under its signed size
    encrypted: bool

    @property
    def entries(self) -> Mapping[str, bytes]:
        """The entries by name, each read whole when asked for (tests and small entries only)."""
        return _LazyEntries(self.zip)

    def chunks(self, name: str):
        return self.zip.chunks(name)

    @property
    def fingerprint(self) -> str:
        return signing.fingerprint(self.public_key)

    @property
    def public_line(self) -> str:
        return signing.public_key_line(self.public_key)

    @property
    def device_id(self) -> str:
        return self.manifest["device_id"]

    @property
    def seq(self) -> int:
        return self.manifest["seq"]

    @property
    def device_name(self) -> str:
        """The name the officer gave the device ("Laptop Polda Riau 2"); "" from older devices."""
        return self.manifest.get("device_name") or ""

    @property
    def officer_name(self) -> str:
        return (self.manifest.get("officer") or {}).get("name", "")

    def evidence(self):
        """(sha256, content) of each evidence file, one at a time."""
        for name in self.zip.names():
            if name.startswith(EVIDENCE_PREFIX):
                yield name[len(EVIDENCE_PREFIX) :], self.zip.read(name)


class _LazyEntries(Mapping):
    def __init__(self, safe: SafeZip):
        self.safe = safe

    def __getitem__(self, name: str) -> bytes:
        if name not in self.safe.infos:
            raise KeyError(name)
        return self.safe.read(name)

    def __iter__(self):
        return iter(self.safe.names())

    def __len__(self) -> int:
        return len(self.safe.names())


def _format_error(message: str) -> BundleError:
    return BundleError("format", message)


def decrypt(data: bytes, identities: list, what: str) -> bytes:
    if not identities:
        raise BundleError(
            "decrypt",
            _(
                "{what} is encrypted; only the coordinator it was made for can open it. "
                "This home has no coordinator identity."
            ).format(what=what),
        )
    try:
        return pyrage.decrypt(data, identities)
    except pyrage.DecryptError as exc:
        text = str(exc).lower()
        if "no matching keys" in text or "no identity" in text:
            raise BundleError(
                "decrypt", _("{what} was not encrypted for this coordinator (wrong key).").format(what=what)
            ) from None
        raise BundleError(
            "decrypt", _("{what} cannot be decrypted: the encrypted file is damaged or truncated.").format(what=what)
        ) from None
    except Exception:  # noqa: BLE001 - pyrage raises plain errors for malformed headers
        raise BundleError(
            "decrypt", _("{what} cannot be decrypted: the encrypted file is damaged or truncated.").format(what=what)
        ) from None


def open_bundle(data: bytes, identities: list, schema_version: int, what: str) -> OpenedBundle:
    """Decrypt (when encrypted), check the zip's directory, verify the manifest's signature before any
    other entry is read, then hash every entry while streaming it, with the signed sizes as hard
    limits. Only the manifest is held in memory whole."""
    encrypted = is_encrypted(data)
    if encrypted:
        data = decrypt(data, identities, what)
    if not data.startswith(ZIP_MAGIC):
        raise _format_error(_("{what} is not a Pantau bundle.").format(what=what))
    safe = open_zip(data, BUNDLE_RULES, what)
    for name, info in safe.infos.items():  # evidence is stored as it is: it costs no more than its file size
        if name.startswith(EVIDENCE_PREFIX) and info.compress_type != zipfile.ZIP_STORED:
            raise BundleError(
                "zip",
                _("{what}: the entry '{name}' is stored in a way Pantau does not accept.").format(what=what, name=name),
            )
    for name in (MANIFEST, SIGNATURE, DEVICE_PUB, RECORDS, AUDIT):
        if name not in safe.infos:
            raise _format_error(_("{what} has no '{name}' entry.").format(what=what, name=name))
    body = safe.read(MANIFEST)
    try:
        manifest = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # deep nesting exhausts the parser
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _format_error(_("{what}: manifest.json is not a Pantau bundle manifest.").format(what=what))
    version = manifest.get("format_version")
    if type(version) is not int or version > FORMAT_VERSION or version < 1:
        raise _format_error(
            _("{what} uses bundle format {found}; this Pantau reads format {known}. Update Pantau.").format(
                what=what, found=version, known=FORMAT_VERSION
            )
        )
    try:
        public_key = signing.parse_public_key(safe.read(DEVICE_PUB))
    except ValueError:
        raise _format_error(_("{what}: device.pub is not a minisign public key.").format(what=what)) from None
    signing.verify(public_key, body, safe.read(SIGNATURE), MANIFEST)
    if manifest.get("device_public_key") != signing.public_key_line(public_key):
        raise BundleError(
            "signature", _("{what}: the manifest names another key than the one that signed it.").format(what=what)
        )
    _check_manifest_fields(manifest, what)
    files = manifest["files"]
    present = set(safe.names()) - {MANIFEST, SIGNATURE}
    if set(files) != present:
        missing = sorted(set(files) - present) or sorted(present - set(files))
        raise BundleError(
            "hash", _("{what}: the entries do not match the signed list ('{name}').").format(what=what, name=missing[0])
        )
    sizes = manifest.get("sizes")
    for name in sorted(present):
        if name.startswith(EVIDENCE_PREFIX) and files[name] != name[len(EVIDENCE_PREFIX) :]:
            raise BundleError(
                "hash",
                _("{what}: the evidence file '{name}' does not have the content its name promises.").format(
                    what=what, name=name
                ),
            )
        if sizes is not None and sizes.get(name) != safe.size(name):
            raise BundleError(
                "zip",
                _("{what}: the entry '{name}' does not have the size given in the signed manifest.").format(
                    what=what, name=name
                ),
            )
        digest = hashlib.sha256()
        for chunk in safe.chunks(name):
            digest.update(chunk)
        if digest.hexdigest() != files[name]:
            raise BundleError(
                "hash",
                _("{what}: '{name}' was changed after signing (its SHA-256 does not match).").format(
                    what=what, name=name
                ),
            )
    if manifest["schema_version"] > schema_version:
        raise BundleError(
            "schema",
            _(
                "{what} was made with database schema {found}; this Pantau knows "
                "{known}. Update Pantau at the coordinator."
            ).format(what=what, found=manifest["schema_version"], known=schema_version),
        )
    return OpenedBundle(manifest, sha256_hex(body), public_key, safe, encrypted)


def _check_manifest_fields(manifest: dict, what: str) -> None:
    checks = (
        ("device_id", str),
        ("created_at", str),
        ("seq", int),
        ("schema_version", int),
        ("files", dict),
        ("counts", dict),
        ("officer", dict),
    )
    wrong = [
        name
        for name, kind in checks
        if not isinstance(manifest.get(name), kind)
        or isinstance(manifest.get(name), bool)
        or manifest.get(name) in ("", None)
    ]
    officer = manifest.get("officer") if isinstance(manifest.get("officer"), dict) else {}
    previous = manifest.get("previous_bundle_sha256")
    sizes = manifest.get("sizes")
    if sizes is not None and not (
        isinstance(sizes, dict) and all(type(v) is int and 0 <= v <= MAX_INT for v in sizes.values())
    ):
        wrong.append("sizes")
    wrong += [name for name in ("seq", "schema_version") if name not in wrong and not 1 <= manifest[name] <= MAX_INT]
    wrong += ["officer"] if not all(isinstance(officer.get(k, ""), str) for k in ("id", "name")) else []
    wrong += (
        ["previous_bundle_sha256"]
        if previous is not None and not (isinstance(previous, str) and SHA_RE.match(previous))
        else []
    )
    device_name = manifest.get("device_name")  # optional (Pantau 0.2): older devices send none
    if device_name is not None and not (isinstance(device_name, str) and clean_device_name(device_name) == device_name):
        wrong.append("device_name")
    if wrong:
        raise _format_error(
            _("{what}: the manifest field '{name}' is missing or wrong.").format(what=what, name=wrong[0])
        )


@dataclass
class Contents:
    """What the check of a bundle's records and audit chain found. The records themselves are not
    kept: ``batches()`` streams them again (parsed dict, canonical line) for the merge."""

    opened: OpenedBundle
    what: str
    count: int = 0
    audit_entries: int = 0
    evidence_refs: set[str] = field(default_factory=set)
    officers: set[tuple[str, str]] = field(default_factory=set)  # named by the records (up to a few)
    bases: set[int] = field(default_factory=set)  # base_key(record id, body) of the bodies edits started from

    def batches(self, size: int = BATCH):
        batch: list[tuple[dict, str]] = []
        for line in _iter_lines(self.opened, RECORDS, self.what):
            batch.append((json.loads(line), line))
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch

    @property
    def records(self) -> list[tuple[dict, str]]:
        """Every record at once (small bundles and tests; the import streams ``batches``)."""
        return [item for batch in self.batches() for item in batch]


def _record_error(what: str, line_no: int, message: str) -> BundleError:
    return BundleError(
        "record", _("{what}: record {n} is not valid: {reason}").format(what=what, n=line_no, reason=message)
    )


def _iter_lines(opened: OpenedBundle, name: str, what: str):
    """The lines of a text entry, streamed; each line at most MAX_LINE bytes."""
    pending = b""
    for chunk in opened.chunks(name):
        parts = (pending + chunk).split(b"\n")
        pending = parts.pop()
        if len(pending) > MAX_LINE:
            raise _format_error(_("{what}: '{name}' has a line that is too long.").format(what=what, name=name))
        for part in parts:
            if len(part) > MAX_LINE:
                raise _format_error(_("{what}: '{name}' has a line that is too long.").format(what=what, name=name))
            try:
                yield part.decode("utf-8")
            except UnicodeDecodeError:
                raise _format_error(_("{what}: '{name}' is not UTF-8 text.").format(what=what, name=name)) from None
    if pending:
        raise _format_error(_("{what}: '{name}' does not end with a line break.").format(what=what, name=name))


def check_contents(opened: OpenedBundle, validator, what: str) -> Contents:
    """Check the audit chain, then parse and check every record (canonical form, envelope, domain
    rules, its match with the newest audit entry), streaming: memory grows with the number of
    records only by a small digest each, never with their content."""
    device_id = opened.device_id
    today = dt.date.today() + dt.timedelta(days=1)  # a device a time zone ahead is not "in the future"
    contents = Contents(opened, what)
    latest, contents.audit_entries = _check_audit(opened, what, contents.bases)
    unmatched: str | None = None
    counts = {kind: 0 for kind in ENTITY_CLASSES}
    evidence_refs = contents.evidence_refs
    for n, line in enumerate(_iter_lines(opened, RECORDS, what), start=1):
        try:
            data = json.loads(line)
        except (ValueError, RecursionError):
            raise _record_error(what, n, _("it is not JSON.")) from None
        if not isinstance(data, dict) or data.get("kind") not in FIELD_NAMES:
            raise _record_error(what, n, _("unknown kind of record."))
        kind = data["kind"]
        names = data.keys()
        if not names <= FIELD_NAMES[kind]:  # a newer Pantau's fields: they could not be checked here
            raise _record_error(
                what,
                n,
                _(
                    "it has fields this version of Pantau does not know ({names}); update Pantau at the coordinator."
                ).format(names=", ".join(sorted(names - FIELD_NAMES[kind]))),
            )
        mistyped = mistyped_field(data, ENTITY_CLASSES[kind])
        if mistyped:
            raise _record_error(
                what, n, _("the field '{name}' has the wrong type or an impossible value.").format(name=mistyped)
            )
        if not ENVELOPE_KEYS <= names or canonical_json(data) != line:
            raise _record_error(what, n, _("it is not in Pantau's canonical form."))
        record_id = data["id"]
        key = body_digest(record_id) if isinstance(record_id, str) and record_id else SEEN
        newest = latest.get(key) if key != SEEN else SEEN
        if newest == SEEN:
            raise _record_error(what, n, _("its id is missing or repeated."))
        if newest != body_digest(line) and unmatched is None:
            unmatched = record_id
        latest[key] = SEEN
        if data["device_id"] != device_id:
            raise _record_error(
                what,
                n,
                _("it says it was written on device {other}, but the bundle is signed by device {device}.").format(
                    other=data["device_id"], device=device_id
                ),
            )
        if not isinstance(data["revision"], int) or isinstance(data["revision"], bool) or data["revision"] < 1:
            raise _record_error(what, n, _("its revision is not a positive number."))
        if not (
            isinstance(data["created_at"], str)
            and UTC_RE.match(data["created_at"])
            and isinstance(data["updated_at"], str)
            and UTC_RE.match(data["updated_at"])
        ):
            raise _record_error(what, n, _("its envelope is malformed."))
        try:
            record = ENTITY_CLASSES[kind].from_dict(data)
        except (TypeError, ValueError):
            raise _record_error(what, n, _("its envelope is malformed.")) from None
        problems = only_errors(entities.validate(record, validator, today))
        if problems:
            raise _record_error(
                what, n, _("{field}: {message}").format(field=problems[0].field, message=problems[0].message)
            )
        for ref in data.get("evidence") or []:
            if isinstance(ref, dict) and isinstance(ref.get("sha256"), str):
                evidence_refs.add(ref["sha256"])
        counts[kind] += 1
        contents.count += 1
        if len(contents.officers) <= MAX_OFFICERS:
            contents.officers.add((data.get("officer_id", ""), data.get("officer_name", "")))
    declared = opened.manifest["counts"]
    # bundles of earlier versions count records only: their other kinds are 0
    if any(declared.get(kind, None if kind in RECORD_CLASSES else 0) != n for kind, n in counts.items()):
        raise _format_error(
            _("{what}: the record counts in the manifest do not match records.jsonl.").format(what=what)
        )
    last = anchors.last_entry(opened, what)
    anchors.check_head(opened.manifest, [last] if last else [], what)
    if unmatched is not None:
        raise BundleError(
            "audit",
            _("{what}: record {id} does not match the device's audit log (changed outside Pantau?).").format(
                what=what, id=unmatched
            ),
        )
    return contents


def _hash_ok(line: str, entry: dict) -> bool:
    """Whether an audit entry's hash is right. Fast path: a canonical line minus its two hash fields
    *is* the canonical content that was hashed (quotes inside values are escaped, so the two
    top-level fields cannot be confused with anything else); otherwise hash the parsed entry."""
    digest, prev = entry["hash"], entry["prev_hash"]
    if not isinstance(digest, str) or not isinstance(prev, str):
        return False
    content = line.replace(f'"hash":"{digest}",', "", 1).replace(f'"prev_hash":"{prev}",', "", 1)
    return sha256_hex((prev + content).encode("utf-8")) == digest or entry_hash(prev, entry) == digest


def _check_audit(opened: OpenedBundle, what: str, bases: set[int]) -> tuple[dict[int, int], int]:
    """Check the audit chain, streaming; the digest of the newest value of each record (by the digest of
    its id: two small numbers a record), and the count.
    Fills ``bases`` with a ``base_key`` (record id and body) for each body a record's edits started from
    (an entry's old value, or the coordinator revision a pack brought, action ``coordinator``): one
    number per pair, not a set per record, so that a bundle of edits costs little more than one of new
    records."""
    latest: dict[int, int] = {}
    count = 0
    prev = None
    for n, line in enumerate(_iter_lines(opened, AUDIT, what), start=1):
        try:
            entry = json.loads(line)
        except (ValueError, RecursionError):
            entry = None
        if not isinstance(entry, dict) or set(entry) != AUDIT_KEYS:
            raise BundleError("audit", _("{what}: audit entry {n} is malformed.").format(what=what, n=n))
        if not _hash_ok(line, entry):
            raise BundleError(
                "audit", _("{what}: audit entry {n} was altered (its hash does not match).").format(what=what, n=n)
            )
        if prev is not None and (entry["prev_hash"] != prev["hash"] or entry["seq"] != prev["seq"] + 1):
            raise BundleError(
                "audit",
                _("{what}: the audit entries are not one unbroken chain (at entry {n}).").format(what=what, n=n),
            )
        if entry["device_id"] != opened.device_id:
            raise BundleError("audit", _("{what}: audit entry {n} comes from another device.").format(what=what, n=n))
        count += 1
        value = entry["new_value"]
        record_id = entry["record_id"]
        if isinstance(record_id, str):
            latest[body_digest(record_id)] = body_digest(value) if isinstance(value, str) else NO_VALUE
            start = value if entry["action"] == "coordinator" else entry["old_value"]
            if isinstance(start, str) and start:
                bases.add(base_key(record_id, start))
        prev = {"hash": entry["hash"], "seq": entry["seq"]}
    if opened.manifest["counts"].get("audit_entries") != count:
        raise _format_error(
            _("{what}: the audit entry count in the manifest does not match audit.jsonl.").format(what=what)
        )
    return latest, count
