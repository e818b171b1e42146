"""The list of responses as a Qt table model: the rows are plain Python lists, so filling the
list is one model reset whatever the number of responses (no per-cell widget calls). Columns
that are slow to format (dates) are formatted only when shown, once."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from desktop.i18n import N_, _

# Respondent codes that are not choices of the response's form (older forms, the training
# sandbox's demo responses): shown as words, never as the stored code.
RESPONDENT_CODE_LABELS = {
    "police": N_("Police"),
    "customs": N_("Customs"),
    "forestry": N_("Forestry"),
    "wildlife": N_("Wildlife authority"),
    "prosecution": N_("Prosecution"),
    "judiciary": N_("Judiciary"),
    "aviation_security": N_("Aviation security"),
    "fisheries": N_("Fisheries"),
    "ngo": N_("NGO"),
    "other": N_("Other"),
    "junior": N_("Junior"),
    "middle": N_("Middle"),
    "mid": N_("Middle"),
    "senior": N_("Senior"),
}


def respondent_code_label(value: str) -> str:
    """A respondent code as a word in the current language ('forestry' → 'Forestry'), else the code."""
    return _(RESPONDENT_CODE_LABELS[value]) if value in RESPONDENT_CODE_LABELS else value


class ResponsesModel(QAbstractTableModel):
    def __init__(self, headers: list[str], formatters: dict | None = None, parent=None):
        super().__init__(parent)
        self.headers = headers
        self.formatters = formatters or {}  # column -> function(raw value) -> text
        self.values: list[list[str]] = []
        self.ids: list[str] = []
        self._formatted: dict[tuple[int, int], str] = {}

    def set_rows(self, ids: list[str], values: list[list[str]]) -> None:
        self.beginResetModel()
        self.ids, self.values = list(ids), [list(v) for v in values]
        self._formatted = {}
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.values)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(index.row(), index.column())
        if role == Qt.ItemDataRole.UserRole:
            return self.ids[index.row()]
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt API
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def text(self, row: int, column: int) -> str:
        value = self.values[row][column]
        if column not in self.formatters:
            return value
        key = (row, column)
        if key not in self._formatted:
            self._formatted[key] = self.formatters[column](value)
        return self._formatted[key]
