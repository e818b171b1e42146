"""Emoji in seller names and notes are drawn with the shipped Noto Color Emoji, not as empty boxes,
also on a laptop without an emoji font of its own (this test machine has none)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtGui import QColor, QFontDatabase, QFontMetrics, QRawFont  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel  # noqa: E402

from desktop.paths import resource_path  # noqa: E402
from desktop.ui import fonts  # noqa: E402

EMOJI = "🦜🦧🐍"  # parrot and orangutan came with Unicode 11 and 12: fonts that stop at 9 lack them


def _coloured_pixels(label: QLabel) -> int:
    image = label.grab().toImage()
    return sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if QColor(image.pixel(x, y)).hsvSaturation() > 80
    )


def test_seller_name_with_emoji_is_drawn_in_colour_with_the_shipped_font(qtbot, tmp_path):
    app = QApplication.instance()
    fonts.register_fonts(app, 10)
    assert fonts.EMOJI_FAMILY in app.font().families()
    assert fonts.EMOJI_FAMILY in QFontDatabase.applicationEmojiFontFamilies()
    raw = QRawFont(str(resource_path("fonts", fonts.EMOJI_FILE)), 24)
    assert all(raw.supportsCharacter(ord(ch)) for ch in EMOJI)
    assert all(QFontMetrics(fonts.EMOJI_FAMILY).inFontUcs4(ord(ch)) for ch in EMOJI)

    label = QLabel(f"Penjual: Burung Kicau {EMOJI}")
    font = label.font()
    font.setPointSize(28)
    label.setFont(font)
    qtbot.addWidget(label)
    label.show()
    label.grab().save(str(tmp_path / "emoji.png"))
    plain = QLabel("Penjual: Burung Kicau")
    plain.setFont(font)
    qtbot.addWidget(plain)
    assert _coloured_pixels(plain) == 0  # black text on a grey window has no colour
    assert _coloured_pixels(label) > 100  # the three emoji are drawn, each in colour, not as boxes
