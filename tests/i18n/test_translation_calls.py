"""`_()` and `N_()` take a string literal, or a name holding text marked elsewhere with `N_()`.

Babel extracts the literal inside a call: `_(table["key"])` made it extract the key as a message
(Babel 2.18 did; 2.19 does not), so the catalogs carried a "translation" of a dictionary key.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "desktop"


def _literal_inside(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Constant) and isinstance(n.value, str) for n in ast.walk(node))


def test_translation_calls_take_a_literal_or_a_name():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_")):
                continue
            for arg in node.args:
                is_literal = isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                if not is_literal and _literal_inside(arg):
                    offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert not offenders, offenders
