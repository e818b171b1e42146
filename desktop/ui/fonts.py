"""Registers the shipped DejaVu fonts so screens look the same on any machine."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

from desktop.paths import resource_path

FAMILY = "DejaVu Sans"
# Emoji in adverts and seller names (🐦🔥): DejaVu has few of them, so the operating system's emoji
# font is asked next (Windows, macOS, Linux) before Qt's own fallback, instead of an empty box.
EMOJI_FALLBACKS = ("Segoe UI Emoji", "Segoe UI Symbol", "Apple Color Emoji", "Noto Color Emoji", "Noto Emoji")


def register_fonts(app, point_size: float | None = None) -> str:
    family = FAMILY
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", name)))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families:
            family = families[0]
    font = QFont(family)
    font.setFamilies([family, *EMOJI_FALLBACKS])
    font.setPointSizeF(point_size or 10)
    app.setFont(font)
    return family
