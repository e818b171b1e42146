"""Number and money entry in the user's locale ("150.000" in Bahasa Indonesia, "150,000" in English).

The value is kept as an exact decimal string ("150000"); text that does not
parse is kept as typed so the validator can say what is wrong next to the field.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from desktop.i18n import _, format_date, format_number, parse_decimal
from desktop.ui.widgets.choices import ChoiceCombo, currency_items


def canonical_decimal(value: Decimal) -> str:
    """The exact decimal as plain text, never in exponent form."""
    text = format(value, "f")
    return "0" if text in ("-0", "") else text


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def display_decimal(text: str) -> str:
    """``text`` (an exact decimal string) shown in the current locale, keeping every decimal place."""
    if not text:
        return ""
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        return text
    if not value.is_finite():
        return text
    return format_number(value, decimals=_places(value))


class DecimalEdit(QLineEdit):
    """A line edit for an exact decimal typed in the current locale."""

    committed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._loaded = ("", "")  # (shown text, exact value) as last set
        self.editingFinished.connect(self._reformat)

    def set_value(self, text: str) -> None:
        shown = display_decimal(text or "")
        self._loaded = (shown, text or "")
        self.setText(shown)

    def value(self) -> str:
        """The exact decimal string, "" when empty, or the raw text when it is not a number."""
        raw = self.text().strip()
        if raw == self._loaded[0]:
            return self._loaded[1]
        if not raw:
            return ""
        try:
            return canonical_decimal(parse_decimal(raw))
        except ValueError:
            return raw

    def parse_error(self) -> str:
        raw = self.text().strip()
        if not raw:
            return ""
        try:
            parse_decimal(raw)
        except ValueError as exc:
            return str(exc)
        return ""

    def _reformat(self) -> None:
        value = self.value()
        if value and not self.parse_error():
            shown = display_decimal(value)
            if shown != self.text():
                self._loaded = (shown, value)
                self.setText(shown)
        self.committed.emit()


class MoneyEdit(QWidget):
    """Amount, currency and (when the rate table knows the currency) the value in US dollars."""

    def __init__(self, ref, parent=None):
        super().__init__(parent)
        self.amount = DecimalEdit()
        self.amount.setMinimumWidth(140)
        self.currency = ChoiceCombo(currency_items(ref), _("— currency —"))
        self.currency.setAccessibleName(_("Currency"))
        self.usd_label = QLabel()
        self.usd_label.setObjectName("usdValue")
        self.usd_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.usd_label.setWordWrap(True)
        self.usd_label.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.amount, 2)
        layout.addWidget(self.currency, 2)
        layout.addWidget(self.usd_label, 3)

    def update_usd(self, rates, day: str) -> None:
        """Show the amount in US dollars from the dated rate table, or why it cannot be shown."""
        amount, currency = self.amount.value(), self.currency.value()
        self.usd_label.setText("")
        self.usd_label.hide()
        if not amount or not currency or self.amount.parse_error() or rates is None:
            return
        value = rates.usd_value(amount, currency, day)
        if value is None:
            if not rates.rates():  # the rate table is not in use: say nothing
                return
            self.usd_label.setText(
                _("No USD rate for {currency} on this date (add one in Settings).").format(currency=currency)
            )
        elif value.rate is None:
            return
        else:
            self.usd_label.setText(
                _("≈ USD {amount} (rate from {date})").format(
                    amount=format_number(value.amount, decimals=2),
                    date=format_date(dt.date.fromisoformat(value.rate.valid_from)),
                )
            )
        self.usd_label.show()
