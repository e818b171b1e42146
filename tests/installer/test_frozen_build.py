"""Build the one-folder bundle with PyInstaller and run it like a fresh machine would.

Catches what only a frozen build gets wrong: a missing hidden import, data file (catalogs,
fonts, reference CSVs, questionnaire, babel/pyxform data) or Qt plugin. The build takes about
a minute on two cores; it runs once per session and every test below shares it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

from desktop import __version__
from desktop.cli.selftest import step_names
from desktop.paths import PORTABLE_MARKER

pytest.importorskip("PyInstaller", reason="PyInstaller is not installed")

ROOT = Path(__file__).resolve().parents[2]
EXE_NAME = "pantau.exe" if sys.platform == "win32" else "pantau"
MAX_BYTES = 215_000_000  # 200 MB before the shipped emoji font (11 MB, #21) and the larger reference data


@pytest.fixture(scope="session")
def bundle(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("frozen")
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "installer" / "build.py"),
            "--distpath",
            str(base / "dist"),
            "--workpath",
            str(base / "work"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    print(f"\n[frozen build] {time.monotonic() - started:.0f} s")
    return base / "dist"


def clean_env(tmp_path: Path) -> dict:
    """What a fresh login has: a HOME of its own and the system PATH; no Qt, Python or Pantau settings."""
    home = tmp_path / "user-home"
    home.mkdir(exist_ok=True)
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "TMPDIR": str(tmp_path)}
    if sys.platform == "win32":
        env.update({k: os.environ[k] for k in ("SYSTEMROOT", "WINDIR") if k in os.environ})
    return env


def run_frozen(bundle: Path, tmp_path: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(bundle / "pantau" / EXE_NAME), *args],
        cwd=tmp_path,
        env=clean_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_frozen_self_test_passes_every_step(bundle, tmp_path):
    started = time.monotonic()
    result = run_frozen(bundle, tmp_path, "--self-test")
    print(f"[frozen self-test] {time.monotonic() - started:.1f} s")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for name in step_names():
        assert f"ok: {name}" in lines, f"step {name!r} did not pass:\n{result.stdout}{result.stderr}"
    assert "Self-test passed." in lines
    assert "Traceback" not in result.stderr


def test_frozen_version_and_translated_help(bundle, tmp_path):
    result = run_frozen(bundle, tmp_path, "--version")
    assert result.returncode == 0 and __version__ in result.stdout, result.stdout + result.stderr
    result = run_frozen(bundle, tmp_path, "--lang", "id", "--help")
    assert result.returncode == 0, result.stderr


def test_portable_marker_keeps_data_beside_the_executable(bundle, tmp_path):
    folder = bundle / "pantau"
    marker = folder / PORTABLE_MARKER
    marker.write_text("")
    try:
        result = run_frozen(bundle, tmp_path, "--unprotected", "db", "info")
        assert result.returncode == 0, result.stdout + result.stderr
        assert (folder / "pantau-data" / "pantau.sqlite3").is_file()
        assert not (tmp_path / "user-home" / ".local" / "share" / "Pantau").exists()
    finally:
        marker.unlink()


def test_bundle_is_small_and_has_no_unused_qt(bundle):
    folder = bundle / "pantau"
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    size = sum(p.stat().st_size for p in files)
    print(f"[frozen bundle] {size / 1e6:.1f} MB in {len(files)} files")
    assert size < MAX_BYTES
    names = {p.name for p in files}
    for unused in ("WebEngine", "Qt6Quick", "Qt6Qml", "Qt63D", "Qt6Multimedia", "Qt6Designer"):
        assert not any(unused in name for name in names), unused
    internal = folder / "_internal"
    for required in (
        "desktop/resources/fonts/DejaVuSans.ttf",
        "desktop/resources/icons/pantau.png",
        "desktop/forms/builtin/needs_assessment.xlsx",
        "babel/locale-data/id.dat",
        "babel/locale-data/ms.dat",
        "babel/locale-data/en.dat",
    ):
        assert (internal / required).is_file(), required
    assert list((internal / "desktop" / "reference" / "data").glob("*.csv"))
    for po in (ROOT / "i18n").glob("*/LC_MESSAGES/messages.po"):
        lang = po.parent.parent.name
        assert (internal / "desktop" / "locale" / lang / "LC_MESSAGES" / "messages.mo").is_file(), lang


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the tar.gz is the Linux download")
def test_linux_archive_has_desktop_entry_and_icon(bundle):
    archive = bundle / f"pantau-{__version__}-linux-x86_64.tar.gz"
    if not archive.exists():  # another architecture
        archive = next(bundle.glob(f"pantau-{__version__}-linux-*.tar.gz"))
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
        exe = tar.getmember("pantau/pantau")
    assert {"pantau/pantau.desktop", "pantau/pantau.png", "pantau/install-desktop-entry.sh"} <= names
    assert exe.mode & 0o111
    assert PORTABLE_MARKER not in {Path(n).name for n in names}
