"""Shared fixtures. Tests run offscreen and never touch the user's real home."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("PANTAU_HOME", None)
# The CLI refuses to create a home without a passphrase unless asked; the suite's many throwaway
# homes ask through the environment (tests of the refusal remove it: tests/security/test_new_home_cli.py).
os.environ["PANTAU_UNPROTECTED"] = "1"

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
subprocess.run([sys.executable, str(ROOT / "scripts" / "catalogs.py"), "compile"], check=True)

from desktop.i18n import set_language  # noqa: E402
from desktop.paths import Home  # noqa: E402
from desktop.reference import load_reference  # noqa: E402
from desktop.settings import Settings  # noqa: E402

_REF = load_reference()


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def ref():
    return _REF


@pytest.fixture
def home(tmp_path) -> Home:
    return Home.resolve(tmp_path / "home")


@pytest.fixture
def settings() -> Settings:
    return Settings(officer_name="Test Officer", officer_id="T-1")


@pytest.fixture
def store(home, settings, ref):
    from desktop.store import Store

    s = Store.open(home, settings, ref)
    yield s
    s.close()


@pytest.fixture(scope="session")
def demo_db_100k(tmp_path_factory) -> Path:
    """A database with 100,000 demo records, built once per test session."""
    from desktop.demo import fill
    from desktop.store import Store

    home = Home.resolve(tmp_path_factory.mktemp("demo100k") / "home")
    s = Store.open(home, Settings(officer_name="Demo"), _REF)
    fill(s, 100_000, seed=7, chunk=20_000)
    s.close()
    return home.root


@pytest.fixture
def demo_home_100k(demo_db_100k, tmp_path) -> Home:
    """A private copy of the 100k demo home."""
    import shutil

    dest = tmp_path / "home100k"
    shutil.copytree(demo_db_100k, dest)
    return Home.resolve(dest)


# Tests that take tens of seconds on the 2-core build machine: `python3 scripts/dev.py test --fast`
# leaves them out (CI and the README's test command run everything). A test can also say
# `@pytest.mark.slow` itself; these are marked here so that the list is in one place.
SLOW_FIXTURES = {"demo_db_100k", "demo_home_100k"}
SLOW_MODULES = {
    "tests/installer/test_frozen_build.py",  # the PyInstaller build
    "tests/faults/test_kill_while_saving.py",  # kill -9 trials
    "tests/faults/test_kill_while_importing.py",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        module = Path(str(item.fspath)).resolve().relative_to(ROOT).as_posix()
        if module in SLOW_MODULES or SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
