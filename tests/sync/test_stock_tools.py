"""Anyone can check a bundle with the stock minisign and age tools, without Pantau."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess

import pytest

from desktop.sync import keys
from desktop.sync.export import export_bundle
from tests.sync.conftest import give_card, observation, zip_entries

needs_minisign = pytest.mark.skipif(
    shutil.which("minisign") is None, reason="the stock 'minisign' tool is not on PATH (Debian package minisign)"
)
needs_age = pytest.mark.skipif(
    shutil.which("age") is None, reason="the stock 'age' tool is not on PATH (Debian package age)"
)


@needs_minisign
def test_stock_minisign_verifies_an_extracted_bundle(homes, tmp_path):
    dev = homes.device("dev")
    dev.save(observation(1))
    result = export_bundle(dev, tmp_path / "out")  # no card: signed only, a plain zip
    folder = tmp_path / "extracted"
    folder.mkdir()
    entries = zip_entries(result.path.read_bytes())
    for name, data in entries.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    public = keys.device_signing_key(dev.home).public_line
    ok = subprocess.run(["minisign", "-Vm", "manifest.json", "-P", public], cwd=folder, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "Signature and comment signature verified" in ok.stdout
    assert f"seq:{result.seq}" in ok.stdout  # the trusted comment
    # the .pub file inside the bundle works with -p, and its comment shows the fingerprint
    pub = (folder / "device.pub").read_text()
    assert keys.device_signing_key(dev.home).fingerprint in pub
    assert (
        subprocess.run(
            ["minisign", "-Vm", "manifest.json", "-p", "device.pub"], cwd=folder, capture_output=True
        ).returncode
        == 0
    )
    # every other entry's SHA-256 is in the signed manifest
    manifest = json.loads((folder / "manifest.json").read_text())
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    # one changed byte and the stock tool refuses too
    (folder / "manifest.json").write_text((folder / "manifest.json").read_text().replace('"seq": 1', '"seq": 2'))
    bad = subprocess.run(["minisign", "-Vm", "manifest.json", "-P", public], cwd=folder, capture_output=True)
    assert bad.returncode != 0


@needs_minisign
def test_fingerprint_is_what_stock_minisign_prints(homes, tmp_path):
    dev = homes.device("dev")
    key = keys.device_signing_key(dev.home)
    # a key made by the stock tool: its comment shows the key id the way our fingerprint does
    other = tmp_path / "other"
    other.mkdir()
    subprocess.run(
        ["minisign", "-G", "-W", "-p", str(other / "o.pub"), "-s", str(other / "o.key")],
        check=True,
        capture_output=True,
    )
    stock_comment = (other / "o.pub").read_text().splitlines()[0]
    from desktop.sync import signing

    stock_key = signing.parse_public_key((other / "o.pub").read_text())
    # (the stock tool drops leading zeros; Pantau always prints 16 digits)
    assert int(stock_comment.rsplit(" ", 1)[1], 16) == int(signing.fingerprint(stock_key), 16)
    assert len(key.fingerprint) == 16 and key.fingerprint == key.fingerprint.upper()
    assert (dev.home.keys_dir / keys.DEVICE_PUB).read_text().splitlines()[0].endswith(key.fingerprint)


@needs_age
def test_stock_age_decrypts_with_the_exported_identity(homes, tmp_path):
    coord = homes.coordinator()
    dev = homes.device("dev")
    give_card(coord, dev)
    dev.save(observation(1))
    result = export_bundle(dev, tmp_path / "out")
    identity = keys.export_identity(coord.home, tmp_path / "identity.txt")
    text = identity.read_text()
    assert text.splitlines()[1].startswith("# public key: age1")
    assert text.splitlines()[2].startswith("AGE-SECRET-KEY-1")
    assert identity.stat().st_mode & 0o777 == 0o600
    out = tmp_path / "bundle.zip"
    run = subprocess.run(
        ["age", "-d", "-i", str(identity), "-o", str(out), str(result.path)], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    entries = zip_entries(out.read_bytes())
    assert {"manifest.json", "manifest.json.minisig", "device.pub", "records.jsonl", "audit.jsonl"} <= set(entries)
    assert json.loads(entries["manifest.json"])["device_id"] == dev.device_id
