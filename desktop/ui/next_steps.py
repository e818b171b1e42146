"""'What to do next': the panel shown on the dashboard after the first-run assistant."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from desktop.i18n import _
from desktop.ui.help_viewer import show_guide


class NextStepsPanel(QFrame):
    """'What to do next', shown on the dashboard after the assistant; each step has a button that goes there."""

    def __init__(self, window, parent=None):
        super().__init__(parent)
        self.window_ = window
        self.setObjectName("nextSteps")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("QFrame#nextSteps { background: #eef5ef; border: 1px solid #3f7a52; border-radius: 4px; }")
        title = QLabel(_("What to do next"))
        title.setStyleSheet("font-weight: bold;")
        hide = QPushButton(_("Hide these tips"))
        hide.setObjectName("hideNextSteps")
        hide.clicked.connect(self.hide)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(hide)
        grid = QGridLayout()
        steps = [
            (
                _("Record an advert you found online: Online observations, then New (Ctrl+N)."),
                _("Observations"),
                lambda: window.show_page("observations"),
            ),
            (_("Record a seizure: Seizures, then New (Ctrl+N)."), _("Seizures"), lambda: window.show_page("seizures")),
            (
                _("Fill in the needs-assessment questionnaire, alone or at a workshop."),
                _("Questionnaires"),
                lambda: window.show_page("questionnaires"),
            ),
            (
                _("Send your records to the coordinator regularly: Sync, then Export."),
                _("Sync"),
                lambda: window.show_page("sync"),
            ),
            (
                _("Read the user guide: press F1 on any screen."),
                _("User guide"),
                lambda: show_guide(window, "getting-started"),
            ),
        ]
        for row, (text, button_text, action) in enumerate(steps):
            label = QLabel(f"{row + 1}. {text}")
            label.setWordWrap(True)
            button = QPushButton(button_text)
            button.setToolTip(text)
            button.clicked.connect(action)
            grid.addWidget(label, row, 0)
            grid.addWidget(button, row, 1)
        grid.setColumnStretch(0, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid)


def show_next_steps(window) -> NextStepsPanel:
    """Put the 'what to do next' panel at the top of the dashboard."""
    page = window.pages["dashboard"]
    panel = NextStepsPanel(window, page)
    page.layout().insertWidget(1, panel)
    window.show_page("dashboard")
    return panel
