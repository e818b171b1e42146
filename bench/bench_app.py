"""Start-up, list opening, first full-text search and memory with many records.

Compares Pantau's main window on a home with N demo records against a bare
PySide6 window, each in a fresh process, and times the first list page and
the first search on the same database.

    .venv/bin/python bench/bench_app.py --records 1000000
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

from common import ROOT, demo_home, table

BARE = r"""
import resource, sys, time
t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication([])
w = QMainWindow(); w.setCentralWidget(QLabel("bare")); w.resize(1200, 760); w.show()
app.processEvents()
print({"seconds": time.perf_counter() - t0, "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss})
"""

PANTAU = r"""
import resource, sys, time
t0 = time.perf_counter()
sys.path.insert(0, ROOT)
from desktop.cli.context import AppContext
from desktop.ui.app import application, create_main_window
app = application()
ctx = AppContext.create(home=HOME)
w = create_main_window(ctx); w.show()
w.show_page("observations")
app.processEvents()
print({"seconds": time.perf_counter() - t0, "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss})
sys.stdout.flush()
import os; os._exit(0)   # not waiting for the dashboard's figures, still being computed in the background
"""


def run_child(code: str) -> dict:
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": "/tmp"},
    ).stdout
    result = eval(out.strip().splitlines()[-1], {})  # noqa: S307 - our own child's dict literal
    result["wall"] = time.perf_counter() - started
    return result


def list_and_search(home) -> dict:
    from desktop.paths import Home
    from desktop.store import ListFilter, Store

    store = Store.open(Home.resolve(home))
    out = {}
    started = time.perf_counter()
    flt = ListFilter()
    store.count(flt)
    store.page(flt, 0, 200)
    out["list_ms"] = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    flt = ListFilter(text="trenggiling")
    store.count(flt)
    store.page(flt, 0, 200)
    out["search_ms"] = (time.perf_counter() - started) * 1000
    store.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    home = demo_home(args.records)
    bare = [run_child(BARE) for _ in range(args.runs)]
    pantau = [
        run_child(PANTAU.replace("ROOT", repr(str(ROOT))).replace("HOME", repr(str(home)))) for _ in range(args.runs)
    ]
    bare_wall = statistics.median(r["wall"] for r in bare)
    pantau_wall = statistics.median(r["wall"] for r in pantau)
    bare_rss = max(r["rss_kb"] for r in bare) / 1024
    pantau_rss = max(r["rss_kb"] for r in pantau) / 1024
    timings = list_and_search(home)
    table(
        f"Pantau with {args.records:,} records (median of {args.runs} fresh processes)",
        [
            ("measure", "Pantau", "plain alternative", "ratio / difference", "target"),
            (
                "start-up to main window (s)",
                f"{pantau_wall:.2f}",
                f"{bare_wall:.2f} (bare PySide6 window)",
                f"{pantau_wall / bare_wall:.2f}x",
                "<= 1.5x",
            ),
            (
                "peak memory (MB)",
                f"{pantau_rss:.0f}",
                f"{bare_rss:.0f} (bare PySide6 window)",
                f"+{pantau_rss - bare_rss:.0f} MB",
                "< +150 MB",
            ),
            ("open observations list (ms)", f"{timings['list_ms']:.0f}", "", "", "< 100 ms"),
            ("first full-text search (ms)", f"{timings['search_ms']:.0f}", "", "", "< 100 ms"),
        ],
    )
    print(
        json.dumps(
            {
                "records": args.records,
                "startup_ratio": pantau_wall / bare_wall,
                "memory_mb_above_bare": pantau_rss - bare_rss,
                **timings,
            }
        )
    )


if __name__ == "__main__":
    main()
