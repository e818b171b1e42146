"""On screen: the training banner on every page, reset from the window, F1 and the guide viewer, the
text size, visible keyboard focus and tooltips on icon-only buttons."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QTextDocument
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit

from desktop.app_context import AppContext
from desktop.domain.records import Observation, SpeciesLine
from desktop.i18n import _
from desktop.sandbox import DEMO_RECORDS
from desktop.settings import Settings
from desktop.store import ListFilter
from desktop.training import export_note
from desktop.ui.app import BASE_POINT_SIZE, application, apply_text_size, create_main_window
from desktop.ui.training_banner import TrainingBanner, reset_in_window


def open_window(qtbot, home_root, training=False):
    application()
    context = AppContext.create(home=str(home_root), training=training)
    window = create_main_window(context)
    qtbot.addWidget(window)
    window.show()
    return context, window


def wait_idle(qtbot, window):
    qtbot.waitUntil(lambda: not window.runner.running(), timeout=20000)


def test_banner_on_every_screen_of_the_sandbox_and_only_there(qtbot, base_home, tmp_path):
    context, window = open_window(qtbot, base_home.root, training=True)
    try:
        banner = window.findChild(TrainingBanner)
        assert banner is not None and export_note() in banner.title.text()
        for key in ("dashboard", "observations", "seizures", "sync", "reports", "settings"):
            window.show_page(key)
            assert banner.isVisible(), key
        window.change_language("id")  # rebuilt: still there, in the new language
        banner = window.training_banner
        qtbot.waitUntil(banner.isVisible)  # shown by Qt's layout on the next event loop turn
        assert banner.window() is window and export_note() in banner.title.text()
        window.change_language("en")
        assert window.pages["settings"].findChild(QAbstractButton, "settingsTrainingReset") is not None
        wait_idle(qtbot, window)
    finally:
        window.close()
        context.close()
    real_context, real = open_window(qtbot, tmp_path / "real")
    try:
        assert real.findChild(TrainingBanner) is None
        assert real.pages["settings"].findChild(QAbstractButton, "settingsTrainingReset") is None
        assert real.menuBar().findChild(QAction, "actionOpenTraining") is not None
        wait_idle(qtbot, real)
    finally:
        real.close()
        real_context.close()


def test_reset_from_the_window(qtbot, base_home):
    context, window = open_window(qtbot, base_home.root, training=True)
    try:
        wait_idle(qtbot, window)
        window.store.save(
            Observation(
                observed_at="2026-01-02",
                platform="facebook",
                country="ID",
                url="https://www.facebook.com/groups/x/posts/1",
                seller_handle="a",
                species=[SpeciesLine(species_id="manis-javanica", quantity="1")],
                price="100000",
                currency="IDR",
            ),
            accept_warnings=True,
        )
        assert window.store.count(ListFilter(kind="observation")) > 0
        old_store = window.store
        window.show_page("observations")
        assert reset_in_window(window, confirm=False)
        assert window.store is not old_store and window.current_page_key() == "observations"
        total = sum(window.store.count(ListFilter(kind=k)) for k in ("observation", "seizure", "response"))
        assert total == DEMO_RECORDS
        qtbot.waitUntil(window.training_banner.isVisible)
        wait_idle(qtbot, window)
    finally:
        window.close()
        context.close()


def test_f1_opens_the_page_for_the_screen_with_pictures_and_links(qtbot, tmp_path):
    context, window = open_window(qtbot, tmp_path / "real")
    try:
        guide = window.menuBar().findChild(QAction, "actionUserGuide")
        assert guide is not None and guide.shortcut().toString() == "F1"
        window.show_page("observations")
        guide.trigger()
        viewer = window._guide_viewer
        assert viewer.current == "recording"
        window.show_page("sync")
        guide.trigger()
        assert viewer.current == "sync"
        viewer.open_page("getting-started")
        document = viewer.browser.document()
        assert "setup assistant" in document.toPlainText()
        image = document.resource(QTextDocument.ResourceType.ImageResource, QUrl("../images/en/setup-language.png"))
        assert image is not None and not image.isNull()
        viewer._link(QUrl("troubleshooting.md"))
        assert viewer.current == "troubleshooting"
        viewer.search.setText("E-1FE213")
        assert viewer.find_next()
        viewer.close()
        wait_idle(qtbot, window)
    finally:
        window.close()
        context.close()


def test_text_size_scales_the_whole_interface(qtbot, tmp_path):
    context, window = open_window(qtbot, tmp_path / "real")
    app = QApplication.instance()
    try:
        page = window.pages["settings"]
        page.text_size.setCurrentIndex(page.text_size.findData(150))
        assert app.font().pointSizeF() == BASE_POINT_SIZE * 1.5
        assert Settings.load(context.home.settings_path).extra["text_size"] == 150
        assert "font-size: 24.0pt" in app.styleSheet()  # page titles grow too
        window.change_language("en")  # rebuilt at the new size
        assert window.nav.width() >= window.nav.sizeHintForColumn(0)  # no page name is cut off
        wait_idle(qtbot, window)
    finally:
        apply_text_size(app, 100)
        window.close()
        context.close()


def test_keyboard_focus_is_visible_and_icon_buttons_have_tooltips(qtbot, tmp_path):
    context, window = open_window(qtbot, tmp_path / "real")
    try:
        style = QApplication.instance().styleSheet()
        for selector in ("QPushButton:focus", "QLineEdit:focus", "QComboBox:focus", "QCheckBox:focus"):
            assert selector in style
        window.pages["observations"].new_record()
        silent = []
        for key, page in window.pages.items():
            for button in page.findChildren(QAbstractButton):
                text = button.text().replace("&", "")
                if (
                    button.objectName().startswith("qt_")
                    or isinstance(button.parent(), QLineEdit)
                    or (not text and button.icon().isNull())
                ):
                    continue  # Qt's own corner and clear buttons; buttons not labelled until shown
                if not re.search(r"\w", text) and not button.toolTip() and not button.accessibleName():
                    silent.append(f"{key}: {button.objectName() or type(button).__name__} {text!r}")
        assert not silent, silent
        wait_idle(qtbot, window)
    finally:
        window.close()
        context.close()


def test_start_screen_offers_the_sandbox(qtbot, home):
    from desktop.security import home_lock
    from desktop.ui.security_dialogs import UnlockDialog

    application()
    home_lock.protect_new_home(home, "rusa timor berlari 2026")
    dialog = UnlockDialog(home, offer_training=True)
    qtbot.addWidget(dialog)
    button = dialog.findChild(QAbstractButton, "openTrainingSandbox")
    assert button.text() == _("Open the training sandbox instead")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert dialog.training_requested and dialog.result() == dialog.DialogCode.Accepted
