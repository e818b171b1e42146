"""The monitoring summary on many demo records: figures and the whole PDF, against a plain SQL count.

The yardstick is one ``SELECT count(*)`` of the same period's observations on the same
database; the ratio says how many such counts one report costs. The period is the whole
demo span (the worst case: every record is in it).

    .venv/bin/python bench/bench_reports.py --records 100000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import tempfile
import time
from pathlib import Path

from common import check, demo_home, table


def timed(fn, runs: int) -> tuple[float, float, object]:
    """Median wall-clock and CPU seconds (CPU time is steadier on a busy machine), and the last result."""
    walls, cpus, result = [], [], None
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--country", default=None, help="Also filter by this country (ID, MY, SG).")
    args = parser.parse_args()

    from desktop.domain.filters import RecordFilter
    from desktop.paths import Home
    from desktop.reports.figures import monitoring_figures
    from desktop.reports.summary_pdf import write_monitoring_summary
    from desktop.settings import Settings
    from desktop.store import Store

    store = Store.open(Home.resolve(demo_home(args.records)), Settings(officer_name="Bench"))
    start, end = store.queries.report.date_bounds()
    start, end = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    scope = RecordFilter(date_from=start.isoformat(), date_to=end.isoformat(), country=args.country or "")
    count_s, count_cpu, adverts = timed(lambda: store.queries.report.plain_count(scope), max(args.runs, 5))
    figures_s, figures_cpu, figures = timed(lambda: monitoring_figures(store, start, end, args.country), args.runs)
    assert figures["adverts"] == adverts
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "summary.pdf"
        pdf_s, pdf_cpu, _f = timed(lambda: write_monitoring_summary(store, pdf, start, end, args.country), args.runs)
        size = pdf.stat().st_size
    store.close()
    table(
        f"Monitoring summary, {args.records:,} demo records, {start} to {end}, {adverts:,} adverts in the period",
        [
            ("what", "seconds", "CPU seconds", "× plain count (CPU)"),
            ("plain SQL count of the period's observations", f"{count_s:.4f}", f"{count_cpu:.4f}", "1"),
            (
                "all figures (monitoring_figures)",
                f"{figures_s:.2f}",
                f"{figures_cpu:.2f}",
                f"{figures_cpu / max(count_cpu, 1e-6):,.0f}",
            ),
            (
                f"figures + PDF ({size // 1024} KB)",
                f"{pdf_s:.2f}",
                f"{pdf_cpu:.2f}",
                f"{pdf_cpu / max(count_cpu, 1e-6):,.0f}",
            ),
        ],
    )
    print(
        json.dumps(
            {
                "bench": "reports",
                "records": args.records,
                "adverts": adverts,
                "figures_s": round(figures_s, 3),
                "pdf_s": round(pdf_s, 3),
                "pdf_cpu_s": round(pdf_cpu, 3),
                "checks": [check(f"monitoring summary PDF, {args.records:,} records", pdf_s, 30, "s")],
            }
        )
    )


if __name__ == "__main__":
    main()
