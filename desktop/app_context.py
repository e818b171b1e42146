"""What the desktop app and every CLI command share: the home, the settings, the keys and a lazily
opened store. Nothing here imports click or Qt: the desktop app starts without loading either's
command-line or widget code before its first window needs it."""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.errors import PantauError
from desktop.i18n import _, set_language
from desktop.paths import Home
from desktop.settings import Settings


@dataclass
class AppContext:
    home: Home
    settings: Settings
    training: bool = False
    passphrase_file: str | None = None
    # The command line sets this unless --unprotected: a new home is then never created without a
    # passphrase (the app's first-run wizard asks; the self-test makes a throwaway home).
    require_passphrase: bool = False
    _store: object = field(default=None, repr=False)
    _keys: object = field(default=None, repr=False)
    _warm_up: threading.Thread | None = field(default=None, repr=False)
    _shipped_ref: object = field(default=None, repr=False)
    _stand_in: Any = field(default=None, repr=False)  # a Store (desktop.store is loaded later)

    @classmethod
    def create(
        cls, home=None, db=None, lang=None, training=False, passphrase_file=None, require_passphrase=False
    ) -> "AppContext":
        resolved = Home.resolve(home, db)
        if training:  # the sandbox is created (demo data, unprotected) on first use
            from desktop.sandbox import ensure_sandbox
            from desktop.training import sandbox_home

            resolved = ensure_sandbox(sandbox_home(resolved), Settings.load(resolved.settings_path))
        settings = Settings.load(resolved.settings_path)
        set_language(lang or settings.language)
        return cls(resolved, settings, training, passphrase_file, require_passphrase)

    def given_passphrase(self) -> str | None:
        """The passphrase from PANTAU_PASSPHRASE or --passphrase-file, if any (never prompts)."""
        from desktop.security.home_lock import PASSPHRASE_ENV

        if self.passphrase_file:
            try:
                return Path(self.passphrase_file).read_text(encoding="utf-8").rstrip("\r\n")
            except OSError as exc:
                raise PantauError(
                    _("Cannot read the passphrase file: {reason}").format(reason=exc.strerror or exc)
                ) from None
        return os.environ.get(PASSPHRASE_ENV)

    def ask_passphrase(self, prompt: str) -> str | None:
        """The given passphrase, or one typed at the terminal; None without a terminal."""
        given = self.given_passphrase()
        if given is not None:
            return given
        if sys.stdin is not None and sys.stdin.isatty():
            import click

            return click.prompt(prompt, hide_input=True)
        return None

    def keys(self):
        """This home's keys: unlocks a protected home, protects a new one when a passphrase is given."""
        from desktop.security import home_lock

        if self._keys is None:
            if home_lock.is_protected(self.home):
                self._keys = home_lock.unlock(self.home, self.ask_passphrase(_("Passphrase")))
            elif not self.home.db_path.exists() and not self.training and self.given_passphrase():
                self._keys = home_lock.protect_new_home(self.home, self.given_passphrase())
            elif self.require_passphrase and not self.training and self._new_home():
                raise PantauError(
                    _(
                        "{home} has no Pantau data yet. A new home is protected by a passphrase: set "
                        "PANTAU_PASSPHRASE or use --passphrase-file. To create a training home without "
                        "protection on purpose, add --unprotected (or use --training for the sandbox)."
                    ).format(home=self.home.root)
                )
        return self._keys

    def set_keys(self, keys) -> None:
        """The one place the unlocked state changes: the keys from an unlock or set-up dialog, or
        None when the home is locked or another home is chosen. A store opened with other keys is
        closed; the next ``store()`` opens with these."""
        if keys is not self._keys:
            self.close()
        self._keys = keys

    @property
    def unlocked_keys(self):
        """The keys this context holds now (None: unprotected, locked or not unlocked yet); never prompts."""
        return self._keys

    def needs_first_run(self) -> bool:
        """A new computer: no database yet and the set-up assistant never finished (never in the
        training sandbox)."""
        return not self.training and not self.settings.first_run_done and not self.home.db_path.exists()

    def _new_home(self) -> bool:
        """No database and no trace of one (a used home that lost its database is refused by the store)."""
        from desktop import home_history

        return home_history.database_missing(self.home) and not home_history.traces_of_use(self.home)

    def prepare_in_background(self, modules: tuple[str, ...] = ()) -> None:
        """While the officer types the passphrase: load the store's code (and ``modules``, those of the
        first window), read the shipped reference lists and make a stand-in store (Store.stand_in_for)
        on a worker thread, so that Enter reaches the main window sooner. ``wait_until_prepared()``
        (called by ``store()``) joins it; whatever fails here is simply done again, and reported, on
        the GUI thread."""
        if self._warm_up is not None or self._store is not None:
            return

        def work() -> None:
            try:
                import gc
                import importlib

                from desktop.reference import load_reference
                from desktop.security.keyring import CRYPTO_MODULES
                from desktop.store import Store, shipped_tables_digest

                self._shipped_ref = load_reference()
                shipped_tables_digest(self._shipped_ref)
                for name in CRYPTO_MODULES + tuple(modules):  # the unlock's, then the first window's
                    importlib.import_module(name)
                self._stand_in = Store.stand_in_for(self.home, self.settings, self._shipped_ref)
                gc.freeze()  # all of this lives as long as the app: later collections skip it
            except Exception:  # noqa: BLE001 - redone on the GUI thread
                pass

        self._warm_up = threading.Thread(target=work, name="pantau-prepare", daemon=True)
        self._warm_up.start()

    def wait_until_prepared(self) -> None:
        if self._warm_up is not None:
            self._warm_up.join()

    def prepared(self) -> bool:
        """Whether the preparation started by ``prepare_in_background`` has finished."""
        return self._warm_up is not None and not self._warm_up.is_alive()

    def take_stand_in(self):
        """The stand-in store made while the passphrase was typed (once; None if there is none)."""
        stand_in, self._stand_in = self._stand_in, None
        return stand_in

    def open_into(self, stand_in):
        """Open the home's store (as ``store()`` does) into ``stand_in``, the store the main window was
        built on while the passphrase was typed: it takes the opened store over and is this context's
        store from now on."""
        opened = self.store()
        stand_in.take_over(opened)
        self._store = stand_in
        return stand_in

    def store(self):
        if self._store is None:
            self.wait_until_prepared()
            from desktop.store import Store

            self._store = Store.open(self.home, self.settings, ref=self._shipped_ref, keys=self.keys())
            self._shipped_ref = None  # used by the first store that opened, not kept for later ones
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
        if self._stand_in is not None and not (self._warm_up and self._warm_up.is_alive()):
            self._stand_in.close()
            self._stand_in = None
