"""A protected home's main window is built while the passphrase is typed, on a stand-in store that
holds nothing of the home and refuses writes; Enter opens the home's store into it and the pages
show the home's data (desktop.ui.prepared_window, Store.stand_in_for / take_over)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from desktop.app_context import AppContext
from desktop.domain.filters import RecordFilter
from desktop.errors import PantauError
from desktop.security import home_lock
from desktop.store import Store
from desktop.ui.app import application, create_main_window
from desktop.ui.prepared_window import PreparedWindow
from tests.sync.conftest import observation

PASS = "kancil melompat pagi 2026"


@pytest.fixture
def protected_home(home, settings):
    settings.save(home.ensure().settings_path)
    keys = home_lock.protect_new_home(home, PASS)
    store = Store.open(home, settings, keys=keys)
    for n in range(1, 4):
        store.save(observation(n))
    store.close()
    return home


def prepared_window(qtbot, home) -> tuple[AppContext, PreparedWindow]:
    application()
    ctx = AppContext.create(home=str(home.root))
    prepared = PreparedWindow(ctx)
    prepared.start()
    qtbot.waitUntil(
        lambda: prepared.window is not None and "observations" in prepared.window.pages.built(), timeout=30000
    )
    qtbot.addWidget(prepared.window)
    return ctx, prepared


def test_the_window_waits_on_a_stand_in_and_shows_the_home_after_enter(qtbot, protected_home):
    ctx, prepared = prepared_window(qtbot, protected_home)
    window = prepared.window
    stand_in = window.store
    assert stand_in.stand_in and not window.isVisible() and ctx.unlocked_keys is None
    assert stand_in.count(RecordFilter(kind="observation")) == 0  # nothing of the home was read
    assert window.pages["observations"].model.total() == 0
    assert window.lock_controller is None and window._sync_watcher is None  # nothing works on it
    with pytest.raises(PantauError):  # and nothing can be written to it
        stand_in.save(observation(9))

    ctx.set_keys(home_lock.unlock(ctx.home, PASS))
    assert prepared.opened() is window
    assert ctx.store() is window.store is stand_in and not stand_in.stand_in
    window.show_page("observations")
    assert window.pages["observations"].model.total() == 3
    assert window.status_protection.text() == "Protected"
    assert window.lock_controller is not None
    window.store.save(observation(4))  # the home's store now: saved in the home
    ctx.close()
    reopened = Store.open(protected_home, keys=home_lock.unlock(protected_home, PASS))
    assert reopened.count(RecordFilter(kind="observation")) == 4
    reopened.close()


def test_enter_before_the_window_is_ready_builds_it_the_usual_way(qtbot, protected_home):
    application()
    ctx = AppContext.create(home=str(protected_home.root))
    prepared = PreparedWindow(ctx)  # never started: Enter came first
    ctx.set_keys(home_lock.unlock(ctx.home, PASS))
    assert prepared.opened() is None
    window = create_main_window(ctx)
    qtbot.addWidget(window)
    window.show_page("observations")
    assert window.pages["observations"].model.total() == 3
    ctx.close()


def test_a_cancelled_unlock_discards_the_prepared_window(qtbot, protected_home):
    ctx, prepared = prepared_window(qtbot, protected_home)
    stand_in = prepared.window.store
    prepared.discard()
    assert prepared.window is None and ctx.take_stand_in() is None
    with pytest.raises(sqlite3.ProgrammingError):  # closed
        stand_in.count(RecordFilter(kind="observation"))


def test_take_over_is_only_for_a_stand_in(protected_home):
    keys = home_lock.unlock(protected_home, PASS)
    first = Store.open(protected_home, keys=keys)
    second = Store.open(protected_home, keys=keys)
    with pytest.raises(ValueError):
        first.take_over(second)
    first.close()
    second.close()


def test_the_unlock_screen_loads_no_command_line_babel_cryptography_or_qt_enumerations():
    """What keeps the first window quick (bench/bench_app.py): ``pantau`` alone reaches the unlock
    screen without click, Babel, cryptography, hashlib's OpenSSL or Qt's ``Qt`` namespace, whose
    enumerations take about 20 ms to make."""
    code = (
        "import sys, PySide6.QtCore as core\n"
        "import desktop.cli, desktop.app_context, desktop.ui.app, desktop.ui.prepared_window\n"
        "import desktop.ui.security_dialogs, desktop.security.home_lock\n"
        "loaded = [m for m in ('click', 'babel', 'cryptography', '_hashlib') if m in sys.modules]\n"
        "assert not loaded, loaded\n"
        "assert 'Qt' not in vars(core), 'the Qt namespace was made'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


def test_a_home_with_imported_lists_gets_its_pages_built_on_them(qtbot, protected_home):
    from desktop.reference.species_plus import read_species_plus
    from desktop.sync.reference_updates import import_reference_list
    from tests.reference.test_imports import FIXTURE, NOW

    store = Store.open(protected_home, keys=home_lock.unlock(protected_home, PASS))
    import_reference_list(store, read_species_plus(FIXTURE.read_bytes(), FIXTURE.name, store.ref, "2026-01-01", NOW))
    store.close()
    ctx, prepared = prepared_window(qtbot, protected_home)
    window = prepared.window
    built_on_shipped = window.pages["observations"]
    ctx.set_keys(home_lock.unlock(ctx.home, PASS))
    assert prepared.opened() is window
    assert window.store.ref.cites_appendix("gymnocalycium-mihanovichii", "2026-02-01") == "II"  # the home's lists
    assert window.pages["observations"] is not built_on_shipped  # built again, on them
    window.show_page("observations")
    assert window.pages["observations"].model.total() == 3
    ctx.close()
