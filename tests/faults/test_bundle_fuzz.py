"""Bundle fuzzing: random bytes, truncations, every single-byte flip of a small real bundle
(decrypted zip and encrypted file), oversized and deeply nested JSON, traversal names and zip bombs
among evidence entries, wrong types and impossible values in re-signed records.

Each input goes through every import check (``importer.inspect``, what ``import`` runs before it
writes anything). Each must be refused with a typed ``BundleError`` whose message is translated, no
other exception may escape, and the coordinator's database (row counts and file bytes) must be
unchanged. ``PANTAU_FUZZ=long`` runs many more hypothesis examples and all eight bit flips per byte.
"""

from __future__ import annotations

import copy
import io
import os
import time
import typing
import zipfile
from dataclasses import fields, is_dataclass

import pyrage
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.domain.canonical import canonical_json as canonical_line
from desktop.domain.records import RECORD_CLASSES
from desktop.i18n import set_language
from desktop.reference import load_reference
from desktop.sync import bundle, importer, keys
from desktop.sync.zipsafe import MiB, build_zip
from tests.faults.bundle_forge import World, make_world
from tests.sync.conftest import zip_entries

LONG = os.environ.get("PANTAU_FUZZ") == "long"
FUZZ = settings(
    max_examples=2000 if LONG else 100,
    deadline=None,
    database=None,
    derandomize=not LONG,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
FLIPS = (0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80) if LONG else (0xFF,)
SHA = "b" * 64


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    made, homes = make_world(tmp_path_factory.mktemp("fuzz"), load_reference())
    yield made
    homes.close()


@pytest.fixture(autouse=True)
def nothing_written(world, request):
    before = world.fingerprint()
    yield
    if request.function.__name__ != "test_a_sample_goes_through_the_real_import":  # it logs 'rejected'
        assert world.fingerprint() == before, "the coordinator's database or evidence changed"


def refused(world: World, data: bytes):
    exc = world.inspect(data)
    assert exc is not None, "a damaged or forged bundle was accepted"
    return exc


def flipped(data: bytes, position: int, mask: int) -> bytes:
    out = bytearray(data)
    out[position] ^= mask
    return bytes(out)


# -- the forger itself is sound: what it seals unchanged is accepted --------------------------------
def test_untouched_and_resealed_bundles_are_accepted(world):
    assert world.inspect(world.encrypted) is None
    assert world.inspect(world.plain) is None
    assert world.inspect(world.seal()) is None
    assert world.inspect(world.seal(encrypt=True)) is None


# -- random bytes and truncations --------------------------------------------------------------------
@FUZZ
@given(
    st.one_of(
        st.binary(max_size=4096),
        st.sampled_from([bundle.ZIP_MAGIC, bundle.AGE_MAGIC + b"v1\n", bundle.AGE_ARMOR + b"\n"]).flatmap(
            lambda head: st.binary(max_size=4096).map(lambda tail: head + tail)
        ),
    )
)
def test_random_bytes_are_refused(world, data):
    refused(world, data)


@pytest.mark.parametrize("which", ["plain", "encrypted"])
def test_every_truncation_is_refused(world, which):
    data = getattr(world, which)
    for length in range(len(data)):
        refused(world, data[:length])


# -- every single-byte flip -------------------------------------------------------------------------
def test_every_byte_flip_of_the_decrypted_zip(world):
    original = zip_entries(world.plain)
    harmless = 0
    started = time.monotonic()
    for position in range(len(world.plain)):
        for mask in FLIPS:
            data = flipped(world.plain, position, mask)
            if world.inspect(data) is None:  # only unsigned zip metadata (a time stamp, an attribute)
                assert zip_entries(data) == original, f"flip at {position} changed accepted content"
                harmless += 1
    print(
        f"zip flips: {len(world.plain) * len(FLIPS)} in {time.monotonic() - started:.1f}s, "
        f"{harmless} left the signed content intact"
    )


def test_every_byte_flip_of_the_encrypted_file(world):
    identities = keys.coordinator_identities(world.coord.home)
    for position in range(len(world.encrypted)):
        for mask in FLIPS:
            data = flipped(world.encrypted, position, mask)
            if world.inspect(data) is None:
                assert pyrage.decrypt(data, identities) == world.plain, f"flip at {position} was accepted"


# -- crafted zips: traversal names, bombs, oversized and nested JSON ---------------------------------
TRAVERSAL = [
    "../x",
    "../../etc/passwd",
    "/etc/passwd",
    "evidence/../../x",
    "evidence/../" + SHA,
    "evidence\\" + SHA,
    "..\\..\\x",
    "C:\\x",
    "C:/x",
    "evidence/" + SHA + "/",
    "evidence/./" + SHA,
    "evidence//" + SHA,
    "./records.jsonl",
    "evidence/" + SHA.upper(),
    "evidence/" + SHA + "\0.txt",
    "evidence/",
    "manifest.json/",
    "",
]


@pytest.mark.parametrize("name", TRAVERSAL)
def test_traversal_names_among_evidence_are_refused(world, name):
    exc = refused(world, world.seal(extra=[(name, b"payload", False)]))
    assert exc.code in ("zip", "hash"), exc.message  # zipfile cuts a name at NUL: then its hash is wrong


@FUZZ
@given(
    st.lists(st.one_of(st.sampled_from(TRAVERSAL), st.text(max_size=40)), min_size=1, max_size=4),
    st.binary(max_size=64),
)
def test_random_entry_names_are_refused_or_valid(world, names, payload):
    extra = [(name, payload, False) for name in names]
    allowed = {bundle.EVIDENCE_PREFIX + bundle.sha256_hex(payload)}
    if set(names) <= allowed and len(names) == 1 and names[0] not in world.entries:
        return  # a well-formed evidence entry: legitimately accepted
    try:
        data = world.seal(extra=extra)
    except (UnicodeEncodeError, ValueError):
        return  # zipfile itself cannot write such a name
    refused(world, data)


def _patch_sizes(data: bytes, name: str, size: int) -> bytes:
    """Make the zip claim ``size`` bytes for entry ``name`` (local header and central directory)."""
    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(name)
    out[info.header_offset + 22 : info.header_offset + 26] = size.to_bytes(4, "little")
    start = 0
    while (start := bytes(out).find(b"PK\x01\x02", start)) != -1:
        length = int.from_bytes(out[start + 28 : start + 30], "little")
        if bytes(out[start + 46 : start + 46 + length]) == name.encode():
            out[start + 24 : start + 28] = size.to_bytes(4, "little")
        start += 4
    return bytes(out)


def test_zip_bombs_among_evidence_are_refused(world):
    zeros = b"\0" * (48 * MiB)
    bomb = world.seal(extra=[(bundle.EVIDENCE_PREFIX + bundle.sha256_hex(zeros), zeros, True)])
    assert refused(world, bomb).code == "zip"
    sha = next(iter(world.evidence()))
    for claimed in (0xFFFFFFFF, bundle.EVIDENCE_LIMIT + 1, 1):  # declared huge, or smaller than real
        exc = refused(world, _patch_sizes(world.plain, sha, claimed))
        assert exc.code == "zip", exc.message
    assert refused(world, _patch_sizes(world.plain, bundle.RECORDS, 0xFFFFFFFF)).code == "zip"


def test_many_entries_are_refused(world):
    extra = [(bundle.EVIDENCE_PREFIX + f"{i:064x}", b"", False) for i in range(50_001)]
    assert refused(world, build_zip(extra)).code == "zip"


def test_oversized_manifest_is_refused(world):
    manifest = dict(world.manifest, padding="x" * (bundle.LIMITS[bundle.MANIFEST] + 1))
    assert refused(world, world.seal(manifest=manifest)).code == "zip"


@pytest.mark.parametrize("depth", [100, 10_000, 200_000])
def test_deeply_nested_manifest_is_refused(world, depth):
    nested = "[" * depth + "]" * depth
    body = bundle.manifest_bytes(dict(world.manifest, range=None))
    body = body.replace(b'"range": null', b'"range": ' + nested.encode())
    refused(world, world.seal(body=body))  # signed by the device
    entries = zip_entries(world.plain)
    entries[bundle.MANIFEST] = ('{"format": ' + nested + "}").encode()
    refused(world, build_zip([(n, d, False) for n, d in entries.items()]))  # not even signed


@pytest.mark.parametrize("depth", [100, 10_000, 200_000])
def test_deeply_nested_records_are_refused(world, depth):
    first = canonical_line(dict(world.records[0], notes="@@"))
    line = first.replace('"@@"', "[" * depth + "]" * depth)
    lines = [line] + [canonical_line(r) for r in world.records[1:]]
    assert refused(world, world.seal(lines=lines)).code == "record"
    answers = {"a": None}
    for _level in range(min(depth, 900)):
        answers = {"a": answers}
    response = next(r for r in world.records if r["kind"] == "response")
    assert refused(world, world.seal([dict(response, answers=answers)])).code == "record"  # parseable, too deep


# -- wrong types and impossible values in re-signed records ------------------------------------------
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


@FUZZ
@given(st.data())
def test_wrong_types_in_records_are_refused(world, data):
    record = copy.deepcopy(data.draw(st.sampled_from(world.records)))
    name = data.draw(st.sampled_from(sorted(k for k in record if k != "kind")))
    example = record[name]
    record[name] = data.draw(JSON.filter(lambda v: type(v) is not type(example)))
    refused(world, world.seal([record]))


def _line_hints(kind: str) -> dict[str, tuple[str, type]]:
    """List fields of a kind whose items are dataclasses: field name -> item class."""
    hints = typing.get_type_hints(RECORD_CLASSES[kind])
    out = {}
    for f in fields(RECORD_CLASSES[kind]):
        args = typing.get_args(hints[f.name])
        if typing.get_origin(hints[f.name]) is list and args and is_dataclass(args[0]):
            out[f.name] = args[0]
    return out


@FUZZ
@given(st.data())
def test_wrong_types_inside_lines_are_refused(world, data):
    record = copy.deepcopy(data.draw(st.sampled_from([r for r in world.records if r["kind"] != "response"])))
    name = data.draw(st.sampled_from(sorted(_line_hints(record["kind"]))))
    items = record[name] or [
        {
            f.name: getattr(_line_hints(record["kind"])[name](), f.name)
            for f in fields(_line_hints(record["kind"])[name])
        }
    ]
    item = dict(items[0])
    key = data.draw(st.sampled_from(sorted(item)) | st.text(min_size=1, max_size=8).filter(lambda k: k not in item))
    example = item.get(key)
    item[key] = data.draw(JSON.filter(lambda v: example is None or type(v) is not type(example)))
    record[name] = (
        [item] + items[1:] if data.draw(st.booleans()) else [data.draw(JSON.filter(lambda v: not isinstance(v, dict)))]
    )
    refused(world, world.seal([record]))


OUT_OF_RANGE = [
    ("observation", "revision", 0),
    ("observation", "revision", -3),
    ("observation", "revision", 2**64),
    ("observation", "created_at", "yesterday"),
    ("observation", "updated_at", "2026-01-01"),
    ("observation", "observed_at", "2026-13-45"),
    ("observation", "observed_at", "2999-01-01"),
    ("observation", "country", "ZZ"),
    ("observation", "platform", "no-such-platform"),
    ("observation", "currency", "XXX"),
    ("observation", "price", "-5"),
    ("observation", "price", "abc"),
    ("observation", "followup_outcome", "maybe"),
    ("observation", "species", [{"species_id": "no-such-species", "quantity": "1"}]),
    ("observation", "species", [{"species_id": "manis-javanica", "quantity": "-1"}]),
    ("observation", "species", [{"species_id": "manis-javanica", "quantity": "NaN"}]),
    ("seizure", "suspects_count", -1),
    ("seizure", "suspects_count", 2**70),
    ("seizure", "legal_status", "lost"),
    ("seizure", "seizure_date", "2999-01-01"),
    ("seizure", "country", "??"),
    ("seizure", "estimated_value", "lots"),
    ("response", "status", "lost"),
    ("response", "revision", 2**63),
]


@pytest.mark.parametrize("kind,name,value", OUT_OF_RANGE, ids=[f"{k}.{n}={v!r:.20}" for k, n, v in OUT_OF_RANGE])
def test_impossible_values_in_records_are_refused(world, kind, name, value):
    record = copy.deepcopy(next(r for r in world.records if r["kind"] == kind))
    record[name] = value
    assert refused(world, world.seal([record])).code == "record"


# -- the manifest's own fields ---------------------------------------------------------------------
@FUZZ
@given(st.data())
def test_wrong_manifest_fields_are_refused_or_harmless(world, data):
    manifest = copy.deepcopy(world.manifest)
    name = data.draw(st.sampled_from(sorted(manifest)))
    example = manifest[name]
    manifest[name] = data.draw(JSON.filter(lambda v: type(v) is not type(example)))
    exc = world.inspect(world.seal(manifest=manifest))
    if exc is None:  # fields the importer does not read may be of any type; the first bundle has no previous
        assert name not in (
            "format",
            "format_version",
            "device_id",
            "seq",
            "schema_version",
            "officer",
            "device_public_key",
            "counts",
            "created_at",
            "files",
        ), name
        assert name != "previous_bundle_sha256" or manifest[name] is None


# -- the messages are translated ---------------------------------------------------------------------
def test_refusals_are_typed_and_translated(world):
    record = copy.deepcopy(world.records[0])
    record["officer_name"] = 42
    samples = {
        "random": b"\x00garbage",
        "truncated": world.plain[:100],
        "encrypted-flip": flipped(world.encrypted, len(world.encrypted) // 2, 0xFF),
        "zip-flip": flipped(world.plain, len(world.plain) // 2, 0xFF),
        "traversal": world.seal(extra=[("../x", b"x", False)]),
        "nested": world.seal(body=b"[" * 100_000 + b"]" * 100_000),
        "wrong-type": world.seal([record]),
    }
    for label, data in samples.items():
        english = refused(world, data).message
        set_language("id")
        try:
            indonesian = refused(world, data).message
        finally:
            set_language("en")
        assert indonesian.strip() and indonesian != english, f"{label}: not translated: {english}"


def test_a_sample_goes_through_the_real_import(world, tmp_path):
    """import_paths (what the CLI and the import screen run) refuses them, logging only 'rejected'."""
    record = copy.deepcopy(world.records[1])
    record["price"] = ["1"]
    for i, data in enumerate(
        [world.plain[:-1], world.seal([record]), world.seal(extra=[("/etc/passwd", b"x", False)])]
    ):
        path = tmp_path / f"bad{i}.pantau"
        path.write_bytes(data)
        before = world.fingerprint()[0]
        [report] = importer.import_paths(world.coord, [path])
        assert report.status == "rejected" and report.reason, report.line()
        assert world.fingerprint()[0] == before, "only the import log may change"
    logged = [row for row in importer.import_log(world.coord, 10) if row["file_name"].startswith("bad")]
    assert len(logged) == 3 and {row["status"] for row in logged} == {"rejected"}
