"""Run as ``python -m tests.faults.memory_probe HOME FILE...``: import bundle files at the coordinator
home HOME in a fresh process and print, as JSON, each report's status and code and the process's
peak resident memory (MB) — so that a test measures what one import costs, nothing else."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from desktop.paths import Home
from desktop.reference import load_reference
from desktop.settings import Settings
from desktop.store import Store
from desktop.sync import importer


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM: counted from the exec, unlike ru_maxrss, which
    Linux carries over from the parent that forked it)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def main(home: str, files: list[str]) -> None:
    store = Store.open(Home.resolve(Path(home)), Settings(officer_name="Coordinator Officer"), load_reference())
    before = peak_mb()
    reports = importer.import_paths(store, files)
    store.close()
    peak = peak_mb()
    out = {
        "before_mb": before,
        "peak_mb": peak,
        "reports": [{"status": r.status, "code": r.code, "reason": r.reason, "counts": r.counts} for r in reports],
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
