"""A device's name travels in its signed bundle manifest: the coordinator's Sync page and
`pantau coordinator devices` show it (the id stays in the tooltip), a later bundle's new name replaces
it, and an older bundle without the field still imports and shows the id."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("PySide6")

from desktop.cli import main  # noqa: E402
from desktop.sync import bundle  # noqa: E402
from desktop.sync.export import export_bundle  # noqa: E402
from desktop.sync.keys import device_signing_key  # noqa: E402
from tests.raw_db import raw_execute
from tests.sync.conftest import observation, rezip, zip_entries  # noqa: E402
from tests.sync.test_sync_page import _answer, _click, _page  # noqa: E402

NAME = "Laptop Polda Riau 2"


def _import_through_page(qtbot, page, path) -> str:
    """Preview the bundle, then press Import with the keyboard, as the coordinator does."""
    with qtbot.waitSignal(page.finished, timeout=20000):
        page.preview([str(path)])
    return _click(qtbot, page, page.import_button)


def _device_cell(page):
    assert page.devices_table.horizontalHeaderItem(2).text() == "Device"
    return page.devices_table.item(0, 2)


def test_device_name_travels_to_the_sync_page_and_cli_and_follows_a_rename(qtbot, homes, tmp_path, capsys):
    from tests.questionnaire.qt_helpers import Modals

    coord = homes.coordinator()
    dev = homes.device("dev")
    dev.settings.device_name = NAME  # set in the first-run wizard (desktop/ui/first_run.py)
    dev.save(observation(1))
    first = export_bundle(dev, tmp_path / "b1").path

    page = _page(qtbot, coord)
    assert "quarantined" in _import_through_page(qtbot, page, first)
    cell = _device_cell(page)
    assert cell.text() == NAME and cell.toolTip() == dev.device_id

    page.devices_table.selectRow(0)
    modals = Modals().then(lambda d: _answer(d, "Yes"))
    assert "imported bundle 1" in _click(qtbot, page, page.approve_button)
    modals.stop()

    dev.settings.device_name = "Laptop Polda Riau 3"  # renamed in Settings; the next bundle says so
    dev.save(observation(2))
    assert "imported" in _import_through_page(qtbot, page, export_bundle(dev, tmp_path / "b2").path)
    cell = _device_cell(page)
    assert cell.text() == "Laptop Polda Riau 3" and cell.toolTip() == dev.device_id

    assert main(["--home", str(homes.root / "coord"), "coordinator", "devices"]) == 0
    out = capsys.readouterr().out
    assert f"Laptop Polda Riau 3 ({dev.device_id})" in out and NAME + " " not in out


def test_older_bundle_without_a_device_name_imports_and_keeps_the_known_name(qtbot, homes, tmp_path):
    coord = homes.coordinator()
    dev = homes.device("dev")
    dev.save(observation(1))

    def without_name(path, out_name: str):
        """The bundle as Pantau 0.1 made it: the same, signed manifest without the field."""
        entries = zip_entries(path.read_bytes())
        manifest = json.loads(entries["manifest.json"])
        assert manifest.pop("device_name") == ""
        body = bundle.manifest_bytes(manifest)
        entries["manifest.json"] = body
        entries["manifest.json.minisig"] = device_signing_key(dev.home).sign(body, "older Pantau")
        old = tmp_path / out_name
        old.write_bytes(rezip(entries))
        return old

    page = _page(qtbot, coord)
    assert "quarantined" in _import_through_page(
        qtbot, page, without_name(export_bundle(dev, tmp_path / "b1").path, "1.pantau")
    )
    assert _device_cell(page).text() == dev.device_id  # no name yet: the id

    dev.settings.device_name = NAME  # the device is updated and names itself
    dev.save(observation(2))
    assert "quarantined" in _import_through_page(qtbot, page, export_bundle(dev, tmp_path / "b2").path)
    assert _device_cell(page).text() == NAME


@pytest.mark.parametrize("bad", [7, "Laptop\nfake line", "x" * (bundle.DEVICE_NAME_MAX + 1)])
def test_a_wrong_device_name_in_a_signed_manifest_is_refused(homes, tmp_path, bad):
    from desktop.sync import importer

    coord = homes.coordinator()
    dev = homes.device("dev")
    dev.save(observation(1))
    entries = zip_entries(export_bundle(dev, tmp_path / "b1").path.read_bytes())
    manifest = json.loads(entries["manifest.json"])
    manifest["device_name"] = bad
    body = bundle.manifest_bytes(manifest)
    entries["manifest.json"] = body
    entries["manifest.json.minisig"] = device_signing_key(dev.home).sign(body, "re-signed")
    path = tmp_path / "bad.pantau"
    path.write_bytes(rezip(entries))
    [report] = importer.import_paths(coord, [path])
    assert report.status == "rejected" and "device_name" in report.reason
    assert raw_execute(coord, "SELECT COUNT(*) FROM sync_devices")[0][0] == 0
