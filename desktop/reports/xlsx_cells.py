"""Typed cells for XLSX exports, so that a spreadsheet can sum, sort and filter them.

Amounts and quantities become numbers (amounts shown with their currency's decimals), days become
date cells, yes/no columns booleans, counters integers; everything
else stays text. A value that does not parse stays the text it was, so nothing is lost.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from openpyxl.cell import WriteOnlyCell

MONEY_COLUMNS = {"price": "currency", "estimated_value": "currency", "usd_value": None}
NUMBER_COLUMNS = frozenset({"quantity"})
INTEGER_COLUMNS = frozenset({"revision", "line_no", "suspects_count"})
DATE_COLUMNS = frozenset(
    {"observed_at", "seizure_date", "reported_on", "followup_due", "followup_checked_on", "session_date"}
)
# created_at and updated_at stay ISO text: they name a revision to the microsecond, which a spreadsheet's
# date-time (a fraction of a day) cannot hold exactly.
TIMESTAMP_COLUMNS: frozenset[str] = frozenset()
BOOLEAN_COLUMNS = frozenset({"reported", "removed", "account_locked"})
DATE_FORMAT = "yyyy-mm-dd"
TIMESTAMP_FORMAT = "yyyy-mm-dd hh:mm:ss"


def money_format(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def _number(value):
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite():
        return None
    return int(number) if number == number.to_integral_value() and abs(number) < 2**53 else float(number)


def _day(value):
    try:
        return dt.date.fromisoformat(str(value)) if len(str(value)) == 10 else None
    except ValueError:
        return None


def _timestamp(value):
    try:
        stamp = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp.astimezone(dt.timezone.utc).replace(tzinfo=None) if stamp.tzinfo else stamp


def _boolean(value):
    text = str(value).strip().lower()
    return {"true": True, "false": False, "1": True, "0": False}.get(text) if not isinstance(value, bool) else value


class RowTyper:
    """Turns export rows (dicts of text) into a list of cells for one write-only sheet."""

    def __init__(self, sheet, columns, decimals: dict[str, int]):
        self.sheet = sheet
        self.columns = list(columns)
        self.decimals = decimals

    def _cell(self, value, number_format: str):
        cell = WriteOnlyCell(self.sheet, value=value)
        cell.number_format = number_format
        return cell

    def typed(self, name: str, value, row: dict):
        """The typed cell for ``value`` of column ``name``; None when it stays text."""
        if value in ("", None):
            return None
        if name in MONEY_COLUMNS:
            number = _number(value)
            if number is None:
                return None
            currency_column = MONEY_COLUMNS[name]
            places = self.decimals.get(row.get(currency_column) or "", 2) if currency_column else 2
            return self._cell(number, money_format(places))
        if name in NUMBER_COLUMNS or name in INTEGER_COLUMNS:
            number = _number(value)
            return None if number is None else self._cell(number, "General" if name in NUMBER_COLUMNS else "0")
        if name in DATE_COLUMNS:
            day = _day(value)
            return None if day is None else self._cell(day, DATE_FORMAT)
        if name in TIMESTAMP_COLUMNS:
            stamp = _timestamp(value)
            return None if stamp is None else self._cell(stamp, TIMESTAMP_FORMAT)
        if name in BOOLEAN_COLUMNS:
            flag = _boolean(value)
            return None if flag is None else flag
        return None

    def cells(self, row: dict, text_cell) -> list:
        out = []
        for name in self.columns:
            value = row.get(name, "")
            cell = self.typed(name, value, row)
            out.append(text_cell(self.sheet, value) if cell is None else cell)
        return out
