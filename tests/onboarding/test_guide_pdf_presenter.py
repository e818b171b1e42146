"""Help → user guide → "Save as PDF…" writes the guide off the GUI thread, shown in the one presenter of
slow work (progress bar, Cancel); Esc cancels it and no file is left."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from desktop.ui.help_viewer import HelpViewer
from desktop.ui.operations import OperationRunner


def test_saving_the_guide_shows_in_the_presenter_and_esc_cancels(qtbot, tmp_path):
    window = QWidget()
    window.runner = OperationRunner(window)
    qtbot.addWidget(window)
    viewer = HelpViewer(window)
    viewer.show()
    qtbot.waitExposed(viewer)
    target = tmp_path / "guide.pdf"

    def answer():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, answer)
            return
        dialog.selectFile(str(target))
        dialog.accept()

    QTimer.singleShot(0, answer)
    with qtbot.waitSignal(viewer.panel.ended, timeout=30000) as blocker:
        viewer.save_pdf()
        assert viewer.panel.progress.isVisible() and viewer.panel.cancel_button.isVisible()
        assert viewer.panel.message.text() == "Writing the user guide"
        viewer.activateWindow()
        qtbot.waitUntil(viewer.isActiveWindow, timeout=5000)
        qtbot.keyClick(viewer.browser, Qt.Key.Key_Escape)
    assert blocker.args[0] == "Cancelled."
    assert viewer.isVisible()  # Esc cancelled the job; it did not close the guide
    assert not viewer.panel.progress.isVisible()
    window.runner.wait_all()
    assert list(tmp_path.iterdir()) == []  # neither the PDF nor its .part
