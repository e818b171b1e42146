"""The coordinator remarks on bundles that arrive in a suspicious way (issue #17, item 7): an unencrypted
bundle whose signed manifest names coordinator recipients, and re-approving a revoked device."""

from __future__ import annotations

import pytest

from desktop.cli import main
from desktop.sync import importer
from desktop.sync.devices import RevokedDevice, approve, revoke
from desktop.sync.export import export_bundle
from desktop.sync.keys import device_signing_key
from tests.raw_db import raw_execute
from tests.sync.conftest import Homes, decrypt_file, give_card, observation


@pytest.fixture
def homes(tmp_path, ref):
    h = Homes(tmp_path, ref)
    yield h
    h.close()


def test_an_unencrypted_bundle_meant_for_the_coordinator_is_flagged(homes, tmp_path):
    coord = homes.coordinator()
    dev = homes.device("dev")
    give_card(coord, dev)
    dev.save(observation(1))
    sealed = export_bundle(dev, tmp_path / "out").path
    stripped = tmp_path / "stripped.pantau"
    stripped.write_bytes(decrypt_file(coord, sealed))  # the age layer removed on the way
    report = importer.verify_file(coord, stripped)
    assert report.status != "rejected"
    assert any("arrived unencrypted" in note for note in report.notes)
    report = importer.verify_file(coord, sealed)
    assert not any("arrived unencrypted" in note for note in report.notes)


def test_re_approving_a_revoked_device_needs_again_and_warns(homes, tmp_path, capsys):
    coord = homes.coordinator()
    dev = homes.device("dev")
    give_card(coord, dev)
    dev.save(observation(1))
    importer.import_file(coord, export_bundle(dev, tmp_path / "a").path)
    fp = device_signing_key(dev.home).fingerprint
    approve(coord, fp)
    revoke(coord, fp)
    with pytest.raises(RevokedDevice, match="was revoked"):
        approve(coord, fp, allow_revoked=False)
    assert raw_execute(coord, "SELECT state FROM sync_devices")[0][0] == "revoked"
    home = str(coord.home.root)
    coord.close()
    capsys.readouterr()
    assert main(["--home", home, "coordinator", "approve", fp]) != 0
    assert "--again" in capsys.readouterr().err
    assert main(["--home", home, "coordinator", "approve", fp, "--again"]) == 0
    captured = capsys.readouterr()
    assert "had been revoked" in captured.err and "trusted" in captured.out
