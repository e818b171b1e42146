"""Without a display, `pantau` says so in one translated line instead of Qt's plugin crash."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from desktop.cli.display import has_display

ROOT = Path(__file__).resolve().parents[2]


def _pantau(tmp_path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PANTAU_HOME"] = str(tmp_path / "home")
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_no_display_is_one_clear_line(tmp_path):
    result = _pantau(tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "No display was found" in result.stderr and "QT_QPA_PLATFORM=offscreen" in result.stderr
    assert "Traceback" not in result.stderr and "xcb" not in result.stderr


def test_no_display_message_is_translated(tmp_path):
    result = _pantau(tmp_path, "--lang", "id")
    assert result.returncode == 1
    assert "No display was found" not in result.stderr and "QT_QPA_PLATFORM=offscreen" in result.stderr


def test_commands_need_no_display(tmp_path):
    assert _pantau(tmp_path, "--version").returncode == 0


def test_which_sessions_have_a_display():
    assert not has_display({}, "linux")
    assert has_display({"DISPLAY": ":0"}, "linux")
    assert has_display({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert has_display({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert has_display({}, "win32") and has_display({}, "darwin")
