"""XPath 1.0 values as the XLSForm engine uses them: ``str``, ``float``, ``bool``.

Answers are converted on the way in (:func:`from_python`); node-sets (the values
of a field over the instances of a repeat) are Python lists of such values.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal


def from_python(value):
    """Convert an answer (as stored) into an XPath value (str, float or bool)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal)):
        return float(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):  # an attached file: its name, as ODK stores it
        return str(value.get("filename", ""))
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return " ".join(str(v) for v in items)
    return str(value)


def to_number(value) -> float:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float):
        return value
    text = str(value).strip()
    body = text[1:] if text.startswith("-") else text
    if body and all(c.isdigit() and c.isascii() or c == "." for c in body) and body.count(".") <= 1 and body != ".":
        return float(text)
    return math.nan


def to_boolean(value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return not (value == 0 or math.isnan(value))
    return value != ""


def number_to_string(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == int(value):
        return str(int(value))
    text = repr(value)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f").rstrip("0").rstrip(".")
    return text


def to_string(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return number_to_string(value)
    return str(value)
