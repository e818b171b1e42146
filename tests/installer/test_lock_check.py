"""The test environment is exactly the lock, and the installer's check sees any difference."""

from __future__ import annotations

from pathlib import Path

from installer.lock_check import differences, locked

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements" / "lock.txt"


def test_this_environment_is_the_lock():
    assert differences(LOCK) == []


def test_the_lock_pins_a_pyside6_without_the_reference_leak():
    pins = locked(LOCK)
    assert pins["pyside6-essentials"] != "6.12.0" and pins["pyside6-essentials"] == pins["pyside6-addons"]
    assert "babel" in pins and "pyxform" in pins


def test_a_different_version_is_reported(tmp_path):
    lock = tmp_path / "lock.txt"
    lock.write_text(
        "babel==0.0.1 \\\n    --hash=sha256:00\n"
        "colorama==0.4.6 ; sys_platform == 'win32' \\\n    --hash=sha256:00\n"
        "not-installed-anywhere==1.0 \\\n    --hash=sha256:00\n"
    )
    found = differences(lock)
    assert any(line.startswith("babel: locked 0.0.1, installed 2.") for line in found)
    assert "not-installed-anywhere: locked 1.0, installed nothing" in found
    assert not any(line.startswith("colorama") for line in found)  # a pin for Windows only
