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
