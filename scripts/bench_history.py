#!/usr/bin/env python3
"""The benchmark history: every benchmark prints its figures as one JSON line (an object with a
"bench" key); ``python3 scripts/dev.py bench`` appends each to ``bench/results/history.jsonl`` with
the date, commit, machine load and display (or offscreen), and regenerates the README's table of
latest figures (between the ``bench-history`` markers) from that file, so a regression shows
beside the history.

    python3 scripts/bench_history.py render     # regenerate the README table from the history
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HISTORY = ROOT / "bench" / "results" / "history.jsonl"
README = ROOT / "README.md"
START, END = "<!-- bench-history:start -->", "<!-- bench-history:end -->"
TARGETS_START, TARGETS_END = "<!-- bench-targets:start -->", "<!-- bench-targets:end -->"


def figures_in(output: str) -> list[dict]:
    """The JSON objects with a "bench" (or "benchmark") key among the lines of a benchmark's output."""
    found = []
    for line in output.splitlines():
        line = line.strip()
        if line.startswith("{") and line.endswith("}"):
            try:
                data = json.loads(line)
            except ValueError:
                continue
            if isinstance(data, dict) and ("bench" in data or "benchmark" in data):
                data.setdefault("bench", data.get("benchmark"))
                found.append(data)
    return found


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def append(figures: list[dict], script: str, args: list[str], history: Path = HISTORY) -> None:
    history.parent.mkdir(parents=True, exist_ok=True)
    stamp = {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "commit": _commit(),
        "load": round(os.getloadavg()[0], 2),
        "display": os.environ.get("DISPLAY", "") if os.environ.get("QT_QPA_PLATFORM") != "offscreen" else "offscreen",
        "script": script,
        "args": args,
    }
    with open(history, "a", encoding="utf-8") as fh:
        for item in figures:
            fh.write(json.dumps({**stamp, **item}, sort_keys=True) + "\n")  # a figure's own display wins


def _read(history: Path) -> list[dict]:
    items = []
    for line in history.read_text(encoding="utf-8").splitlines() if history.exists() else []:
        try:
            items.append(json.loads(line))
        except ValueError:
            continue
    return items


def _value(value: float, unit: str) -> str:
    if unit == "x":
        return f"{value:.2f}x"
    return f"{value:,.0f} {unit}" if unit in ("ms", "MB") else f"{value:,.1f} {unit}"


def targets(history: Path = HISTORY) -> str:
    """Markdown: every target with the figure of the latest full-size run of its benchmark (a
    ``--quick`` run only where no full-size one was recorded, and then labelled so)."""
    latest: dict[str, dict] = {}
    for item in _read(history):
        if not item.get("checks"):
            continue
        script = item.get("script", item.get("bench", "?"))
        quick = "--quick" in item.get("args", [])
        kept = latest.get(script)
        if kept is None or not quick or "--quick" in kept.get("args", []):
            latest[script] = item
    if not latest:
        return "_No benchmark with targets has been recorded yet: run `python3 scripts/dev.py bench`._"
    rows = [
        "| Measure | Measured | Target | Status | Run (script, date, commit, load, display) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for script, item in sorted(latest.items()):
        args = " ".join(a for a in item.get("args", []) if a != "--quick")
        quick = " **quick run**" if "--quick" in item.get("args", []) else ""
        run = (
            f"`{script} {args}`{quick}, {item.get('date', '')[:10]}, {item.get('commit', '')}, "
            f"load {item.get('load', '')}, {item.get('display') or 'no display'}"
        )
        for c in item["checks"]:
            limit = c.get("limit")
            unit = c.get("unit", "x")
            target = "—" if limit is None else f"≤ {limit:g}{unit}" if unit == "x" else f"≤ {limit:g} {unit}"
            status = "shown" if c.get("met") is None else ("met" if c["met"] else "**missed**")
            rows.append(f"| {c['measure']} | {_value(c['value'], c.get('unit', 'x'))} | {target} | {status} | {run} |")
    return "\n".join(rows)


def _summary(item: dict) -> str:
    skip = {"bench", "benchmark", "date", "commit", "load", "display", "script", "args"}
    return ", ".join(f"{k} {v}" for k, v in item.items() if k not in skip and not isinstance(v, (list, dict)))


def table(history: Path = HISTORY, previous: int = 3) -> str:
    """Markdown: per benchmark and arguments, the latest figures and the ones before."""
    if not history.exists():
        return "_No benchmark has been recorded yet: run `python3 scripts/dev.py bench`._"
    runs: dict[tuple, list[dict]] = {}
    for item in _read(history):
        runs.setdefault((item.get("bench", "?"), " ".join(item.get("args", []))), []).append(item)
    rows = ["| Benchmark | Latest (date, commit, load, display) | Earlier |", "| --- | --- | --- |"]
    for (name, args), items in sorted(runs.items()):
        last = items[-1]
        earlier = "; ".join(f"{_summary(i)} ({i.get('date', '')[:10]})" for i in items[-1 - previous : -1][::-1])
        rows.append(
            f"| `{last.get('script', name)} {args}` | {_summary(last)} ({last.get('date', '')[:10]}, "
            f"{last.get('commit', '')}, load {last.get('load', '')}, {last.get('display') or 'no display'}) | {earlier or '—'} |"
        )
    return "\n".join(rows)


def _replace(text: str, start: str, end: str, body: str, heading: str) -> str:
    block = f"{start}\n{body}\n{end}"
    if start in text and end in text:
        return text[: text.index(start)] + block + text[text.index(end) + len(end) :]
    return text.rstrip("\n") + f"\n\n### {heading}\n\n" + block + "\n"


def render(readme: Path = README, history: Path = HISTORY) -> None:
    text = readme.read_text(encoding="utf-8")
    text = _replace(
        text, TARGETS_START, TARGETS_END, targets(history), "Targets (generated from bench/results/history.jsonl)"
    )
    text = _replace(text, START, END, table(history), "Benchmark history (generated from bench/results/history.jsonl)")
    readme.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["render"]:
        render()
    else:
        sys.exit(__doc__)
