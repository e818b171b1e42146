"""The benchmark history: JSON lines found in a benchmark's output are appended with their context,
and the README's table is regenerated between its markers from the history."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import bench_history  # noqa: E402


def test_history_is_appended_and_the_readme_table_regenerated(tmp_path):
    output = 'pair 1: ratio 3.1x\n{"bench": "import", "rows": 1000, "ratio": 3.1, "import_s": [1.0]}\nnot json {\n'
    figures = bench_history.figures_in(output)
    assert figures == [{"bench": "import", "rows": 1000, "ratio": 3.1, "import_s": [1.0]}]
    history = tmp_path / "results" / "history.jsonl"
    bench_history.append(figures, "bench_import.py", ["--rows", "1000"], history)
    bench_history.append([dict(figures[0], ratio=2.5)], "bench_import.py", ["--rows", "1000"], history)
    lines = [json.loads(line) for line in history.read_text().splitlines()]
    assert [line["ratio"] for line in lines] == [3.1, 2.5]
    assert all(line["script"] == "bench_import.py" and "date" in line and "load" in line for line in lines)
    readme = tmp_path / "README.md"
    readme.write_text("# Pantau\n\nText.\n", encoding="utf-8")
    for _ in range(2):  # the second time the block is replaced, not added again
        bench_history.render(readme, history)
    text = readme.read_text(encoding="utf-8")
    assert text.count(bench_history.START) == 1 and text.startswith("# Pantau\n\nText.\n")
    row = next(line for line in text.splitlines() if line.startswith("| `bench_import.py --rows 1000`"))
    assert "ratio 2.5" in row.split("|")[2] and "ratio 3.1" in row.split("|")[3]


def test_the_targets_table_shows_the_latest_full_size_run(tmp_path):
    history = tmp_path / "history.jsonl"
    full = {"bench": "sync", "checks": [{"measure": "sync import", "value": 2.9, "unit": "x", "limit": 3, "met": True}]}
    bench_history.append([full], "bench_sync.py", ["--records", "100000"], history)
    slow = {
        "bench": "sync",
        "checks": [{"measure": "sync import", "value": 3.4, "unit": "x", "limit": 3, "met": False}],
    }
    bench_history.append([slow], "bench_sync.py", ["--records", "10000", "--quick"], history)
    shown = {"measure": "offscreen", "value": 7.1, "unit": "x", "limit": None, "met": None}
    listing = {"measure": "open list", "value": 41.6, "unit": "ms", "limit": 100, "met": True}
    bench_history.append([{"bench": "app", "checks": [shown, listing]}], "bench_app.py", ["--quick"], history)
    rows = bench_history.targets(history).splitlines()
    sync = next(r for r in rows if r.startswith("| sync import"))
    assert "| 2.90x | ≤ 3x | met |" in sync and "--records 100000" in sync  # the quick run does not replace it
    assert "| 7.10x | — | shown |" in next(r for r in rows if r.startswith("| offscreen"))
    assert "| 42 ms | ≤ 100 ms | met |" in next(r for r in rows if r.startswith("| open list"))
    assert "**quick run**" in next(r for r in rows if r.startswith("| open list"))
    bench_history.append([slow], "bench_sync.py", ["--records", "100000"], history)
    assert "| 3.40x | ≤ 3x | **missed** |" in bench_history.targets(history)
    readme = tmp_path / "README.md"
    readme.write_text("# Pantau\n", encoding="utf-8")
    bench_history.render(readme, history)
    bench_history.render(readme, history)
    text = readme.read_text(encoding="utf-8")
    assert text.count(bench_history.TARGETS_START) == 1 and text.index(bench_history.TARGETS_START) < text.index(
        bench_history.START
    )
