"""While the unlock screen waits for the passphrase, the app context loads the store's code, the
first window's modules and the shipped reference lists on a worker thread; the first store opened
afterwards uses those lists, and a protected home still opens only with its keys."""

from __future__ import annotations

import sys

import pytest

from desktop.app_context import AppContext
from desktop.security import home_lock
from desktop.store import HomeLocked
from desktop.ui.app import FIRST_WINDOW_MODULES, create_main_window

PASS = "kancil melompat pagi 2026"


def test_prepared_lists_and_modules_serve_the_first_store(tmp_path, qtbot):
    keys = home_lock.protect_new_home(AppContext.create(home=str(tmp_path / "home")).home, PASS)
    ctx = AppContext.create(home=str(tmp_path / "home"))
    ctx.prepare_in_background(FIRST_WINDOW_MODULES)
    ctx.wait_until_prepared()
    assert all(name in sys.modules for name in FIRST_WINDOW_MODULES)
    prepared = ctx._shipped_ref
    assert prepared is not None and prepared.search_species("murai batu", 5, "id")
    with pytest.raises(HomeLocked):  # preparing never bypasses the lock
        ctx.store()
    assert ctx._shipped_ref is prepared  # still there for the store that does open
    ctx.set_keys(home_lock.unlock(ctx.home, PASS))
    window = create_main_window(ctx)
    qtbot.addWidget(window)
    assert ctx._shipped_ref is None  # used by that store, not kept for later ones
    assert window.store.ref.search_species("murai batu", 5, "id")
    assert keys.database == ctx.unlocked_keys.database
    ctx.close()
