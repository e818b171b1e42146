"""Shared helpers for the benchmark scripts: cached demo homes and a table printer."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CACHE = Path(os.environ.get("PANTAU_BENCH_CACHE", "/tmp/pantau-bench"))


def demo_home(records: int, passphrase: str | None = None, seed: int = 1) -> Path:
    """A home holding ``records`` demo records (built once, then reused)."""
    from desktop.demo import fill
    from desktop.paths import Home
    from desktop.security import home_lock
    from desktop.settings import Settings
    from desktop.store import Store

    name = f"demo-{records}-{'enc' if passphrase else 'plain'}-{seed}"
    root = CACHE / name
    done = root / ".complete"
    if done.exists():
        return root
    if root.exists():
        import shutil

        shutil.rmtree(root)
    home = Home.resolve(root)
    keys = home_lock.protect_new_home(home, passphrase) if passphrase else None
    store = Store.open(home, Settings(officer_name="Bench"), keys=keys)
    started = time.perf_counter()
    fill(
        store,
        records,
        seed=seed,
        chunk=20_000,
        atomic=False,  # a commit per chunk: one transaction of a million records slows to a crawl
        progress=lambda d, t: print(f"  building {name}: {d:,}/{t:,}", end="\r", flush=True),
    )
    print(f"  built {name} in {time.perf_counter() - started:.0f} s" + " " * 20)
    store.close()
    done.touch()
    return root


def table(title: str, rows: list[tuple]) -> None:
    print(f"\n{title}")
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        print("  " + "  ".join(str(c).ljust(w) for c, w in zip(row, widths)))
        if n == 0:
            print("  " + "  ".join("-" * w for w in widths))


def check(measure: str, value: float, limit: float | None, unit: str = "x") -> dict:
    """One measured figure and its target, as the README's benchmark table shows it (``limit`` None:
    shown for information, no target)."""
    return {
        "measure": measure,
        "value": round(value, 3),
        "unit": unit,
        "limit": limit,
        "met": None if limit is None else value <= limit,
    }
