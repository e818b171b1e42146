"""The migrations live in one folder, one file per step, and the one ordered list names each of them:
desktop/db/migrations/mNNN_name.py defines mNNN_name(db), MIGRATIONS lists the steps 1..N in file
order with no gap, and no module outside the folder defines a migration step."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from desktop.db import migrations

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "desktop" / "db" / "migrations"
STEP = re.compile(r"^m(\d{3})_(\w+)$")


def _step_files() -> list[str]:
    return sorted(p.stem for p in FOLDER.glob("*.py") if p.name != "__init__.py")


def test_every_step_file_is_in_the_list_in_order_without_gaps():
    files = _step_files()
    assert files, "no migration step files found"
    assert all(STEP.match(stem) for stem in files), f"not named mNNN_name.py: {files}"
    numbers = [number for number, _name, _fn in migrations.MIGRATIONS]
    assert numbers == list(range(1, len(numbers) + 1)), f"numbers with a gap or out of order: {numbers}"
    listed = [f"m{number:03d}_{name}" for number, name, _fn in migrations.MIGRATIONS]
    assert listed == files, "MIGRATIONS and the step files differ"
    for (number, name, fn), stem in zip(migrations.MIGRATIONS, files):
        assert fn.__name__ == stem and fn.__module__ == f"desktop.db.migrations.{stem}", (number, name, fn)
    assert migrations.LATEST == numbers[-1]


def test_no_migration_step_is_defined_outside_the_folder():
    outside = []
    for path in sorted((ROOT / "desktop").rglob("*.py")):
        if FOLDER in path.parents:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        outside += [
            f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"
            for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and re.match(r"^m\d{3}_", node.name)
        ]
    assert outside == [], "migration steps belong in desktop/db/migrations/"
