"""Reading untrusted zips: traversal names, folders, too many entries, oversized entries, zip bombs."""

from __future__ import annotations

import io
import zipfile

import pytest

from desktop.sync import bundle
from desktop.sync.errors import BundleError
from desktop.sync.zipsafe import MiB, ZipRules, build_zip, read_zip

SHA = "a" * 64


def _zip(entries, compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    "name",
    [
        "../evil.sh",
        "/etc/passwd",
        "evidence/../../x",
        "evidence/sub/" + SHA,
        "evidence/" + SHA.upper(),
        "evidence/",
        "records.jsonl/",
        "C:\\x",
        "nested/records.jsonl",
        "evidence\\" + SHA,
        "records.jsonl.bak",
    ],
)
def test_unexpected_names_are_refused(name):
    with pytest.raises(BundleError) as info:
        read_zip(_zip([("manifest.json", b"{}"), (name, b"x")]), bundle.BUNDLE_RULES, "test.pantau")
    assert info.value.code == "zip"


def test_duplicate_names_are_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("records.jsonl", b"a")
        with pytest.warns(UserWarning):
            zf.writestr("records.jsonl", b"b")
    with pytest.raises(BundleError, match="twice"):
        read_zip(out.getvalue(), bundle.BUNDLE_RULES, "dup.pantau")


def test_too_many_entries_are_refused():
    rules = ZipRules(lambda name: 100, max_entries=10)
    with pytest.raises(BundleError, match="too many entries"):
        read_zip(_zip([(f"f{i}", b"x") for i in range(11)]), rules, "many.zip")


def test_oversized_entries_are_refused():
    rules = ZipRules(lambda name: 1000)
    with pytest.raises(BundleError, match="too large"):
        read_zip(_zip([("big", b"x" * 1001)]), rules, "big.zip")
    total = ZipRules(lambda name: 1000, max_total=1500)
    with pytest.raises(BundleError, match="too large when unpacked"):
        read_zip(_zip([("a", b"x" * 800), ("b", b"y" * 800)]), total, "total.zip")


def test_zip_bomb_is_refused_before_inflating():
    bomb = _zip([("records.jsonl", b"\0" * (64 * MiB))])
    assert len(bomb) < MiB
    with pytest.raises(BundleError, match="zip bomb"):
        read_zip(bomb, bundle.BUNDLE_RULES, "bomb.pantau")


def test_entry_larger_than_it_claims_is_refused():
    data = bytearray(_zip([("a", b"x" * 5000)]))
    # lower the declared size in the central directory (local header keeps the real one)
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.infolist()[0]
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = (100).to_bytes(4, "little")
    with pytest.raises(BundleError) as excinfo:
        read_zip(bytes(data), ZipRules(lambda name: 10_000), "liar.zip")
    assert excinfo.value.code == "zip" and info.file_size == 5000


def test_not_a_zip_is_refused():
    for data in (b"", b"PK\x03\x04garbage", b"hello"):
        with pytest.raises(BundleError):
            read_zip(data, bundle.BUNDLE_RULES, "x.pantau")


def test_build_zip_is_deterministic_and_readable():
    entries = [("manifest.json", b"{}", False), ("records.jsonl", b"{}\n" * 100, True)]
    assert build_zip(entries) == build_zip(entries)
    assert read_zip(build_zip(entries), bundle.BUNDLE_RULES, "ok.pantau") == {
        "manifest.json": b"{}",
        "records.jsonl": b"{}\n" * 100,
    }
