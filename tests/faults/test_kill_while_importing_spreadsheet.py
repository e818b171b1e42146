"""kill -9 of a real ``pantau data import`` of a spreadsheet at a random moment: afterwards the
database passes integrity_check and audit verify, the file's records are there all or not at all,
and importing the file again completes it (then every record is there once)."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.db.backup import check_file
from desktop.paths import Home
from desktop.reference import load_reference
from desktop.settings import Settings
from desktop.store import ListFilter, Store
from tests.imports.sheet_maker import make_rows, write_sheet

TRIALS = int(os.environ.get("PANTAU_SHEET_KILL_TRIALS", "4"))
ROWS = 3000
ROOT = Path(__file__).resolve().parents[2]
SETTINGS = Settings(officer_name="Importer")


def _command(home: Path, sheet: Path) -> list[str]:
    return [sys.executable, "-m", "desktop", "--home", str(home), "--lang", "en", "data", "import", str(sheet)]


def _run(command: list[str], kill_at: float | None) -> float:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    start = time.monotonic()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while child.poll() is None:
        if kill_at is not None and time.monotonic() - start >= kill_at:
            child.kill()
            break
        time.sleep(0.005)
    child.wait()
    return time.monotonic() - start


def _count(home_dir: Path) -> tuple[int, bool]:
    store = Store.open(Home.resolve(home_dir), SETTINGS)
    try:
        return store.count(ListFilter(kind="observation")), store.verify_audit().ok
    finally:
        store.close()


@pytest.mark.slow
def test_kill_9_while_importing_a_spreadsheet_leaves_all_or_nothing(tmp_path):
    headers, rows, _truth = make_rows(load_reference(), rows=ROWS, seed=9)
    sheet = tmp_path / "monitoring.csv"
    write_sheet(sheet, headers, rows)
    pristine = tmp_path / "pristine"
    Store.open(Home.resolve(pristine), SETTINGS).close()
    calibration = tmp_path / "calibration"
    shutil.copytree(pristine, calibration)
    full_run = _run(_command(calibration, sheet), None)
    assert _count(calibration) == (ROWS, True), "the unkilled import did not import the file"
    rng = random.Random(20261204)
    outcomes = {"none": 0, "all": 0}
    for trial in range(TRIALS):
        home_dir = tmp_path / f"t{trial}"
        shutil.copytree(pristine, home_dir)
        _run(_command(home_dir, sheet), rng.uniform(0.3, 1.0) * full_run)
        assert check_file(Home.resolve(home_dir).db_path, quick=False), f"trial {trial}: integrity_check failed"
        present, audit_ok = _count(home_dir)
        assert audit_ok, f"trial {trial}: audit chain broken"
        assert present in (0, ROWS), f"trial {trial}: {present} of {ROWS} records: half imported"
        outcomes["all" if present else "none"] += 1
        _run(_command(home_dir, sheet), None)
        assert _count(home_dir) == (ROWS, True), f"trial {trial}: importing again did not complete the file"
        shutil.rmtree(home_dir)
    print(f"spreadsheet kill -9 trials: {TRIALS} ({ROWS} rows, run {full_run:.1f}s): {outcomes}")
