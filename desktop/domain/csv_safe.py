"""CSV cells that a spreadsheet cannot run as formulas (CSV injection).

OWASP's rule: a text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is written with a leading apostrophe, so Excel, LibreOffice and
Google Sheets show it as text instead of evaluating it (``=HYPERLINK(...)`` in a
seller's name would otherwise become a live link or a command). Numbers are
written as they are. Every CSV Pantau writes passes its cells through
:func:`safe_cell`; a reader of Pantau's own CSV undoes it with :func:`unsafe_cell`.
"""

from __future__ import annotations

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def safe_cell(value):
    """``value`` for a CSV cell: None as empty, text that starts like a formula behind an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return QUOTE + value
    return value


def unsafe_cell(text: str) -> str:
    """The original text of a cell written by :func:`safe_cell` (for reading Pantau's CSV back)."""
    if text.startswith(QUOTE) and text[1:2] and text[1:].startswith(TRIGGERS):
        return text[1:]
    return text
