"""The architecture contracts of pyproject.toml hold, and they do catch a violation."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint_imports(root: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(root))
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(root / "pyproject.toml")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def tree_copy(tmp_path) -> Path:
    shutil.copytree(ROOT / "desktop", tmp_path / "desktop", ignore=shutil.ignore_patterns("__pycache__", "locale"))
    shutil.copy2(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_contracts_hold():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout[-3000:]


def test_a_qt_import_under_db_breaks_the_contracts(tree_copy):
    (tree_copy / "desktop" / "db" / "qt_leak.py").write_text("from PySide6.QtCore import QObject\n")
    result = _lint_imports(tree_copy)
    assert result.returncode != 0
    assert "desktop.db.qt_leak -> PySide6" in result.stdout


def test_sql_outside_db_breaks_the_contracts(tree_copy):
    (tree_copy / "desktop" / "reports" / "sql_leak.py").write_text("import sqlite3\n")
    result = _lint_imports(tree_copy)
    assert result.returncode != 0
    assert "desktop.reports.sql_leak -> sqlite3" in result.stdout
