#!/usr/bin/env python3
"""Sync throughput: export 100,000 demo records as one encrypted bundle, then import that bundle
into a coordinator database that already holds 100,000 records.

    .venv/bin/python bench/bench_sync.py [--records 100000] [--profile]

Prints records per second for export and import, the ratio of the import time to a plain
``sqlite3`` ``executemany`` insert of the same record rows into the same tables (target: at most
3x), and the ratio of the export time to reading the same record rows with ``sqlite3`` and writing
them as plain JSON (target: at most 2x; export and plain JSON alternate, twice each), each measured
in the same run. The import is the whole
path a coordinator runs: read, decrypt, unzip safely, verify signature and hashes, validate every
record with the domain rules, check the device's audit chain, plan the merge, then write records,
species lines, search index, audit entries and the import log in one transaction. Both ratios
compare wall-clock times; CPU seconds are printed beside them for a machine busy with other work.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from common import check  # noqa: E402

from desktop.db import records as records_db  # noqa: E402
from desktop.demo import fill  # noqa: E402
from desktop.domain.records import KINDS  # noqa: E402
from desktop.paths import Home  # noqa: E402
from desktop.reference import load_reference  # noqa: E402
from desktop.settings import Settings  # noqa: E402
from desktop.store import Store  # noqa: E402
from desktop.sync import importer, keys  # noqa: E402
from desktop.sync.bundle import RECORDS, open_bundle  # noqa: E402
from desktop.sync.devices import approve  # noqa: E402
from desktop.sync.export import export_bundle  # noqa: E402


def baseline_insert(rows_by_kind: dict[str, list], path: Path) -> tuple[float, float]:
    """Seconds (wall, CPU) for a plain executemany of the record rows into ``path`` (a copy of the
    coordinator's database as it was before the import: same schema, same 100,000 records already there)."""
    conn = sqlite3.connect(str(path))
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    start, cpu = time.perf_counter(), time.process_time()
    with conn:
        for kind, rows in rows_by_kind.items():
            sql = records_db._insert_sql(kind).replace("INSERT OR REPLACE", "INSERT")
            conn.executemany(sql, rows)
    elapsed = time.perf_counter() - start, time.process_time() - cpu
    conn.close()
    return elapsed


def plain_json_export(db_path: Path, out: Path) -> tuple[float, float]:
    """Seconds (wall, CPU) to read every record row of the device's database and write them as plain JSON."""
    conn = sqlite3.connect(str(db_path))
    start, cpu = time.perf_counter(), time.process_time()
    with open(out, "w", encoding="utf-8") as fh:
        for table in records_db.TABLES.values():
            cur = conn.execute(f"SELECT * FROM {table}")
            names = [column[0] for column in cur.description]
            json.dump([dict(zip(names, row)) for row in cur], fh, ensure_ascii=False)
            fh.write("\n")
        fh.flush()
        os.fsync(fh.fileno())
    elapsed = time.perf_counter() - start, time.process_time() - cpu
    conn.close()
    return elapsed


class _Runs:
    """Repeated (wall, CPU) timings of one baseline and their means."""

    def __init__(self, runs: list[tuple[float, float]]):
        self.runs = runs
        self.wall = sum(w for w, _c in runs) / len(runs)
        self.cpu = sum(c for _w, c in runs) / len(runs)

    def __str__(self) -> str:
        return ", ".join(f"{w:.2f} s" for w, _c in self.runs) + f"; mean {self.wall:.2f} s (CPU {self.cpu:.2f} s)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--profile", action="store_true", help="Profile the import and print the hot spots.")
    args = parser.parse_args()
    ref = load_reference()
    with tempfile.TemporaryDirectory(prefix="pantau-bench-sync-") as tmp:
        tmp = Path(tmp)
        coord = Store.open(Home.resolve(tmp / "coord"), Settings(officer_name="Coordinator"), ref)
        card = keys.init_coordinator(coord.home, "Bench coordinator")
        device = Store.open(Home.resolve(tmp / "device"), Settings(officer_name="Officer"), ref)
        (tmp / "card.json").write_bytes(card.to_json())
        keys.import_card(device.home, tmp / "card.json")

        # the device is trusted first with a one-record bundle, as in real use
        fill(device, 1, seed=3)
        importer.import_paths(coord, [export_bundle(device, tmp / "first").path])
        approve(coord, keys.device_signing_key(device.home).fingerprint)

        t = time.perf_counter()
        fill(coord, args.records, seed=2, chunk=20_000)
        print(f"coordinator filled with {args.records:,} records in {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        fill(device, args.records, seed=1, chunk=20_000)
        print(f"device filled with {args.records:,} records in {time.perf_counter() - t:.1f} s")

        baseline_dbs = [tmp / "baseline-1.sqlite3", tmp / "baseline-2.sqlite3"]
        for path in baseline_dbs:
            coord.queries.backup.backup_database(path)  # a checked copy of the coordinator's database

        # export and its plain baseline alternate (E P E P): a machine busier at one moment weighs on both;
        # the second export writes every record again (full), the same work as the first
        exports, plains, result = [], [], None
        for i in range(2):
            t, cpu = time.perf_counter(), time.process_time()
            made = export_bundle(device, tmp / f"out-{i}", full=i > 0)
            exports.append((time.perf_counter() - t, time.process_time() - cpu))
            result = result or made  # the first bundle is the one the coordinator imports below
            plains.append(plain_json_export(device.home.db_path, tmp / f"plain-{i}.json"))
        export, plain = _Runs(exports), _Runs(plains)
        export_s, export_cpu = export.wall, export.cpu
        size_mb = result.path.stat().st_size / 1e6
        print(
            f"export: {result.records:,} records, {size_mb:.1f} MB encrypted, {export} "
            f"({result.records / export_s:,.0f} records/s)"
        )
        print(f"export baseline: the same record rows read with sqlite3 and written as plain JSON: {plain}")
        print(
            f"ratio export / plain JSON: {export_s / plain.wall:.1f}x (target <= 2x); CPU {export_cpu / plain.cpu:.1f}x"
        )

        profiler = cProfile.Profile() if args.profile else None
        t, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        [report] = importer.import_paths(coord, [result.path])
        if profiler:
            profiler.disable()
        import_s, import_cpu = time.perf_counter() - t, time.process_time() - cpu
        assert report.status == "imported", report.line()
        print(
            f"import: {report.counts['new']:,} new records into a database of {args.records:,}, "
            f"{import_s:.2f} s (CPU {import_cpu:.2f} s), {report.counts['new'] / import_s:,.0f} records/s"
        )

        # the same rows, inserted plainly: once right after the import and once more, so that a
        # machine busy with other work does not favour either side
        opened = open_bundle(
            result.path.read_bytes(), keys.coordinator_identities(coord.home), coord.schema_version(), "bench"
        )
        rows: dict[str, list] = {kind: [] for kind in KINDS}
        for seq, line in enumerate(opened.entries[RECORDS].decode("utf-8").splitlines(), start=1):
            data = json.loads(line)
            if data["kind"] in rows:  # records; the few monitoring sessions and link decisions are not in the baseline
                rows[data["kind"]].append(records_db._row_values(data, seq, line))
        base = _Runs([baseline_insert(rows, path) for path in baseline_dbs])
        print(
            f"baseline: plain sqlite3 executemany of the same {sum(map(len, rows.values())):,} record rows "
            f"into a copy of the coordinator's database (as before the import): {base}"
        )
        print(f"ratio import / baseline: {import_s / base.wall:.1f}x (target <= 3x); CPU {import_cpu / base.cpu:.1f}x")
        if profiler:
            pstats.Stats(profiler).sort_stats(os.environ.get("PANTAU_PROFILE_SORT", "cumulative")).print_stats(40)
        ok = coord.verify_audit().ok
        print(f"audit verify on the coordinator after the merge: {'OK' if ok else 'BROKEN'}")
        print(
            json.dumps(
                {
                    "bench": "sync",
                    "records": args.records,
                    "export_ratio": round(export_s / plain.wall, 3),
                    "import_ratio": round(import_s / base.wall, 3),
                    "export_s": round(export_s, 3),
                    "import_s": round(import_s, 3),
                    "audit_ok": ok,
                    "checks": [
                        check(f"sync export of {args.records:,} records vs plain JSON", export_s / plain.wall, 2),
                        check(f"sync import of {args.records:,} records vs executemany", import_s / base.wall, 3),
                    ],
                    "load": round(os.getloadavg()[0], 2),
                }
            )
        )
        coord.close()
        device.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
