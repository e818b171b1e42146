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
import functools
import hashlib
import json
import math
import re
import typing
from dataclasses import dataclass, field, fields, is_dataclass

import minisign
import pyrage

from desktop.db.audit import CONTENT as AUDIT_CONTENT
from desktop.db.audit import entry_hash
from desktop.domain.canonical import canonical_json
from desktop.domain.records import ENVELOPE_FIELDS, RECORD_CLASSES
from desktop.domain.validation import errors as only_errors
from desktop.i18n import _
from desktop.sync import anchors, signing
from desktop.sync.errors import BundleError
from desktop.sync.zipsafe import MiB, ZipRules, build_zip, read_zip

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
FIELD_NAMES = {kind: frozenset(f.name for f in fields(cls)) | {"kind"} for kind, cls in RECORD_CLASSES.items()}
ENVELOPE_KEYS = frozenset(ENVELOPE_FIELDS)  # older devices may lack newer content fields, never these
AUDIT_KEYS = frozenset(AUDIT_CONTENT) | {"prev_hash", "hash"}
MAX_INT = 2**53 - 1  # JSON's exact integers: every reader (and SQLite) takes them as they are
MAX_DEPTH = 12  # nesting of a record's values (answers of repeated groups stay far below)


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
    manifest = dict(manifest, files={name: sha256_hex(data) for name, data, _c in entries})
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
    entries: dict[str, bytes]
    encrypted: bool

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
    def officer_name(self) -> str:
        return (self.manifest.get("officer") or {}).get("name", "")

    def evidence(self) -> dict[str, bytes]:
        return {
            name[len(EVIDENCE_PREFIX) :]: data
            for name, data in self.entries.items()
            if name.startswith(EVIDENCE_PREFIX)
        }


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
    """Decrypt (when encrypted), read safely, and check signature, hashes, format and schema versions."""
    encrypted = is_encrypted(data)
    if encrypted:
        data = decrypt(data, identities, what)
    if not data.startswith(ZIP_MAGIC):
        raise _format_error(_("{what} is not a Pantau bundle.").format(what=what))
    entries = read_zip(data, BUNDLE_RULES, what)
    for name in (MANIFEST, SIGNATURE, DEVICE_PUB, RECORDS, AUDIT):
        if name not in entries:
            raise _format_error(_("{what} has no '{name}' entry.").format(what=what, name=name))
    body = entries[MANIFEST]
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
        public_key = signing.parse_public_key(entries[DEVICE_PUB])
    except ValueError:
        raise _format_error(_("{what}: device.pub is not a minisign public key.").format(what=what)) from None
    signing.verify(public_key, body, entries[SIGNATURE], MANIFEST)
    if manifest.get("device_public_key") != signing.public_key_line(public_key):
        raise BundleError(
            "signature", _("{what}: the manifest names another key than the one that signed it.").format(what=what)
        )
    _check_manifest_fields(manifest, what)
    files = manifest["files"]
    present = set(entries) - {MANIFEST, SIGNATURE}
    if set(files) != present:
        missing = sorted(set(files) - present) or sorted(present - set(files))
        raise BundleError(
            "hash", _("{what}: the entries do not match the signed list ('{name}').").format(what=what, name=missing[0])
        )
    for name in sorted(present):
        if sha256_hex(entries[name]) != files[name]:
            raise BundleError(
                "hash",
                _("{what}: '{name}' was changed after signing (its SHA-256 does not match).").format(
                    what=what, name=name
                ),
            )
        if name.startswith(EVIDENCE_PREFIX) and files[name] != name[len(EVIDENCE_PREFIX) :]:
            raise BundleError(
                "hash",
                _("{what}: the evidence file '{name}' does not have the content its name promises.").format(
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
    return OpenedBundle(manifest, sha256_hex(body), public_key, entries, encrypted)


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
    wrong += [name for name in ("seq", "schema_version") if name not in wrong and not 1 <= manifest[name] <= MAX_INT]
    wrong += ["officer"] if not all(isinstance(officer.get(k, ""), str) for k in ("id", "name")) else []
    wrong += (
        ["previous_bundle_sha256"]
        if previous is not None and not (isinstance(previous, str) and SHA_RE.match(previous))
        else []
    )
    if wrong:
        raise _format_error(
            _("{what}: the manifest field '{name}' is missing or wrong.").format(what=what, name=wrong[0])
        )


@functools.cache
def _field_types(cls) -> dict:
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in fields(cls)}


def _plain_json(value, depth: int) -> bool:
    """Any JSON value within the nesting limit, finite numbers and exact integers only."""
    if depth > MAX_DEPTH:
        return False
    if isinstance(value, list):
        return all(_plain_json(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return all(_plain_json(v, depth + 1) for v in value.values())
    if isinstance(value, float):
        return math.isfinite(value)
    return value is None or isinstance(value, (str, bool)) or abs(value) <= MAX_INT


def _type_check(hint):
    """A function ``(value, depth) -> bool``: whether a parsed JSON value has the declared type ``hint``
    (no coercion). Built once per declared type, so that checking a record is a dictionary lookup and a
    call per field."""
    if hint is typing.Any:
        return _plain_json
    if hint in (str, bool):
        return lambda value, depth: type(value) is hint
    if hint is int:
        return lambda value, depth: type(value) is int and abs(value) <= MAX_INT
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is list:
        item = _type_check(args[0])
        return lambda value, depth: isinstance(value, list) and all(item(v, depth + 1) for v in value)
    if origin is dict:
        item = _type_check(args[1])
        return lambda value, depth: isinstance(value, dict) and all(item(v, depth + 1) for v in value.values())
    if is_dataclass(hint):
        return lambda value, depth: isinstance(value, dict) and _all_fit(value, hint, depth + 1)
    return lambda value, depth: False


@functools.cache
def _type_checks(cls) -> dict:
    return {name: _type_check(hint) for name, hint in _field_types(cls).items()}


@functools.cache
def _simple_types(cls) -> dict:
    return {name: hint for name, hint in _field_types(cls).items() if hint in (str, bool, int)}


def _all_fit(data: dict, cls, depth: int) -> bool:
    """Whether every field of ``data`` is declared by ``cls`` with the value's type (the fast path of
    ``_mistyped_field``: plain str/bool/int fields are checked inline, without a call each)."""
    simple, checks = _simple_types(cls), _type_checks(cls)
    for name, value in data.items():
        hint = simple.get(name)
        if hint is not None:
            if type(value) is not hint or (hint is int and abs(value) > MAX_INT):
                return False
        elif not (name == "kind" and depth == 0):
            check = checks.get(name)
            if check is None or not check(value, depth):
                return False
    return True


def _mistyped_field(data: dict, cls, depth: int = 0) -> str | None:
    """The first field of ``data`` (a record or one of its lines) that ``cls`` does not declare or whose
    value has another type; None when all fit. Older devices may leave fields out."""
    if _all_fit(data, cls, depth):
        return None
    checks = _type_checks(cls)
    for name in sorted(data):
        if name == "kind" and depth == 0:
            continue
        if name not in checks or not checks[name](data[name], depth):
            return name
    return None


@dataclass
class Contents:
    """The checked records (parsed dict, canonical body) and audit entries of a bundle."""

    records: list[tuple[dict, str]]
    audit: list[dict]
    evidence_refs: set[str] = field(default_factory=set)


def _record_error(what: str, line_no: int, message: str) -> BundleError:
    return BundleError(
        "record", _("{what}: record {n} is not valid: {reason}").format(what=what, n=line_no, reason=message)
    )


def _lines(data: bytes, name: str, what: str) -> list[str]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _format_error(_("{what}: '{name}' is not UTF-8 text.").format(what=what, name=name)) from None
    if text and not text.endswith("\n"):
        raise _format_error(_("{what}: '{name}' does not end with a line break.").format(what=what, name=name))
    return text.split("\n")[:-1] if text else []


def check_contents(opened: OpenedBundle, validator, what: str) -> Contents:
    """Parse and check every record (canonical form, envelope, domain rules) and the audit chain."""
    device_id = opened.device_id
    today = dt.date.today() + dt.timedelta(days=1)  # a device a time zone ahead is not "in the future"
    records: list[tuple[dict, str]] = []
    seen: set[str] = set()
    counts = {kind: 0 for kind in RECORD_CLASSES}
    evidence_refs: set[str] = set()
    for n, line in enumerate(_lines(opened.entries[RECORDS], RECORDS, what), start=1):
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
        mistyped = _mistyped_field(data, RECORD_CLASSES[kind])
        if mistyped:
            raise _record_error(
                what, n, _("the field '{name}' has the wrong type or an impossible value.").format(name=mistyped)
            )
        if not ENVELOPE_KEYS <= names or canonical_json(data) != line:
            raise _record_error(what, n, _("it is not in Pantau's canonical form."))
        record_id = data["id"]
        if not isinstance(record_id, str) or not record_id or record_id in seen:
            raise _record_error(what, n, _("its id is missing or repeated."))
        seen.add(record_id)
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
            record = RECORD_CLASSES[kind].from_dict(data)
        except (TypeError, ValueError):
            raise _record_error(what, n, _("its envelope is malformed.")) from None
        problems = only_errors(validator.validate(record, today))
        if problems:
            raise _record_error(
                what, n, _("{field}: {message}").format(field=problems[0].field, message=problems[0].message)
            )
        for ref in data.get("evidence") or []:
            if isinstance(ref, dict) and isinstance(ref.get("sha256"), str):
                evidence_refs.add(ref["sha256"])
        counts[kind] += 1
        records.append((data, line))
    declared = opened.manifest["counts"]
    if any(declared.get(kind) != n for kind, n in counts.items()):
        raise _format_error(
            _("{what}: the record counts in the manifest do not match records.jsonl.").format(what=what)
        )
    audit = _check_audit(opened, what)
    anchors.check_head(opened.manifest, audit, what)
    latest: dict[str, str | None] = {}
    for entry in audit:
        latest[entry["record_id"]] = entry["new_value"]
    for data, line in records:
        if latest.get(data["id"]) != line:
            raise BundleError(
                "audit",
                _("{what}: record {id} does not match the device's audit log (changed outside Pantau?).").format(
                    what=what, id=data["id"]
                ),
            )
    return Contents(records, audit, evidence_refs)


def _hash_ok(line: str, entry: dict) -> bool:
    """Whether an audit entry's hash is right. Fast path: a canonical line minus its two hash fields
    *is* the canonical content that was hashed (quotes inside values are escaped, so the two
    top-level fields cannot be confused with anything else); otherwise hash the parsed entry."""
    digest, prev = entry["hash"], entry["prev_hash"]
    if not isinstance(digest, str) or not isinstance(prev, str):
        return False
    content = line.replace(f'"hash":"{digest}",', "", 1).replace(f'"prev_hash":"{prev}",', "", 1)
    return sha256_hex((prev + content).encode("utf-8")) == digest or entry_hash(prev, entry) == digest


def _check_audit(opened: OpenedBundle, what: str) -> list[dict]:
    entries: list[dict] = []
    prev = None
    for n, line in enumerate(_lines(opened.entries[AUDIT], AUDIT, what), start=1):
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
        entries.append(entry)
        prev = entry
    if opened.manifest["counts"].get("audit_entries") != len(entries):
        raise _format_error(
            _("{what}: the audit entry count in the manifest does not match audit.jsonl.").format(what=what)
        )
    return entries
