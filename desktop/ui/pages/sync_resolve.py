"""The Sync page's conflict dialog: field by field, keep the current value or take the other version's."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout

from desktop.i18n import _


class ResolveDialog(QDialog):
    """Field by field: tick a field to take the other version's value."""

    def __init__(self, differences, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Resolve conflict"))
        self.boxes: dict[str, QCheckBox] = {}
        form = QFormLayout()
        for diff in differences:
            current = json.dumps(diff.current, ensure_ascii=False)
            other = json.dumps(diff.other, ensure_ascii=False)
            box = QCheckBox(_("Take the other version: {other}").format(other=other))
            box.setAccessibleName(diff.field)
            self.boxes[diff.field] = box
            form.addRow(QLabel(_("{field}: kept {current}").format(field=diff.field, current=current)))
            form.addRow(box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def taken(self) -> list[str]:
        return [name for name, box in self.boxes.items() if box.isChecked()]
