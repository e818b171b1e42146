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
