#!/usr/bin/env python3
"""Start-up time and memory of the desktop app: the frozen bundle versus running from source.

    Xvfb :99 &  DISPLAY=:99 .venv/bin/python bench/bench_startup.py --frozen dist/pantau/pantau

Measured from outside, on a real X display: the time from starting the process until its main
window ("Pantau <version> — …") is mapped and visible (polled with ``xdotool`` every 20 ms),
the CPU time it used until then (user + system, less sensitive to other load on the machine
than the wall-clock time), and its peak resident memory (VmHWM) a second after that. Source and
frozen runs alternate so that both see the same machine load. Every run uses the same home
with an already migrated database, so first-run set-up is not counted. ``--cold`` drops the page
cache before each run (needs root) to include reading the files from disk; otherwise the runs
after the first are warm.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOG = open(os.devnull, "w")  # noqa: SIM115 - replaced by --log


def window_visible(pid: int) -> bool:
    out = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--pid", str(pid), "--name", "Pantau"], capture_output=True, text=True
    )
    return bool(out.stdout.strip())


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far (from /proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def drop_caches() -> None:
    subprocess.run(["sync"], check=True)
    Path("/proc/sys/vm/drop_caches").write_text("3\n")


def one_run(cmd: list[str], env: dict, cold: bool, timeout: float = 60) -> tuple[float, float, float]:
    if cold:
        drop_caches()
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=LOG)
    try:
        while not window_visible(proc.pid):
            if proc.poll() is not None:
                raise RuntimeError(f"{cmd[0]} exited with {proc.returncode} before showing a window")
            if time.perf_counter() - started > timeout:
                raise TimeoutError(cmd)
            time.sleep(0.02)
        elapsed, cpu = time.perf_counter() - started, cpu_seconds(proc.pid)
        time.sleep(1.0)
        return elapsed, cpu, peak_rss_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(10)


def report(label: str, results: list[tuple[float, float, float]]) -> None:
    wall, cpu, rss = (list(column) for column in zip(*results))
    print(
        f"{label:7s} to window: first {wall[0]:.2f} s, median {statistics.median(wall):.2f} s, "
        f"min {min(wall):.2f} s; CPU median {statistics.median(cpu):.2f} s; "
        f"peak RSS median {statistics.median(rss):.0f} MB ({len(wall)} runs)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--frozen", type=Path, help="the bundle's executable, e.g. dist/pantau/pantau")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help="drop the page cache before every run (root)")
    parser.add_argument("--log", type=Path, help="append the app's stderr here (default: discard)")
    args = parser.parse_args()
    global LOG
    if args.log:
        LOG = open(args.log, "a")  # noqa: SIM115 - open for the whole run
    if not os.environ.get("DISPLAY") or not shutil.which("xdotool"):
        sys.exit("needs an X display (e.g. Xvfb :99 & DISPLAY=:99) and xdotool")
    with tempfile.TemporaryDirectory(prefix="pantau-bench-") as tmp:
        home = Path(tmp) / "home"
        env = {"HOME": tmp, "PATH": "/usr/bin:/bin", "DISPLAY": os.environ["DISPLAY"], "LANG": "C.UTF-8"}
        source = [sys.executable, "-m", "desktop", "--home", str(home)]
        subprocess.run(
            source + ["db", "info"],
            env=dict(env, PYTHONPATH=str(ROOT)),
            check=True,
            stdout=subprocess.DEVNULL,
            cwd=ROOT,
        )
        results = {"source": [], "frozen": []}
        for _ in range(args.runs):  # interleaved, so both see the same machine load
            results["source"].append(one_run(source, dict(env, PYTHONPATH=str(ROOT)), args.cold))
            if args.frozen:
                results["frozen"].append(one_run([str(args.frozen.resolve()), "--home", str(home)], env, args.cold))
        for label, runs in results.items():
            if runs:
                report(label, runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
