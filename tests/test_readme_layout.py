"""The README's layout table names every package and top-level module of desktop/ and every folder of
the repository that is in git, and names nothing that does not exist."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _layout_paths() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("## Layout", 1)[1].split("\n## ", 1)[0]
    cells = [line.split("|")[1] for line in table.splitlines() if line.startswith("| `")]
    return {path.rstrip("/") for cell in cells for path in re.findall(r"`([^`]+)`", cell)}


def test_the_layout_table_matches_the_folders():
    named = _layout_paths()
    desktop = ROOT / "desktop"
    packages = {f"desktop/{p.name}" for p in desktop.iterdir() if p.is_dir() and p.name != "__pycache__"}
    modules = {f"desktop/{p.name}" for p in desktop.glob("*.py") if p.name not in ("__init__.py", "__main__.py")}
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    folders = {name.split("/")[0] for name in tracked if "/" in name and not name.startswith(".")} - {"desktop"}
    missing = sorted((packages | modules | folders) - named)
    assert missing == [], f"README.md's layout table lacks {missing}"
    absent = sorted(path for path in named if not (ROOT / path).exists())
    assert absent == [], f"README.md's layout table names what does not exist: {absent}"
