"""Portable mode and the installer's small pieces, without building anything (fast)."""

from __future__ import annotations

import ast
import importlib.util
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from desktop import __version__
from desktop.paths import HOME_ENV, PORTABLE_MARKER, Home, default_home

ROOT = Path(__file__).resolve().parents[2]


def _build_module():
    spec = importlib.util.spec_from_file_location("pantau_installer_build", ROOT / "installer" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def frozen_exe(tmp_path, monkeypatch):
    """Pretend to be a frozen executable at tmp_path/app/pantau."""
    app_dir = tmp_path / "app"
    app_dir.mkdir()
    exe = app_dir / "pantau"
    exe.write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    monkeypatch.delenv(HOME_ENV, raising=False)
    return exe


def test_marker_beside_the_executable_puts_the_home_beside_it(frozen_exe):
    (frozen_exe.parent / PORTABLE_MARKER).write_text("")
    assert default_home() == frozen_exe.parent / "pantau-data"
    assert Home.resolve().root == (frozen_exe.parent / "pantau-data").resolve()


def test_without_the_marker_the_user_data_folder_is_used(frozen_exe):
    home = default_home()
    assert frozen_exe.parent not in home.parents
    assert home.name == "Pantau"


def test_environment_and_option_beat_the_marker(frozen_exe, tmp_path, monkeypatch):
    (frozen_exe.parent / PORTABLE_MARKER).write_text("")
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "env-home"))
    assert default_home() == tmp_path / "env-home"
    assert Home.resolve(tmp_path / "option-home").root == (tmp_path / "option-home").resolve()


def test_marker_is_ignored_when_running_from_source(frozen_exe, monkeypatch):
    (frozen_exe.parent / PORTABLE_MARKER).write_text("")
    monkeypatch.delattr(sys, "frozen")
    assert default_home().name == "Pantau"


def test_one_version_source():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "desktop.__version__"}
    iss = (ROOT / "installer" / "windows" / "pantau.iss").read_text("utf-8")
    assert __version__ not in iss, "the Inno Setup script must take the version from the build"


def test_windows_version_resource_is_generated_from_the_package(tmp_path):
    build = _build_module()
    assert build.version_numbers("1.2.3") == (1, 2, 3, 0)
    assert build.version_numbers("0.4rc1") == (0, 4, 0, 0)
    path = build.write_version_file(tmp_path / "version_info.txt")
    text = path.read_text("utf-8")
    tree = ast.parse(text, mode="eval")  # PyInstaller evaluates this expression on Windows
    assert tree.body.func.id == "VSVersionInfo"
    assert f"StringStruct('ProductVersion', '{__version__}')" in text
    assert f"filevers={build.version_numbers(__version__)}" in text
    assert build.archive_name().startswith(f"pantau-{__version__}-")


def test_desktop_entry_and_icons_exist():
    entry = ROOT / "installer" / "linux" / "pantau.desktop"
    text = entry.read_text("utf-8")
    assert "Icon=pantau" in text and "Exec=pantau" in text
    for path in (
        ROOT / "desktop" / "resources" / "icons" / "pantau.png",
        ROOT / "desktop" / "resources" / "icons" / "pantau.svg",
        ROOT / "installer" / "windows" / "pantau.ico",
        ROOT / "installer" / "macos" / "pantau.icns",
    ):
        assert path.is_file() and path.stat().st_size > 0, path
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_window_icon_is_set(qtbot):
    from desktop.ui.app import application

    app = application()
    assert not app.windowIcon().isNull()
    assert app.applicationVersion() == __version__
