"""The sync folder is watched: new packs or bundles are picked up with a notice (GUI and `pantau sync watch`)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.app_context import AppContext
from desktop.cli import main
from desktop.rates import list_rates
from desktop.sync import keys, packs
from desktop.sync.folder import INBOX, publish_pack
from tests.raw_db import raw_execute
from tests.sync.conftest import approve_device, give_card, observation

pytest.importorskip("PySide6")


def _rates_pack(coord, tmp_path, rate: str = "0.000062") -> Path:
    rates = tmp_path / "rates.csv"
    rates.write_text(f"currency,valid_from,usd_per_unit\nIDR,2026-01-01,{rate}\n", encoding="utf-8")
    return packs.build_update_pack(coord, [rates], tmp_path / "made")


@pytest.mark.parametrize("notifications", [True, False], ids=["file-system-watcher", "polling-only"])
def test_watcher_picks_up_a_new_pack(qtbot, homes, tmp_path, notifications):
    from desktop.ui.operations import OperationRunner
    from desktop.ui.sync_watcher import SyncFolderWatcher

    coord = homes.coordinator()
    dev = homes.device("dev")
    give_card(coord, dev)
    folder = tmp_path / "shared"
    folder.mkdir()
    runner = OperationRunner()
    watcher = SyncFolderWatcher(dev, runner, poll_ms=200, use_notifications=notifications)
    with qtbot.waitSignal(watcher.ticked, timeout=10000):
        watcher.set_folder(folder)  # the first look: nothing there yet
    assert list_rates(dev) == []

    publish_pack(_rates_pack(coord, tmp_path), folder)
    with qtbot.waitSignal(watcher.picked_up, timeout=10000) as notice:
        pass
    assert "Update pack 1 from Coordinator coord picked up from the sync folder and applied." in notice.args[0]
    assert "1 exchange rate added to the rate table." in notice.args[0]
    assert [r.currency for r in list_rates(dev)] == ["IDR"]
    watcher.set_folder(None)
    runner.wait_all()


def test_main_window_watches_the_sync_folder(qtbot, tmp_path, ref):
    from desktop.paths import Home
    from desktop.settings import Settings
    from desktop.store import Store
    from desktop.ui.app import application, create_main_window
    from desktop.ui.pages.sync_page import SyncPage

    folder = tmp_path / "shared"
    (folder / "packs").mkdir(parents=True)
    coord = Store.open(Home.resolve(tmp_path / "coord"), Settings(officer_name="HQ"), ref)
    keys.init_coordinator(coord.home, "HQ Jakarta")
    home = Home.resolve(tmp_path / "dev")
    settings = Settings(officer_name="Officer", first_run_done=True, extra={"sync_folder": str(folder)})
    settings.save(home.ensure().settings_path)
    keys.import_card(home, coord.home.keys_dir / keys.COORD_CARD)
    ctx = AppContext.create(home=str(home.root))
    application()
    window = create_main_window(ctx)
    qtbot.addWidget(window)
    window.show()
    try:
        window.sync_watcher.poll.setInterval(200)
        qtbot.waitUntil(lambda: not window.runner.running(), timeout=10000)
        publish_pack(_rates_pack(coord, tmp_path), folder)
        with qtbot.waitSignal(window.sync_watcher.picked_up, timeout=10000):
            pass
        assert "picked up from the sync folder" in window.statusBar().currentMessage()
        window.show_page("sync")
        page = window.pages["sync"]
        assert isinstance(page, SyncPage)
        assert page.packs_box.table.rowCount() == 1
        assert "1 exchange rate added" in page.packs_box.table.item(0, 3).text()
        assert page.packs_box.table.item(0, 1).text() == "HQ Jakarta"
    finally:
        window.close()
        coord.close()
        ctx.close()


def test_cli_watch_once_imports_new_bundles(homes, tmp_path, capsys):
    coord = homes.coordinator()
    dev = homes.device("dev")
    give_card(coord, dev)
    dev.save(observation(1))
    folder = tmp_path / "shared"
    (folder / INBOX).mkdir(parents=True)
    from desktop.sync.export import export_bundle

    export_bundle(dev, folder / INBOX)
    args = ["--home", str(coord.home.root), "sync", "watch", "--once", "--folder", str(folder)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "1 new bundle picked up from the sync folder." in out and "quarantined" in out
    assert main(args) == 0 and capsys.readouterr().out == ""  # nothing new: nothing said
    approve_device(coord, dev)
    assert coord.stats()["total"] == 1
    missing = ["--home", str(coord.home.root), "sync", "watch", "--once", "--folder", str(tmp_path / "gone")]
    assert main(missing) == 1 and "cannot be reached" in capsys.readouterr().err


def test_cli_watch_runs_until_ctrl_c(homes, tmp_path):
    coord = homes.coordinator()
    dev = homes.device("dev")
    give_card(coord, dev)
    folder = tmp_path / "shared"
    folder.mkdir()
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "desktop",
            "--home",
            str(dev.home.root),
            "sync",
            "watch",
            "--interval",
            "0.2",
            "--folder",
            str(folder),
        ],  # fmt: skip
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        publish_pack(_rates_pack(coord, tmp_path), folder)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not raw_execute(dev, "SELECT 1 FROM sync_packs"):
            time.sleep(0.2)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "press Ctrl+C to stop" in out and "picked up from the sync folder and applied" in out
    assert "Stopped watching the sync folder." in out and "Traceback" not in err
