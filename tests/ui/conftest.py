from __future__ import annotations

import pytest

from desktop.app_context import AppContext


@pytest.fixture
def app_context(home, settings):
    settings.save(home.ensure().settings_path)
    ctx = AppContext.create(home=str(home.root))
    yield ctx
    ctx.close()


@pytest.fixture
def main_window(qtbot, app_context):
    from desktop.ui.app import application, create_main_window

    application()
    window = create_main_window(app_context)
    qtbot.addWidget(window)
    window.show()
    return window
