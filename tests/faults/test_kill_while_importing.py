"""kill -9 of a real ``pantau import`` process in the middle of a large bundle: afterwards the
database passes integrity_check and audit verify, the bundle is applied either fully or not at
all, and importing it again succeeds (then every record is there)."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pyrage
import pytest

from desktop.db.backup import check_file
from desktop.demo import fill
from desktop.domain.entities import ENTITY_KINDS
from desktop.paths import Home
from desktop.reference import load_reference
from desktop.settings import Settings
from desktop.store import Store
from desktop.sync import importer, keys
from desktop.sync.export import export_bundle
from tests.sync.conftest import Homes, approve_device, give_card, observation, zip_entries

TRIALS = int(os.environ.get("PANTAU_IMPORT_KILL_TRIALS", "10"))
RECORDS = 2000
ROOT = Path(__file__).resolve().parents[2]


def _import_command(home: Path, bundle: Path) -> list[str]:
    return [sys.executable, "-m", "desktop", "--home", str(home), "--lang", "en", "import", str(bundle)]


def _bundle_ids(path: Path, coordinator: Store) -> set[str]:
    plain = pyrage.decrypt(path.read_bytes(), keys.coordinator_identities(coordinator.home))
    return {json.loads(line)["id"] for line in zip_entries(plain)["records.jsonl"].decode().splitlines()}


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    """A pristine coordinator home that trusts a device, and that device's bundle of 2,000 records."""
    root = tmp_path_factory.mktemp("killimport")
    homes = Homes(root, load_reference())
    coord = homes.coordinator()
    dev = homes.device("dev")
    give_card(coord, dev)
    dev.save(observation(1))
    importer.import_paths(coord, [export_bundle(dev, root / "b1").path])
    approve_device(coord, dev)
    fill(dev, RECORDS, seed=8)
    big = export_bundle(dev, root / "b2").path
    ids = _bundle_ids(big, coord)
    homes.close()
    return root / "coord", big, ids


def _present(store: Store, ids: set[str]) -> int:
    found = 0
    for kind in ENTITY_KINDS:  # records and the demo's monitoring sessions
        found += len(store.queries.entities.bodies(kind, sorted(ids)))
    return found


def _kept(home_dir: Path, bundle: Path) -> Path:
    """Where the importer keeps the bundle just before it merges (desktop.sync.importer._merge)."""
    return (
        importer.sync_dir(Home.resolve(home_dir), "received")
        / f"{hashlib.sha256(bundle.read_bytes()).hexdigest()}.pantau"
    )


def _run_until(command: list[str], env: dict, received: Path, kill_after) -> tuple[float, float]:
    """Run the import; ``kill_after(merge_started)`` says when to kill -9 it (None: let it finish).
    Returns (seconds until the merge began: ``received``, the kept copy of the bundle, appeared;
    seconds until the end)."""
    start = time.monotonic()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    merge_started = None
    while child.poll() is None:
        now = time.monotonic() - start
        if merge_started is None and received.exists():
            merge_started = now
        deadline = kill_after(merge_started)
        if deadline is not None and now >= deadline:
            child.kill()
            break
        time.sleep(0.002)
    child.wait()
    return (merge_started or 0.0), time.monotonic() - start


def test_kill_9_while_importing_applies_all_or_nothing(scene, tmp_path):
    pristine, big, ids = scene
    settings = Settings(officer_name="Coordinator Officer")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    calibration = tmp_path / "calibration"  # one full run: when the merge starts and ends
    shutil.copytree(pristine, calibration)
    merge_at, full_run = _run_until(
        _import_command(calibration, big), env, _kept(calibration, big), lambda started: None
    )
    calibrated = Store.open(Home.resolve(calibration), settings)
    assert merge_at and _present(calibrated, ids) == len(ids), "the unkilled import did not apply the bundle"
    calibrated.close()
    merge_time = max(full_run - merge_at, 0.05)
    rng = random.Random(20261124)
    outcomes = {"none": 0, "all": 0}
    for trial in range(TRIALS):
        home_dir = tmp_path / f"t{trial}"
        shutil.copytree(pristine, home_dir)
        if trial % 2:  # any moment of the run, or a moment inside the merge
            moment = rng.uniform(0.2, 1.1) * full_run
            when = lambda started, moment=moment: moment  # noqa: E731
        else:
            offset = rng.uniform(0.0, 1.1) * merge_time
            when = lambda started, offset=offset: None if started is None else started + offset  # noqa: E731
        _run_until(_import_command(home_dir, big), env, _kept(home_dir, big), when)
        home = Home.resolve(home_dir)
        assert check_file(home.db_path, quick=False), f"trial {trial}: integrity_check failed"
        store = Store.open(home, settings)
        try:
            assert store.verify_audit().ok, f"trial {trial}: audit chain broken"
            present = _present(store, ids)
            assert present in (0, len(ids)), f"trial {trial}: {present} of {len(ids)} records: half applied"
            outcomes["all" if present else "none"] += 1
            [report] = importer.import_paths(store, [big])
            assert report.status in ("imported", "already"), report.line()
            assert (report.status == "already") == bool(present), report.line()
            assert _present(store, ids) == len(ids) and store.verify_audit().ok
        finally:
            store.close()
        assert check_file(home.db_path, quick=False)
        shutil.rmtree(home_dir)
    print(
        f"import kill -9 trials: {TRIALS} ({len(ids)} records; run {full_run:.1f}s, merge {merge_time:.2f}s): "
        f"{outcomes['none']} left nothing applied, {outcomes['all']} fully applied; all re-imports succeeded"
    )
