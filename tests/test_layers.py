"""The core must run without Qt: only desktop/ui may import PySide6; only desktop/db holds SQL."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "desktop"
SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b\s+.*\b(FROM|INTO|SET|WHERE)\b|\bCREATE\s+(TABLE|INDEX)\b")


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _imports(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_only_ui_imports_qt():
    offenders = []
    for path, tree in _modules():
        if "ui" in path.relative_to(PACKAGE).parts[:1]:
            continue
        for name in _imports(tree):
            if name.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6"):
                offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert not offenders, offenders


def test_core_imports_without_qt():
    import subprocess
    import sys

    code = (
        "import sys, importlib, pkgutil, desktop\n"
        "for m in pkgutil.walk_packages(desktop.__path__, 'desktop.'):\n"
        "    if not m.name.startswith('desktop.ui') and not m.name.endswith('__main__'):\n"
        "        importlib.import_module(m.name)\n"
        "assert not any(k.startswith('PySide6') for k in sys.modules), 'Qt was imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_no_sql_outside_db():
    offenders = []
    for path, tree in _modules():
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] == "db":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value):
                offenders.append(f"{rel}:{node.lineno}")
    assert not offenders, offenders


def test_no_star_imports_and_small_modules():
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert all(a.name != "*" for a in node.names), f"star import in {path}"
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines <= 650, f"{path.relative_to(PACKAGE)} has {lines} lines; split it"
