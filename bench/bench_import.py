#!/usr/bin/env python3
"""Spreadsheet import speed and memory: ``pantau data import`` of a coordinator's CSV (the layout of
issue #19, generated) against reading the same file and an ``executemany`` of the same record rows
into a copy of the same database.

    .venv/bin/python bench/bench_import.py [--rows 100000] [--pairs 2] [--format csv|xlsx]

Runs alternate, import then baseline (A B A B …); the figure is the median of the pairs' ratios
(target: at most 5x). Each import runs in a child process of its own, which reports its peak
resident memory (target: at most 300 MB for any file size). The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from common import check  # noqa: E402


def child(home: str, path: str) -> None:
    """The import itself, in this process: prints seconds, peak RSS (MB) and the records written."""
    from desktop.imports.run import run_import
    from desktop.paths import Home
    from desktop.settings import Settings
    from desktop.store import Store

    store = Store.open(Home.resolve(home), Settings(officer_name="Bench"))
    started = time.perf_counter()
    result = run_import(store, path)
    seconds = time.perf_counter() - started
    store.close()
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb(), "imported": result.imported}))


def peak_mb() -> float:
    """This process's peak resident memory. VmHWM belongs to the process's own memory since its exec;
    ru_maxrss on Linux also keeps the high-water mark of the parent it was forked from."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(home: Path, path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(home), str(path)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def baseline(template: Path, path: Path, rows: list, work: Path) -> float:
    """Seconds to read ``path`` row by row and executemany ``rows`` into a copy of ``template``."""
    from desktop.db import records as records_db

    db = work / "baseline.sqlite3"
    shutil.copy(template, db)
    conn = sqlite3.connect(str(db))
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")  # as Pantau's own connection
    sql = records_db._insert_sql("observation").replace("INSERT OR REPLACE", "INSERT")
    started = time.perf_counter()
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        read = sum(1 for _row in book.worksheets[0].iter_rows(values_only=True))
        book.close()
    else:
        with open(path, newline="", encoding="utf-8") as fh:
            read = sum(1 for _row in csv.reader(fh))
    with conn:
        conn.executemany(sql, rows)
    seconds = time.perf_counter() - started
    conn.close()
    assert read == len(rows) + 1
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--pairs", type=int, default=2)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    from desktop.db import records as records_db
    from desktop.paths import Home
    from desktop.reference import load_reference
    from desktop.settings import Settings
    from desktop.store import Store
    from tests.imports.sheet_maker import make_rows, write_sheet

    with tempfile.TemporaryDirectory(prefix="pantau-bench-import-") as tmp:
        work = Path(tmp)
        path = work / f"monitoring.{args.format}"
        headers, rows, _truth = make_rows(load_reference(), rows=args.rows, seed=1)
        write_sheet(path, headers, rows)
        del rows
        print(f"{args.rows:,} rows written to a {args.format.upper()} file of {path.stat().st_size / 1e6:.1f} MB")
        template_home = work / "template"
        Store.open(Home.resolve(template_home), Settings(officer_name="Bench")).close()
        template = Home.resolve(template_home).db_path
        imports, baselines, ratios, peaks, record_rows = [], [], [], [], None
        for pair in range(args.pairs):
            home = work / f"home-{pair}"
            shutil.copytree(template_home, home)
            result = run_child(home, path)
            assert result["imported"] == args.rows, result
            imports.append(result["seconds"])
            peaks.append(result["peak_mb"])
            if record_rows is None:  # the same record rows, as the import wrote them
                conn = sqlite3.connect(str(Home.resolve(home).db_path))
                record_rows = [
                    records_db._row_values(json.loads(body), seq, body)
                    for seq, body in conn.execute("SELECT change_seq, body FROM observations")
                ]
                conn.close()
            shutil.rmtree(home)
            baselines.append(baseline(template, path, record_rows, work))
            ratios.append(imports[-1] / baselines[-1])
            print(
                f"pair {pair + 1}: import {imports[-1]:.2f} s ({args.rows / imports[-1]:,.0f} rows/s, peak "
                f"{peaks[-1]:.0f} MB); read + executemany {baselines[-1]:.2f} s; ratio {ratios[-1]:.2f}x"
            )
        ratio = statistics.median(ratios)
        print(
            f"spreadsheet import / (read + executemany): {ratio:.2f}x (target <= 5x); peak {max(peaks):.0f} MB (target <= 300 MB)"
        )
        print(
            json.dumps(
                {
                    "bench": "import",
                    "rows": args.rows,
                    "format": args.format,
                    "ratio": round(ratio, 3),
                    "import_s": [round(s, 3) for s in imports],
                    "baseline_s": [round(s, 3) for s in baselines],
                    "peak_mb": round(max(peaks), 1),
                    "rows_per_s": round(args.rows / statistics.median(imports)),
                    "load": round(os.getloadavg()[0], 2),
                    "checks": [
                        check(f"spreadsheet import of {args.rows:,} rows vs read + executemany", ratio, 5),
                        check("spreadsheet import peak memory", max(peaks), 300, "MB"),
                    ],
                }
            )
        )
        return 0 if ratio <= 5 and max(peaks) <= 300 else 1


if __name__ == "__main__":
    sys.exit(main())
