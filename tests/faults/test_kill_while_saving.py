"""kill -9 of a real Pantau process while it saves records: every save that
returned is present afterwards and the database passes integrity_check."""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time

from desktop.db.backup import check_file
from desktop.paths import Home
from desktop.store import Store
from tests.raw_db import raw_execute

TRIALS = int(os.environ.get("PANTAU_FAULT_TRIALS", "50"))

CHILD = r"""
import sys, datetime as dt
from desktop.paths import Home
from desktop.settings import Settings
from desktop.store import Store
from desktop.domain.records import Observation, SpeciesLine
store = Store.open(Home.resolve(sys.argv[1]), Settings(officer_name="Crash test"))
print("ready", flush=True)
i = 0
while True:
    i += 1
    rec = store.save(Observation(observed_at=dt.date.today().isoformat(), platform="shopee", country="ID",
                                 url=f"https://shopee.co.id/p/{sys.argv[2]}-{i}",
                                 species=[SpeciesLine(species_id="manis-javanica", quantity="1")]))
    if i % 7 == 0:
        rec.notes = "edited"
        store.save(rec)
    print(rec.id, flush=True)
"""


def test_kill_9_while_saving_loses_no_returned_save(tmp_path, settings, ref):
    rng = random.Random(20261124)
    home = Home.resolve(tmp_path / "h")
    Store.open(home, settings, ref).close()
    confirmed: set[str] = set()
    for trial in range(TRIALS):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(home.root), str(trial)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        fd = child.stdout.fileno()
        buffer = b""
        while b"ready\n" not in buffer:
            chunk = os.read(fd, 65536)
            assert chunk, "child died before it was ready"
            buffer += chunk
        buffer = buffer.split(b"ready\n", 1)[1]
        deadline = time.monotonic() + rng.uniform(0.005, 0.15)
        while (left := deadline - time.monotonic()) > 0:
            if select.select([fd], [], [], left)[0]:
                buffer += os.read(fd, 65536)
        child.send_signal(signal.SIGKILL)
        child.wait()
        while chunk := os.read(fd, 65536):
            buffer += chunk
        child.stdout.close()
        lines = buffer.decode().split("\n")
        confirmed.update(line for line in lines[:-1] if len(line) == 36)  # the last line may be cut
    assert check_file(home.db_path, quick=False)
    store = Store.open(home, settings, ref)
    present = {row[0] for row in raw_execute(store, "SELECT id FROM observations")}
    missing = confirmed - present
    assert not missing, f"{len(missing)} saved records lost"
    assert store.verify_audit().ok
    store.close()
    print(f"kill -9 trials: {TRIALS}, confirmed saves: {len(confirmed)}, all present")
