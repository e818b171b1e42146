"""Whether the desktop window can open here: a clear message instead of Qt's plugin crash.

Qt ends the process (it cannot be caught) when its platform plugin finds no display, with a message
about ``xcb`` plugins that tells an officer nothing. Pantau checks first, before Qt is imported.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from desktop.errors import PantauError
from desktop.i18n import _


class NoDisplayError(PantauError):
    """No desktop session to show the window in."""


def has_display(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """True where a window can open: Windows, macOS, an X11 or Wayland session, or a Qt platform set by hand."""
    if not platform.startswith("linux") and not platform.startswith("freebsd"):
        return True
    return any(environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def check_display(environ: Mapping[str, str] | None = None) -> None:
    if not has_display(os.environ if environ is None else environ):
        raise NoDisplayError(
            _(
                "No display was found, so Pantau's window cannot open. Start Pantau from a desktop session, "
                "or set QT_QPA_PLATFORM=offscreen to run it without a window (for scripts)."
            )
        )
