"""Keys a user expects to work everywhere: Esc closes the help window; the main window fits a
1366×768 laptop screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


def test_escape_closes_the_help_window(main_window, qtbot):
    qtbot.waitExposed(main_window)
    main_window.show_page("seizures")
    main_window.pages["seizures"].new_record()  # the form is open: its own Esc must not take the help window's
    for name in ("browser", "search", "topics"):
        main_window.activateWindow()
        qtbot.waitUntil(main_window.isActiveWindow)
        qtbot.keyClick(main_window, Qt.Key.Key_F1)
        viewer = main_window._guide_viewer
        qtbot.waitExposed(viewer)
        viewer.activateWindow()
        qtbot.waitUntil(viewer.isActiveWindow)
        widget = getattr(viewer, name)
        widget.setFocus()
        qtbot.waitUntil(widget.hasFocus)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
        assert not viewer.isVisible(), name
        main_window._guide_viewer = None  # a new window each time (offscreen re-activation is unreliable)
        viewer.deleteLater()


def test_the_main_window_opens_maximised_on_a_laptop_screen(qtbot, app_context):
    from desktop.ui.app import application, create_main_window, opens_maximised, show_main_window

    assert opens_maximised(1366, 728) and opens_maximised(1280, 800)
    assert not opens_maximised(1920, 1040)
    application()
    window = create_main_window(app_context)
    qtbot.addWidget(window)
    area = window.screen().availableGeometry()
    show_main_window(window)
    qtbot.waitExposed(window)
    assert window.isMaximized() == opens_maximised(area.width(), area.height())
    assert window.frameGeometry().height() <= area.height() or window.isMaximized()


def test_the_app_font_falls_back_to_the_systems_emoji_font(qtbot):
    from PySide6.QtWidgets import QApplication

    from desktop.ui.app import application, apply_text_size

    app = application()
    families = QApplication.font().families()
    assert families[0] == "DejaVu Sans" and "Segoe UI Emoji" in families and "Noto Color Emoji" in families
    apply_text_size(app, 150)
    try:
        assert "Noto Color Emoji" in QApplication.font().families()  # kept at every text size
    finally:
        apply_text_size(app, 100)
