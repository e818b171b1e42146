"""Fixtures for the onboarding tests: a real home's training sandbox, built once per session and copied."""

from __future__ import annotations

import shutil

import pytest

from desktop.paths import Home
from desktop.settings import Settings


@pytest.fixture(scope="session")
def _sandbox_template(tmp_path_factory):
    from desktop.reference import load_reference
    from desktop.sandbox import ensure_sandbox
    from desktop.training import sandbox_home

    base = Home.resolve(tmp_path_factory.mktemp("template") / "home")
    ensure_sandbox(sandbox_home(base), Settings(officer_name="Ayu Lestari", language="en"), load_reference())
    return base.root


@pytest.fixture
def base_home(_sandbox_template, tmp_path) -> Home:
    """A real home (no database yet) whose training sandbox exists with its demo data."""
    dest = tmp_path / "home"
    shutil.copytree(_sandbox_template, dest)
    return Home.resolve(dest)


@pytest.fixture
def sandbox(base_home) -> Home:
    from desktop.training import sandbox_home

    return sandbox_home(base_home)
