"""A table model that reads records page by page from SQLite.

``rowCount`` is the SQL count for the current filter; rows are fetched in
pages of ``PAGE_SIZE`` when the view asks for them and a few pages are kept
in memory, so a list of a million records opens without loading them.
"""

from __future__ import annotations

from collections import OrderedDict
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from desktop.domain.filters import RecordFilter
from desktop.i18n import N_, _, format_date, format_money, format_number, translated
from desktop.reference.translated_names import local_name

PAGE_SIZE = 200
CACHED_PAGES = 12

COLUMNS = {
    "observation": [
        ("observed_at", N_("Date")),
        ("platform", N_("Platform")),
        ("country", N_("Country")),
        ("seller_handle", N_("Seller")),
        ("species_names", N_("Species")),
        ("quantity", N_("Quantity")),
        ("price", N_("Price")),
        ("reported", N_("Reported")),
        ("removed", N_("Removed")),
    ],
    "seizure": [
        ("seizure_date", N_("Date")),
        ("country", N_("Country")),
        ("subdivision", N_("Province/state")),
        ("case_reference", N_("Case reference")),
        ("species_names", N_("Species")),
        ("quantity", N_("Quantity")),
        ("estimated_value", N_("Estimated value")),
        ("legal_status", N_("Legal status")),
    ],
    "response": [
        ("updated_at", N_("Updated")),
        ("form_id", N_("Form")),
        ("respondent_country", N_("Country")),
        ("respondent_agency", N_("Agency")),
        ("respondent_role", N_("Role")),
        ("status", N_("Status")),
    ],
}
LEGAL_STATUS_LABELS = {
    "investigation": N_("Under investigation"),
    "charged": N_("Charged"),
    "convicted": N_("Convicted"),
    "released": N_("Released"),
}
RESPONSE_STATUS_LABELS = {"draft": N_("Draft"), "complete": N_("Complete")}


def _date(text: str) -> str:
    import datetime as dt

    try:
        return format_date(dt.date.fromisoformat(str(text)[:10]))
    except (TypeError, ValueError):
        return str(text or "")


class RecordTableModel(QAbstractTableModel):
    RecordIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, store, kind: str, parent=None):
        super().__init__(parent)
        self.store = store
        self.filter = RecordFilter(kind=kind)
        self.columns = COLUMNS[kind]
        self._count = 0
        self._pages: OrderedDict[int, list[dict]] = OrderedDict()
        self._labels = None  # reference names in the current language, for units
        self.refresh()

    # -- data loading --------------------------------------------------------
    def set_filter(self, flt: RecordFilter) -> None:
        self.filter = flt
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self._pages.clear()
        self._count = self.store.count(self.filter)
        self.endResetModel()

    def total(self) -> int:
        return self._count

    def _row(self, row: int) -> dict | None:
        number = row // PAGE_SIZE
        page = self._pages.get(number)
        if page is None:
            page = self.store.page(self.filter, number * PAGE_SIZE, PAGE_SIZE)
            self._pages[number] = page
            while len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        index = row % PAGE_SIZE
        return page[index] if index < len(page) else None

    def record_id(self, row: int) -> str | None:
        data = self._row(row)
        return data["id"] if data else None

    # -- Qt model API --------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt API
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(self.columns[section][1])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._row(index.row())
        if row is None:
            return None
        if role == self.RecordIdRole:
            return row["id"]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, self.columns[index.column()][0])
        if role == Qt.ItemDataRole.TextAlignmentRole and self.columns[index.column()][0] in (
            "quantity",
            "price",
            "estimated_value",
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def display(self, row: dict, column: str) -> str:
        value = row.get(column)
        if column in ("observed_at", "seizure_date", "updated_at"):
            return _date(value)
        if column in ("reported", "removed"):
            return _("Yes") if value else _("No")
        if column == "platform":
            platform = next((p for p in self.store.ref.platforms if p.id == value), None)
            return local_name(platform.name) if platform else str(value or "")
        if column in ("price", "estimated_value"):
            try:
                return format_money(Decimal(value), row.get("currency") or "USD") if value else ""
            except (InvalidOperation, ValueError):
                return str(value)
        if column == "quantity":
            return self._quantity(row)
        if column == "legal_status":
            return translated(LEGAL_STATUS_LABELS.get(value, value or ""))
        if column == "status":
            return translated(RESPONSE_STATUS_LABELS.get(value, value or ""))
        return "" if value is None else str(value)

    def _quantity(self, row: dict) -> str:
        """'12 kilograms', '3 specimens + 2 kilograms': each unit summed on its own, never a bare sum."""
        value = row.get("quantity")
        lines = row.get("quantity_lines") or ""
        if value is None:
            return ""
        totals: dict[str, float] = {}
        for part in lines.split(";"):
            amount, _sep, unit = part.partition(" ")
            try:
                totals[unit.strip()] = totals.get(unit.strip(), 0.0) + float(amount)
            except ValueError:
                continue
        if not totals or (self.filter.kind == "observation" and set(totals) == {""}):
            return format_number(value)
        if self._labels is None:
            from desktop.reports.labels import RefLabels

            self._labels = RefLabels(self.store.ref)
        return " + ".join(
            "{quantity} {unit}".format(quantity=format_number(q), unit=self._labels.unit(u).lower())
            for u, q in totals.items()
        )

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        from dataclasses import replace

        name = self.columns[column][0]
        self.set_filter(replace(self.filter, sort=name, descending=order == Qt.SortOrder.DescendingOrder))
