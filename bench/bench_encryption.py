"""The cost of encryption at rest: the same work on an SQLCipher-encrypted home
and on an unencrypted one, in the same run.

    .venv/bin/python bench/bench_encryption.py --records 100000
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from common import demo_home, table

PASS = "bench passphrase 2026"


def open_store(root, passphrase):
    from desktop.paths import Home
    from desktop.security import home_lock
    from desktop.store import Store
    home = Home.resolve(root)
    return Store.open(home, keys=home_lock.unlock(home, passphrase) if passphrase else None)


def measure(root, passphrase, batch: int) -> dict:
    from desktop.demo import DemoGenerator
    from desktop.store import ListFilter
    out = {}
    started = time.perf_counter()
    store = open_store(root, passphrase)
    out["open_s"] = time.perf_counter() - started
    records = DemoGenerator(store.ref, seed=99).records(batch)
    started = time.perf_counter()
    store.save_new_many(records)
    out["import_s"] = time.perf_counter() - started
    lists, searches = [], []
    for word in ("trenggiling", "murai", "kicau", "shopee"):
        started = time.perf_counter()
        store.count(ListFilter())
        store.page(ListFilter(), 0, 200)
        lists.append(time.perf_counter() - started)
        started = time.perf_counter()
        store.count(ListFilter(text=word))
        store.page(ListFilter(text=word), 0, 200)
        searches.append(time.perf_counter() - started)
    out["list_ms"] = statistics.median(lists) * 1000
    out["search_ms"] = statistics.median(searches) * 1000
    store.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=10_000, help="records imported in the timed write")
    args = parser.parse_args()
    plain_root = demo_home(args.records)
    enc_root = demo_home(args.records, PASS)
    import shutil
    results = {}
    for name, root, pw in (("plain", plain_root, None), ("encrypted", enc_root, PASS)):
        work = root.with_name(root.name + "-work")
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(root, work)
        results[name] = measure(work, pw, args.batch)
        shutil.rmtree(work, ignore_errors=True)
    p, e = results["plain"], results["encrypted"]
    rows = [("measure", "encrypted", "unencrypted", "ratio", "target")]
    for key, label in (("import_s", f"import {args.batch:,} records (s)"), ("list_ms", "open list (ms)"),
                       ("search_ms", "full-text search (ms)"), ("open_s", "open store incl. key derivation (s)")):
        rows.append((label, f"{e[key]:.3f}", f"{p[key]:.3f}", f"{e[key] / p[key]:.2f}x",
                     "<= 1.3x" if key != "open_s" else "scrypt by design"))
    table(f"Encryption cost on {args.records:,} records", rows)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
