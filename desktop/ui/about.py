"""The About box (Help → About Pantau): version, data folder, licence and component versions."""

from __future__ import annotations

import platform
from html import escape

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop import APP_NAME, __version__
from desktop.i18n import _
from desktop.paths import PORTABLE_MARKER, Home, executable_dir


def about_html(home: Home) -> str:
    exe = executable_dir()
    portable = exe is not None and (exe / PORTABLE_MARKER).exists()
    folder = _("Data folder: {path}").format(path=home.root)
    if portable:
        folder = _("Data folder (portable copy): {path}").format(path=home.root)
    lines = [
        f"<h3>{escape(APP_NAME)} {escape(__version__)}</h3>",
        escape(_("Offline records of the online wildlife trade, seizures and questionnaires.")),
        escape(folder),
        escape(_("Licence: GNU General Public License, version 3 or later. Fonts: DejaVu.")),
        escape(
            _("Built with Python {python}, Qt {qt} and PySide6 {pyside}.").format(
                python=platform.python_version(), qt=qVersion(), pyside=PySide6.__version__
            )
        ),
    ]
    return "<p>".join(lines)


def show_about(parent: QWidget, home: Home) -> None:
    QMessageBox.about(parent, _("About {app}").format(app=APP_NAME), about_html(home))
