"""Where Pantau keeps its data (a *home*), and where its bundled resources are.

A home holds everything one device keeps: database, keys, evidence, backups,
settings. It is chosen, in order, by ``--home``, the ``PANTAU_HOME``
environment variable, portable mode (a ``pantau-portable`` marker file beside
the executable), or the platform's user data directory. Several homes on one
machine behave as several independent devices.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

PORTABLE_MARKER = "pantau-portable"
HOME_ENV = "PANTAU_HOME"


def package_dir() -> Path:
    """The ``desktop`` package directory (inside a frozen bundle too)."""
    return Path(__file__).resolve().parent


def resource_path(*parts: str) -> Path:
    return package_dir().joinpath("resources", *parts)


def executable_dir() -> Path | None:
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return None


def default_home() -> Path:
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser()
    exe = executable_dir()
    if exe is not None and (exe / PORTABLE_MARKER).exists():
        return exe / "pantau-data"
    return Path(platformdirs.user_data_dir("Pantau", appauthor=False))


@dataclass(frozen=True)
class Home:
    root: Path
    db_override: Path | None = None

    @classmethod
    def resolve(cls, home: str | os.PathLike | None = None, db: str | os.PathLike | None = None) -> "Home":
        root = Path(home).expanduser() if home else default_home()
        return cls(root=root.resolve(), db_override=Path(db).expanduser().resolve() if db else None)

    @property
    def db_path(self) -> Path:
        return self.db_override or self.root / "pantau.sqlite3"

    @property
    def keys_dir(self) -> Path:
        return self.root / "keys"

    @property
    def evidence_dir(self) -> Path:
        return self.root / "evidence"

    @property
    def backups_dir(self) -> Path:
        return self.root / "backups"

    @property
    def exports_dir(self) -> Path:
        return self.root / "exports"

    @property
    def settings_path(self) -> Path:
        return self.root / "settings.json"

    def ensure(self) -> "Home":
        for d in (self.root, self.keys_dir, self.evidence_dir, self.backups_dir):
            d.mkdir(parents=True, exist_ok=True)
        return self
