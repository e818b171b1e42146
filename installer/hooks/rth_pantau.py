"""Runtime hook of the frozen Pantau executable; runs before any Pantau or Qt code.

- Qt must use the plugins inside the bundle: PyInstaller's own hook sets QT_PLUGIN_PATH; a
  platform-plugin path inherited from the user's environment (another Qt installation) would
  load incompatible plugins, so it is dropped.
- ``--self-test`` never needs a screen: Qt's offscreen platform is used unless the user chose
  one, so the check also runs on a machine without a display (or over SSH).
- Wayland-only Linux sessions try Wayland first and fall back to X11 (XWayland).
- With no locale set at all (minimal systems, ``env -i``), Linux uses C.UTF-8, which Qt would
  switch to anyway after printing a warning.
Portable mode needs nothing here: ``desktop.paths.default_home`` looks for the
``pantau-portable`` marker beside ``sys.executable``.
"""

import os
import sys


def _pantau_rthook() -> None:
    os.environ.pop("QT_QPA_PLATFORM_PLUGIN_PATH", None)
    if sys.platform.startswith("linux") and not any(os.environ.get(v) for v in ("LC_ALL", "LC_CTYPE", "LANG")):
        os.environ["LC_CTYPE"] = "C.UTF-8"
    if os.environ.get("QT_QPA_PLATFORM"):
        return
    if "--self-test" in sys.argv[1:]:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    elif sys.platform.startswith("linux"):
        wayland, x11 = os.environ.get("WAYLAND_DISPLAY"), os.environ.get("DISPLAY")
        if wayland and not x11:
            os.environ["QT_QPA_PLATFORM"] = "wayland;xcb"


_pantau_rthook()
del _pantau_rthook
