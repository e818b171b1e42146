#!/usr/bin/env python3
"""Render the app icon from its SVG source into the PNG, ICO and ICNS files that are committed.

    .venv/bin/python installer/make_icons.py

Source: ``desktop/resources/icons/pantau.svg``. Writes ``desktop/resources/icons/pantau.png``
(256 px, the window icon and the Linux desktop icon), ``installer/windows/pantau.ico`` and
``installer/macos/pantau.icns``. Needs Qt (offscreen) and Pillow; run it only when the SVG
changes — the build itself uses the committed files.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "desktop" / "resources" / "icons" / "pantau.svg"
PNG = ROOT / "desktop" / "resources" / "icons" / "pantau.png"
ICO = ROOT / "installer" / "windows" / "pantau.ico"
ICNS = ROOT / "installer" / "macos" / "pantau.icns"


def render(size: int) -> bytes:
    """The SVG drawn at ``size`` x ``size`` pixels, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(SVG)).render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - keeps Qt alive
    PNG.write_bytes(render(256))
    ICO.parent.mkdir(parents=True, exist_ok=True)
    ICNS.parent.mkdir(parents=True, exist_ok=True)
    big = Image.open(io.BytesIO(render(1024))).convert("RGBA")
    big.resize((256, 256), Image.LANCZOS).save(ICO, sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    big.save(ICNS)
    for path in (PNG, ICO, ICNS):
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
