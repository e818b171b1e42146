"""Records in update packs are encrypted to the devices that hold them: the pack (one file for
every device, left in a shared folder) carries no record in the clear, each device reads only its
own records file, the stock age tool opens it with the device's derived identity, and a changed or
unopenable records file refuses the whole pack."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess

import pyrage
import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from desktop.cli import main
from desktop.domain.records import KINDS
from desktop.paths import Home
from desktop.rates import list_rates, save_rate
from desktop.security import home_lock
from desktop.settings import Settings
from desktop.store import Store
from desktop.sync import device_age, importer, keys, pack_records, packs, signing
from desktop.sync.devices import approve, revoke
from desktop.sync.errors import BundleError
from desktop.sync.export import export_bundle
from tests.sync.conftest import approve_device, give_card, observation, rezip, zip_entries

needs_age = pytest.mark.skipif(
    shutil.which("age") is None, reason="the stock 'age' tool is not on PATH (Debian package age)"
)

SECRETS_A = ("Penjual Rahasia Andi", "+62 812 5550 1234", "ditemui di pasar burung Pramuka")
SECRETS_B = ("Kedai Burung Siti", "+60 12 555 9876", "meets buyers behind the petrol station")


def _round(coord: Store, dev: Store, tmp_path, name: str) -> None:
    bundle = export_bundle(dev, tmp_path / f"bundle-{name}")
    if bundle:
        importer.import_paths(coord, [bundle.path])


def _correct(coord: Store, record_id: str, name: str, phone: str, notes: str) -> None:
    """A coordinator's correction that writes confidential details into a device's record."""
    fixed = coord.get("observation", record_id)
    fixed.seller_name = name
    fixed.contacts = [phone]
    fixed.notes = notes
    coord.save(fixed)


def _bodies(store: Store) -> dict[str, str]:
    return {json.loads(body)["id"]: body for kind in KINDS for body in store.queries.records.iter_bodies(kind, 0)}


def _identity(store: Store):
    return device_age.identity(keys.device_signing_key(store.home, store.keys).secret)


@pytest.fixture
def fleet(homes, tmp_path):
    """A coordinator, devices A and B with one record each (corrected at the coordinator with
    confidential details), and a device C that holds none of them; a pack made after that."""
    coord = homes.coordinator()
    devs = {name: homes.device(name) for name in "ABC"}
    for dev in devs.values():
        give_card(coord, dev)
    a = devs["A"].save(observation(1, notes="a"))
    b = devs["B"].save(observation(2, notes="b"))
    c = devs["C"].save(observation(3, notes="c"))
    for name, dev in devs.items():
        _round(coord, dev, tmp_path, name)
        approve_device(coord, dev)
    _correct(coord, a.id, *SECRETS_A)
    _correct(coord, b.id, *SECRETS_B)
    save_rate(coord, "MYR", "2026-01-01", "0.21")
    pack = packs.build_update_pack(coord, [], tmp_path / "packs")
    return coord, devs, {"A": a.id, "B": b.id, "C": c.id}, pack


def test_derived_age_key_is_a_standard_x25519_key_pair():
    for _ in range(20):
        pair = signing.generate()
        identity = device_age.identity(pair.secret_key)
        recipient = device_age.recipient_string(pair.public_key)
        assert recipient.startswith("age1") and str(identity.to_public()) == recipient
        # the scalar and the birational map agree with an independent X25519 implementation
        scalar = device_age.x25519_scalar(signing.ed25519_seed(pair.secret_key))
        computed = X25519PrivateKey.from_private_bytes(scalar).public_key().public_bytes_raw()
        assert computed == device_age.x25519_public(signing.ed25519_public(pair.public_key))
    with pytest.raises(ValueError):
        device_age.x25519_public((1).to_bytes(32, "little"))  # the neutral point has no X25519 key


def test_the_pack_holds_no_record_in_the_clear(fleet):
    coord, devs, ids, pack = fleet
    raw = pack.read_bytes()
    entries = zip_entries(raw)
    for secret in SECRETS_A + SECRETS_B:
        for form in (secret.encode("utf-8"), json.dumps(secret).encode("utf-8")):
            assert form not in raw
            assert not any(form in data for data in entries.values())
    for record_id in ids.values():  # not even the ids of the records decided on
        assert record_id.encode("ascii") not in raw and not any(record_id.encode() in d for d in entries.values())
    names = {name for name in entries if name.startswith("files/records/")}
    assert names == {f"files/records/{devs[n].device_id}.age" for n in "AB"}  # C holds no decided record
    manifest = json.loads(entries["manifest.json"])
    assert manifest["format_version"] == packs.FORMAT_VERSION == 2
    for name in names:
        assert entries[name].startswith(b"age-encryption.org/v1\n")
        assert manifest["files"][name] == hashlib.sha256(entries[name]).hexdigest()  # signed as encrypted


def test_each_device_reads_only_its_own_records(fleet):
    coord, devs, ids, pack = fleet
    entries = zip_entries(pack.read_bytes())
    file_a = entries[f"files/records/{devs['A'].device_id}.age"]
    lines = pyrage.decrypt(file_a, [_identity(devs["A"])]).decode("utf-8").splitlines()
    assert lines == [_bodies(coord)[ids["A"]]]
    for other in ("B", "C"):
        with pytest.raises(pyrage.DecryptError):
            pyrage.decrypt(file_a, [_identity(devs[other])])

    for name in "AB":
        result = packs.apply_update_pack(devs[name], pack)
        assert result.status == "applied"
        assert any("1 records updated" in line for line in result.change_lines())
        assert _bodies(devs[name])[ids[name]] == _bodies(coord)[ids[name]]
    assert devs["A"].get("observation", ids["A"]).contacts == [SECRETS_A[1]]
    assert ids["B"] not in _bodies(devs["A"]) and ids["A"] not in _bodies(devs["B"])

    assert result.files == ["rates.csv", f"records/{devs['B'].device_id}.age"]  # not A's file
    result = packs.apply_update_pack(devs["C"], pack)  # no file for C: the rest of the pack, no records
    assert result.files == ["rates.csv"]
    assert result.status == "applied" and not any("records updated" in line for line in result.change_lines())
    assert list(_bodies(devs["C"])) == [ids["C"]] and list_rates(devs["C"]) == list_rates(coord)


@needs_age
def test_stock_age_opens_a_device_file_with_the_exported_identity(fleet, tmp_path, capsys):
    coord, devs, ids, pack = fleet
    entries = zip_entries(pack.read_bytes())
    encrypted = tmp_path / "records-A.age"
    encrypted.write_bytes(entries[f"files/records/{devs['A'].device_id}.age"])
    identities = {}
    for name in "AB":
        identities[name] = tmp_path / f"identity-{name}.txt"
        code = main(
            ["--home", str(devs[name].home.root), "keys", "export-age-identity", "--out", str(identities[name])]
        )
        assert code == 0 and identities[name].stat().st_mode & 0o777 == 0o600
    assert "Secret identity written to" in capsys.readouterr().out
    opened = subprocess.run(["age", "-d", "-i", str(identities["A"]), str(encrypted)], capture_output=True)
    assert opened.returncode == 0, opened.stderr
    assert opened.stdout.decode("utf-8").splitlines() == [_bodies(coord)[ids["A"]]]
    wrong = subprocess.run(["age", "-d", "-i", str(identities["B"]), str(encrypted)], capture_output=True)
    assert wrong.returncode != 0 and SECRETS_A[0].encode() not in wrong.stdout
    # the recipient 'keys show' prints is the one the file was made for
    main(["--home", str(devs["A"].home.root), "keys", "show", "--json"])
    shown = json.loads(capsys.readouterr().out)["age_recipient"]
    keygen = subprocess.run(["age-keygen", "-y", str(identities["A"])], capture_output=True, text=True)
    assert keygen.returncode == 0 and keygen.stdout.strip() == shown
    code = main(["--home", str(devs["A"].home.root), "keys", "export-age-identity", "--out", str(identities["A"])])
    assert code == 1 and "already exists" in capsys.readouterr().err


def _resign(coord: Store, entries: dict[str, bytes]) -> bytes:
    """The pack as the coordinator would sign it with ``entries``' files (for a records file that
    is properly signed but was encrypted to another key)."""
    manifest = json.loads(entries["manifest.json"])
    manifest["files"] = {n: hashlib.sha256(d).hexdigest() for n, d in entries.items() if n.startswith("files/")}
    body = (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode("utf-8")
    signature = keys.coordinator_signing_key(coord.home).sign(body, "pantau update pack (test)")
    return rezip({**entries, "manifest.json": body, "manifest.json.minisig": signature})


def _nothing_applied(dev: Store, record_id: str, before: str) -> None:
    assert packs.pack_history(dev) == [] and list_rates(dev) == []
    assert _bodies(dev)[record_id] == before


def test_a_changed_records_file_is_refused_and_nothing_applied(fleet, tmp_path, capsys):
    coord, devs, ids, pack = fleet
    dev = devs["A"]
    before = _bodies(dev)[ids["A"]]
    name = f"files/records/{dev.device_id}.age"
    entries = zip_entries(pack.read_bytes())
    changed = bytearray(entries[name])
    changed[-5] ^= 0x01
    tampered = tmp_path / "tampered.pantaupack"
    tampered.write_bytes(rezip({**entries, name: bytes(changed)}))
    code = main(["--home", str(dev.home.root), "apply-pack", str(tampered)])
    err = capsys.readouterr().err
    assert code == 1 and f"'{name}' was changed after signing" in err and "Traceback" not in err
    _nothing_applied(dev, ids["A"], before)

    # signed by the coordinator, but encrypted to a key that is not this device's
    stranger = pyrage.x25519.Identity.generate().to_public()
    plaintext = pyrage.decrypt(entries[name], [_identity(dev)])
    resigned = tmp_path / "other-key.pantaupack"
    resigned.write_bytes(_resign(coord, {**entries, name: pyrage.encrypt(plaintext, [stranger])}))
    with pytest.raises(BundleError) as refused:
        packs.apply_update_pack(dev, resigned)
    assert refused.value.code == "decrypt"
    assert "cannot be decrypted with this device's key" in refused.value.message
    assert "Nothing was applied" in refused.value.message
    _nothing_applied(dev, ids["A"], before)

    # the untouched pack still applies afterwards
    assert packs.apply_update_pack(dev, pack).status == "applied"
    assert _bodies(dev)[ids["A"]] == _bodies(coord)[ids["A"]]


def test_a_plaintext_records_file_is_not_accepted_but_older_packs_are_read(fleet, tmp_path, capsys):
    coord, devs, ids, pack = fleet
    dev = devs["A"]
    entries = zip_entries(pack.read_bytes())
    plain = f"{_bodies(coord)[ids['A']]}\n".encode()
    entries = {n: d for n, d in entries.items() if not n.startswith("files/records/")}
    for name in ("files/records/decisions.jsonl", f"files/records/{dev.device_id}.jsonl"):
        crafted = tmp_path / "plain.pantaupack"
        crafted.write_bytes(_resign(coord, {**entries, name: plain}))
        with pytest.raises(BundleError) as refused:
            packs.apply_update_pack(dev, crafted)
        assert f"unexpected entry '{name}'" in refused.value.message
        assert packs.pack_history(dev) == []
    # a format-1 pack (forms, rates, settings, lists only) still applies
    manifest = json.loads(entries["manifest.json"])
    older = tmp_path / "format-1.pantaupack"
    older.write_bytes(_resign(coord, {**entries, "manifest.json": json.dumps({**manifest, "format_version": 1})}))
    result = packs.apply_update_pack(dev, older)
    assert result.status == "applied" and list_rates(dev) == list_rates(coord)


def test_a_revoked_device_gets_no_records(fleet, tmp_path):
    coord, devs, ids, _pack = fleet
    revoke(coord, keys.device_signing_key(devs["B"].home).fingerprint)
    pack = packs.build_update_pack(coord, [], tmp_path / "after-revoke")
    names = packs.pack_file_names(pack)
    assert f"records/{devs['A'].device_id}.age" in names
    assert f"records/{devs['B'].device_id}.age" not in names
    assert pack_records.holders(coord, [ids["B"]]) == {ids["B"]: {devs["B"].device_id}}


def test_a_protected_device_opens_its_records_with_its_sealed_key(homes, tmp_path, ref):
    coord = homes.coordinator()
    home = Home.resolve(tmp_path / "protected")
    dev = Store.open(
        home, Settings(officer_name="Officer P"), ref, home_lock.protect_new_home(home, "kancil melompat 2026")
    )
    homes.stores.append(dev)
    give_card(coord, dev)
    record = dev.save(observation(1, notes="p"))
    _round(coord, dev, tmp_path, "p")
    approve(coord, keys.device_signing_key(dev.home, dev.keys).fingerprint)  # the sealed key needs the keys
    _correct(coord, record.id, *SECRETS_A)
    pack = packs.build_update_pack(coord, [], tmp_path / "packs")
    assert SECRETS_A[0].encode() not in pack.read_bytes()
    assert packs.apply_update_pack(dev, pack).status == "applied"
    assert dev.get("observation", record.id).seller_name == SECRETS_A[0]
