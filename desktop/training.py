"""The training mark: whether a home is a training sandbox, and the marks every screen, PDF page,
export and sync bundle of a sandbox carries.

A leaf module (paths, i18n and errors only), so that reports, sync and intelligence can ask
:func:`is_training` without depending on the sandbox's life cycle, which is
:mod:`desktop.sandbox` (creating, filling, resetting the sandbox, and the exercises' results).
A ``TRAINING`` file in the sandbox's root marks it.
"""

from __future__ import annotations

import json
from pathlib import Path

from desktop.errors import PantauError
from desktop.i18n import _
from desktop.paths import Home

MARKER = "TRAINING"
FOLDER = "training"


class TrainingError(PantauError):
    """A training-sandbox action was refused."""


def _root(home) -> Path | None:
    if home is None:
        return None
    return Path(getattr(home, "root", home))


def is_training(home) -> bool:
    """True for a training sandbox (a Home, a folder path, or None for 'no home')."""
    root = _root(home)
    return root is not None and (root / MARKER).is_file()


def sandbox_home(home: Home) -> Home:
    """The training sandbox that belongs to ``home`` (itself when it already is one)."""
    return home if is_training(home) else Home.resolve(home.root / FOLDER)


def marker(home) -> dict:
    """What the marker file records: seed, records, created_at, started_at (ISO UTC)."""
    try:
        data = json.loads((_root(home) / MARKER).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError, TypeError):
        return {}


def started_at(home) -> str:
    """When the current training session began (the sandbox was set up or last reset), ISO UTC."""
    return str(marker(home).get("started_at") or "")


def write_marker(home: Home, data: dict) -> None:
    text = _("This folder is a Pantau training sandbox: demo data only, not real records.")
    data = dict(data, note=text)
    (home.root / MARKER).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def manifest_fields(home) -> dict:
    """Extra manifest fields of a bundle or update pack made in ``home``: ``{"training": True}`` in a sandbox."""
    return {"training": True} if is_training(home) else {}


def export_note() -> str:
    """The mark on every page, export and bundle of a sandbox."""
    return _("TRAINING — not real data")
