"""The cost of encryption at rest: the same work on an SQLCipher-encrypted home
and on an unencrypted one, in the same run.

    .venv/bin/python bench/bench_encryption.py --records 100000 --rounds 3

Each round works on fresh copies of both cached homes, in alternating order
(so neither always runs first on a cold cache), after an untimed warm-up open
(migrations, reference tables); the table shows the median of the rounds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from common import check, demo_home, table

PASS = "bench passphrase 2026"


def open_store(root, passphrase):
    from desktop.paths import Home
    from desktop.security import home_lock
    from desktop.store import Store

    home = Home.resolve(root)
    return Store.open(home, keys=home_lock.unlock(home, passphrase) if passphrase else None)


class Clock:
    """Wall time and this process's CPU time of a block (CPU time is what encryption adds to;
    it is far less disturbed than wall time by other work on a shared machine)."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


def measure(root, passphrase, batch: int) -> dict:
    from desktop.demo import DemoGenerator
    from desktop.domain.filters import RecordFilter

    out = {}
    open_store(root, passphrase).close()  # warm-up: migrations, reference tables, first imports
    with Clock() as clock:
        store = open_store(root, passphrase)
    out["open_s"] = clock.wall
    records = DemoGenerator(store.ref, seed=99).records(batch)
    with Clock() as clock:
        store.save_new_many(records)
    out["import_s"], out["import_cpu_s"] = clock.wall, clock.cpu
    lists, searches = [], []
    for word in ("trenggiling", "murai", "kicau", "shopee", "burung", "landak"):
        with Clock() as listed:
            store.count(RecordFilter())
            store.page(RecordFilter(), 0, 200)
        with Clock() as searched:
            store.count(RecordFilter(text=word))
            store.page(RecordFilter(text=word), 0, 200)
        lists.append(listed)
        searches.append(searched)
    for key, clocks in (("list", lists), ("search", searches)):
        out[f"{key}_ms"] = statistics.median(c.wall for c in clocks) * 1000
        out[f"{key}_cpu_ms"] = statistics.median(c.cpu for c in clocks) * 1000
    store.close()
    return out


def run_round(root, passphrase, batch: int) -> dict:
    import shutil

    work = root.with_name(root.name + "-work")
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(root, work)
    try:
        return measure(work, passphrase, batch)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=10_000, help="records imported in the timed write")
    parser.add_argument("--rounds", type=int, default=3, help="rounds in alternating order; medians are shown")
    args = parser.parse_args()
    variants = [("plain", demo_home(args.records), None), ("encrypted", demo_home(args.records, PASS), PASS)]
    runs = {"plain": [], "encrypted": []}
    for n in range(args.rounds):
        for name, root, pw in variants if n % 2 == 0 else variants[::-1]:
            runs[name].append(run_round(root, pw, args.batch))
    p, e = (
        {key: statistics.median(r[key] for r in runs[name]) for key in runs[name][0]} for name in ("plain", "encrypted")
    )
    rows = [("measure (median)", "encrypted", "unencrypted", "ratio", "CPU ratio", "target")]
    for key, label in (
        ("import", f"import {args.batch:,} records (s)"),
        ("list", "open list (ms)"),
        ("search", "full-text search (ms)"),
    ):
        wall, cpu = (f"{key}_s", f"{key}_cpu_s") if key == "import" else (f"{key}_ms", f"{key}_cpu_ms")
        rows.append(
            (
                label,
                f"{e[wall]:.3f}",
                f"{p[wall]:.3f}",
                f"{e[wall] / p[wall]:.2f}x",
                f"{e[cpu] / p[cpu]:.2f}x",
                "<= 1.3x",
            )
        )
    rows.append(
        (
            "open store incl. key derivation (s)",
            f"{e['open_s']:.3f}",
            f"{p['open_s']:.3f}",
            f"{e['open_s'] / p['open_s']:.2f}x",
            "",
            "scrypt by design",
        )
    )
    table(f"Encryption cost on {args.records:,} records (median of {args.rounds} rounds)", rows)
    print(json.dumps(runs))
    ratios = {
        f"{key}_ratio": round(e[f"{key}_{unit}"] / p[f"{key}_{unit}"], 3)
        for key, unit in (("import", "s"), ("list", "ms"), ("search", "ms"))
    }
    checks = [
        check(f"encrypted vs plain: {label}", ratios[f"{key}_ratio"], 1.3)
        for key, label in (("import", "import"), ("list", "open list"), ("search", "full-text search"))
    ]
    print(
        json.dumps({"bench": "encryption", "records": args.records, "rounds": args.rounds, **ratios, "checks": checks})
    )


if __name__ == "__main__":
    main()
