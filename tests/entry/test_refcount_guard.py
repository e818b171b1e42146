"""The guard against PySide6 6.12's reference leak on None and True keeps a long session alive."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHILD = r"""
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLabel
if sys.argv[1] == "guard":
    from desktop.ui.app import application
    app = application()
else:
    app = QApplication([])
class Source(QObject):
    changed = Signal()
source, label = Source(), QLabel()
source.changed.connect(label.clear)
for _ in range(int(sys.argv[2])):
    label.setText("x")           # each call of a method returning nothing drops a reference to None
    source.changed.emit()        # each emit drops a reference to True
print("done", flush=True)
"""


def _run(mode: str, calls: int):
    return subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(calls)], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def test_a_long_session_does_not_abort():
    guarded = _run("guard", 300_000)
    assert guarded.returncode == 0 and "done" in guarded.stdout, guarded.stderr[-500:]
