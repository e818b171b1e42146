"""What every CLI command shares: the home, the settings and a lazily opened store."""

from __future__ import annotations

import datetime as dt
import traceback
from dataclasses import dataclass, field

import click

from desktop.i18n import _, set_language
from desktop.paths import Home
from desktop.settings import Settings


@dataclass
class AppContext:
    home: Home
    settings: Settings
    training: bool = False
    _store: object = field(default=None, repr=False)

    @classmethod
    def create(cls, home=None, db=None, lang=None, training=False) -> "AppContext":
        resolved = Home.resolve(home, db)
        if training:
            resolved = Home.resolve(resolved.root / "training")
        settings = Settings.load(resolved.settings_path)
        set_language(lang or settings.language)
        return cls(resolved, settings, training)

    def store(self):
        if self._store is None:
            from desktop.store import Store
            self._store = Store.open(self.home, self.settings)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def fail(exc: BaseException) -> int:
    """Log an unexpected error to the home's log folder and print one line."""
    try:
        home = Home.resolve()
        log_dir = home.root / "logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        path = log_dir / f"error-{dt.datetime.now().strftime('%Y%m%d-%H%M%S')}.log"
        path.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
        where = str(path)
    except OSError:
        where = "-"
    click.echo(_("Unexpected error: {error}. Details were written to {path}.").format(
        error=type(exc).__name__, path=where), err=True)
    return 70
