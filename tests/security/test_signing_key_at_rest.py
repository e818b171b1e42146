"""The device's signing secret key at rest: sealed on a protected home, in the clear on an
unprotected one, sealed by conversion and on unlock, and still verifiable with stock minisign."""

from __future__ import annotations

import base64
import datetime as dt
import io
import secrets
import shutil
import subprocess
import zipfile

import pytest

from desktop.cli import main
from desktop.domain.records import Observation, SpeciesLine
from desktop.files import write_private
from desktop.paths import Home
from desktop.security import home_lock
from desktop.security.keyring import KeyRing, WrongPassphrase
from desktop.store import Store
from desktop.sync import keys, signing
from desktop.sync.errors import KeyStoreError
from desktop.sync.export import export_bundle

PASS = "kancil melompat 2026"

needs_minisign = pytest.mark.skipif(
    shutil.which("minisign") is None, reason="the stock 'minisign' tool is not on PATH (Debian package minisign)"
)


def secret_forms(key: keys.SigningKey) -> list[bytes]:
    """The secret key as raw bytes and in every form it is written in the clear."""
    seed = bytes(key.secret._keynum_sk.secret_key)[:32]
    line = signing.secret_key_file(key.secret).splitlines()[1]
    return [seed, base64.b64encode(seed), line, base64.b64decode(line)]


def assert_sealed(home: Home, key: keys.SigningKey) -> None:
    path = home.keys_dir / keys.DEVICE_KEY
    raw = path.read_bytes()
    assert raw.startswith(keys.SEALED)
    assert path.stat().st_mode & 0o777 == 0o600
    for form in secret_forms(key):
        assert form not in raw
    assert not list(home.keys_dir.glob(".device.key-*"))  # no temporary copy left behind


def protected_store(tmp_path, settings, ref) -> Store:
    home = Home.resolve(tmp_path / "h")
    return Store.open(home, settings, ref, home_lock.protect_new_home(home, PASS))


@needs_minisign
def test_protected_home_seals_the_key_and_bundles_still_verify(tmp_path, settings, ref):
    store = protected_store(tmp_path, settings, ref)
    store.save(
        Observation(
            observed_at=dt.date.today().isoformat(),
            platform="facebook",
            country="ID",
            url="https://www.facebook.com/groups/x/posts/1",
            seller_handle="kicau_77",
            species=[SpeciesLine(species_id="manis-javanica", quantity="3")],
        )
    )
    result = export_bundle(store, tmp_path / "out")
    key = keys.device_signing_key(store.home, store.keys)
    assert_sealed(store.home, key)
    assert (store.home.keys_dir / keys.DEVICE_PUB).read_bytes() == signing.public_key_file(key.public)
    folder = tmp_path / "extracted"
    folder.mkdir()
    with zipfile.ZipFile(io.BytesIO(result.path.read_bytes())) as zf:  # signed only: no card imported
        zf.extractall(folder)
    run = subprocess.run(
        ["minisign", "-Vm", "manifest.json", "-P", key.public_line], cwd=folder, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert "Signature and comment signature verified" in run.stdout
    store.close()


def test_sealed_key_needs_the_right_keys(tmp_path, settings, ref):
    store = protected_store(tmp_path, settings, ref)
    home, fingerprint = store.home, keys.device_signing_key(store.home, store.keys).fingerprint
    store.close()
    with pytest.raises(WrongPassphrase):
        home_lock.unlock(home, "not the passphrase at all")
    with pytest.raises(KeyStoreError, match="unlock it first"):
        keys.device_signing_key(home)
    with pytest.raises(KeyStoreError, match="cannot be decrypted"):
        keys.device_signing_key(home, home_lock.HomeKeys(secrets.token_bytes(32)))
    KeyRing.load(home.root).change_passphrase(PASS, "another long passphrase 7")  # re-wraps only
    again = keys.device_signing_key(home, home_lock.unlock(home, "another long passphrase 7"))
    assert again.fingerprint == fingerprint


def test_unprotected_home_keeps_the_stock_minisign_key_file(tmp_path, settings, ref):
    store = Store.open(Home.resolve(tmp_path / "h"), settings, ref)
    key = keys.device_signing_key(store.home)
    raw = (store.home.keys_dir / keys.DEVICE_KEY).read_bytes()
    assert raw == signing.secret_key_file(key.secret)  # what 'minisign -G -W' writes
    store.close()


def test_conversion_seals_the_existing_key(tmp_path, settings, ref, monkeypatch):
    home = Home.resolve(tmp_path / "h")
    store = Store.open(home, settings, ref)
    before = keys.device_signing_key(home)
    store.close()
    monkeypatch.setenv("PANTAU_PASSPHRASE", PASS)
    assert main(["--home", str(home.root), "security", "protect"]) == 0
    assert_sealed(home, before)
    after = keys.device_signing_key(home, home_lock.unlock(home, PASS))
    assert (after.fingerprint, after.public_line) == (before.fingerprint, before.public_line)
    assert signing.verify(after.public, b"data", before.sign(b"data", "c"), "test") == "c"


def test_plaintext_key_of_an_older_protected_home_is_sealed_on_unlock(tmp_path, settings, ref):
    store = protected_store(tmp_path, settings, ref)
    home = store.home
    store.close()
    old = signing.generate()  # as a home protected before keys were sealed wrote it
    write_private(home.keys_dir / keys.DEVICE_KEY, signing.secret_key_file(old.secret_key))
    unlocked = home_lock.unlock(home, PASS)
    key = keys.device_signing_key(home, unlocked)
    assert key.fingerprint == signing.fingerprint(old.public_key)
    assert_sealed(home, key)


def test_recovery_keeps_the_sealed_key(tmp_path, settings, ref):
    import pyrage

    store = protected_store(tmp_path, settings, ref)
    home, fingerprint = store.home, keys.device_signing_key(store.home, store.keys).fingerprint
    identity = pyrage.x25519.Identity.generate()
    KeyRing.load(home.root).add_recovery_recipient(store.keys.master, str(identity.to_public()), "coordinator")
    store.close()
    recovered = home_lock.recover(home, str(identity), "recovered passphrase 42")
    assert keys.device_signing_key(home, recovered).fingerprint == fingerprint
    assert keys.device_signing_key(home, home_lock.unlock(home, "recovered passphrase 42")).fingerprint == fingerprint


def test_cli_on_a_protected_home_creates_the_key_sealed(tmp_path, monkeypatch, capsys):
    import json

    home = Home.resolve(tmp_path / "cli")
    monkeypatch.setenv("PANTAU_PASSPHRASE", PASS)  # a home created by the CLI with it is protected
    assert main(["--home", str(home.root), "keys", "show", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    key = keys.device_signing_key(home, home_lock.unlock(home, PASS))
    assert shown["fingerprint"] == key.fingerprint and shown["public_key"] == key.public_line
    assert_sealed(home, key)
    assert main(["--home", str(home.root), "security", "status"]) == 0
    assert "signing key are encrypted" in capsys.readouterr().out
