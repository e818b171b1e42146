"""The import-linter contracts of pyproject.toml hold (Qt only in desktop.ui, SQLite only in
desktop.db, the packages in layers with no cycle), and they do catch a violation: a copy of the
package with a database module that imports Qt, a domain module that imports the store, or a screen
that imports the database layer, fails."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(not LINT.exists(), reason="import-linter is not installed in this environment")


def _lint(cwd: Path, config: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(cwd))
    return subprocess.run(
        [str(LINT), "--config", str(config), "--no-cache"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _copy(tmp_path: Path) -> Path:
    """The desktop package's Python files and pyproject.toml, in a folder of their own."""
    shutil.copytree(
        ROOT / "desktop",
        tmp_path / "desktop",
        ignore=lambda folder, names: [n for n in names if not n.endswith(".py") and not (Path(folder) / n).is_dir()],
    )
    shutil.copyfile(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_contracts_hold():
    result = _lint(ROOT, ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout and "Layers" in result.stdout
    assert "desktop.ui does not import desktop.db KEPT" in result.stdout
    assert "Services reach queries through the store KEPT" in result.stdout


def test_a_database_module_importing_qt_breaks_the_qt_contract(tmp_path):
    copy = _copy(tmp_path)
    (copy / "desktop" / "db" / "qt_leak.py").write_text("from PySide6.QtCore import QObject\n", encoding="utf-8")
    (copy / "desktop" / "domain" / "store_leak.py").write_text(
        "def leak():\n    from desktop.store import Store\n    return Store\n", encoding="utf-8"
    )
    (copy / "desktop" / "ui" / "sql_leak.py").write_text("from desktop.db import queries\n", encoding="utf-8")
    (copy / "desktop" / "reports" / "sqlite_leak.py").write_text("import sqlite3\n", encoding="utf-8")
    (copy / "desktop" / "intel" / "query_leak.py").write_text(
        "def leak(store):\n    from desktop.db import intel_sql\n    return intel_sql.list_sessions\n", encoding="utf-8"
    )
    result = _lint(copy, copy / "pyproject.toml")
    assert result.returncode != 0
    assert "Only desktop.ui imports Qt BROKEN" in result.stdout
    assert "desktop.db.qt_leak -> PySide6" in result.stdout
    assert "desktop.domain.store_leak -> desktop.store" in result.stdout  # a function-level import, too
    assert "desktop.ui does not import desktop.db BROKEN" in result.stdout
    assert "desktop.reports.sqlite_leak -> sqlite3" in result.stdout
    assert "Services reach queries through the store BROKEN" in result.stdout
    assert "desktop.intel.query_leak -> desktop.db.intel_sql" in result.stdout
