"""Looking at a screen like a reviewer: every text a widget tree shows (labels, buttons, group
titles, headers, combo items, placeholders, tooltips, tabs, window titles, menus), English that
should have been translated, and labels or buttons whose text does not fit."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QRadioButton,
    QStyle,
    QTableView,
    QTabWidget,
    QWidget,
)

from desktop.i18n import translator
from desktop.reference.translated_names import LIST_LABELS, MARKED

ROOT = Path(__file__).resolve().parents[2]
# Words that are the same in English, Indonesian and Malay, or names: never a missed translation.
SAME_IN_EVERY_LANGUAGE = {"OK", "CSV", "PDF", "Pantau", "Email", "WhatsApp", "Telegram", "Instagram", "Facebook"}


@lru_cache(maxsize=1)
def english_sources() -> frozenset[str]:
    """Every message Pantau translates (the catalog template plus the reference names)."""
    with open(ROOT / "i18n" / "messages.pot", "rb") as fh:
        ids = {m.id for m in read_po(fh) if isinstance(m.id, str) and m.id}
    ids |= set(MARKED) | {text for pair in LIST_LABELS.values() for text in pair}
    return frozenset(ids)


def _clean(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def texts_of(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every visible text under ``root``."""
    out: list[tuple[str, str]] = []
    widgets = [root] + [w for w in root.findChildren(QWidget) if w.isVisibleTo(root)]
    for w in widgets:
        where = f"{type(w).__name__}#{w.objectName()}"
        if w.isWindow() and w.windowTitle():
            out.append((where + " title", w.windowTitle()))
        if w.toolTip():
            out.append((where + " tooltip", w.toolTip()))
        if isinstance(w, QLabel):
            out.append((where, w.text()))
        elif isinstance(w, QAbstractButton):
            out.append((where, w.text()))
        elif isinstance(w, QGroupBox):
            out.append((where, w.title()))
        elif isinstance(w, QLineEdit):
            out.append((where + " placeholder", w.placeholderText()))
        elif isinstance(w, QComboBox):
            out += [(where + " item", w.itemText(i)) for i in range(w.count())]
        elif isinstance(w, QTabWidget):
            out += [(where + " tab", w.tabText(i)) for i in range(w.count())]
        elif isinstance(w, QTableView) and w.model() is not None:
            model = w.model()
            for section in range(w.horizontalHeader().count()):
                header = model.headerData(section, Qt.Orientation.Horizontal)
                if isinstance(header, str):
                    out.append((where + " header", header))
        if isinstance(w, QMainWindow) and w.menuBar() is not None:
            for action in w.menuBar().actions():
                out.append((where + " menu", action.text()))
                if action.menu() is not None:
                    out += [(where + " menu", a.text()) for a in action.menu().actions() if a.text()]
    return [(where, text) for where, text in out if text and text.strip()]


def untranslated(root: QWidget, lang: str) -> list[str]:
    """Texts still in English although Pantau has a translation for them in ``lang``."""
    sources, tr = english_sources(), translator(lang)
    found = []
    for where, text in texts_of(root):
        for candidate in {text, _clean(text), _clean(text).rstrip(":")}:
            if candidate in sources and candidate not in SAME_IN_EVERY_LANGUAGE and tr(candidate) != candidate:
                found.append(f"{where}: {text!r}")
                break
    return found


def cut_texts(root: QWidget) -> list[str]:
    """Labels and buttons whose text is wider than the widget (cut or elided)."""
    found = []
    for w in [root] + root.findChildren(QWidget):
        if not w.isVisibleTo(root) or w.width() <= 0:
            continue
        if isinstance(w, QLabel) and not w.wordWrap() and w.text() and w.pixmap().isNull():
            if w.sizeHint().width() > w.width() + 2:
                found.append(f"QLabel#{w.objectName()} {w.text()!r}: needs {w.sizeHint().width()} px, has {w.width()}")
        elif isinstance(w, QAbstractButton) and w.text():
            # the text itself (a style's minimum button width is not a cut)
            needed = w.fontMetrics().horizontalAdvance(_clean(w.text()))
            if isinstance(w, (QCheckBox, QRadioButton)):
                style = w.style()
                needed += style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth)
                needed += style.pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing)
            else:
                needed += 8
            if not w.icon().isNull():
                needed += w.iconSize().width() + 4
            if needed > w.width() + 2:
                found.append(f"{type(w).__name__}#{w.objectName()} {w.text()!r}: needs {needed} px, has {w.width()}")
    return found
