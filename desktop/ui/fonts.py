"""Registers the shipped fonts so screens look the same on any machine: DejaVu Sans for text and
Noto Color Emoji (OFL, ~11 MB) for the emoji in adverts, seller names and notes (🐦🦜🦧), so an officer's
laptop without an emoji font shows them instead of empty boxes."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

from desktop.paths import resource_path

FAMILY = "DejaVu Sans"
EMOJI_FILE = "NotoColorEmoji.ttf"
EMOJI_FAMILY = "Noto Color Emoji"
# After the shipped emoji font, the operating system's own (Windows, macOS) before Qt's last fallback.
EMOJI_FALLBACKS = ("Segoe UI Emoji", "Segoe UI Symbol", "Apple Color Emoji", "Noto Emoji")


_ADDED: dict[str, list[str]] = {}  # file -> its families: each file is read once per process


def _add(name: str) -> list[str]:
    if name not in _ADDED:
        font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", name)))
        _ADDED[name] = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return _ADDED[name]


def register_emoji_font() -> str | None:
    """The shipped emoji font's family, registered for emoji sequences too; None if it cannot load."""
    families = _add(EMOJI_FILE)
    if not families:
        return None
    if families[0] not in QFontDatabase.applicationEmojiFontFamilies():
        QFontDatabase.addApplicationEmojiFontFamily(families[0])
    return families[0]


def register_fonts(app, point_size: float | None = None) -> str:
    family = FAMILY
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        families = _add(name)
        if families:
            family = families[0]
    emoji = register_emoji_font()
    font = QFont(family)
    font.setFamilies([family, *([emoji] if emoji else []), *EMOJI_FALLBACKS])
    font.setPointSizeF(point_size or 10)
    app.setFont(font)
    return family
