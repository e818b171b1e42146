"""Qt's own dialogs and menus speak the officer's language: Pantau ships Indonesian and Malay
catalogs for the Qt texts its screens can show (Qt has none) and installs them with the language."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QHeaderView, QLabel, QLineEdit, QPlainTextEdit

from desktop.ui.qt_catalogs import QT_CATALOGS

EXPECTED = {
    "id": {
        "lookInLabel": "&Cari di:",
        "fileNameLabel": "&Nama berkas:",
        "fileTypeLabel": "&Jenis berkas:",
        "open": "&Buka",
        "cancel": "Batal",
        "headers": ["Nama", "Ukuran", "Jenis", "Tanggal Diubah"],
        "menu": ["&Urungkan", "&Ulangi", "&Potong", "&Salin", "&Tempel", "Hapus", "Pilih Semua"],
    },
    "ms": {
        "lookInLabel": "&Cari dalam:",
        "fileNameLabel": "&Nama fail:",
        "fileTypeLabel": "&Jenis fail:",
        "open": "&Buka",
        "cancel": "Batal",
        "headers": ["Nama", "Saiz", "Jenis", "Tarikh Diubah Suai"],
        "menu": ["&Buat Asal", "&Buat Semula", "&Potong", "&Salin", "&Tampal", "Padam", "Pilih Semua"],
    },
}


def _file_dialog_texts(parent, qtbot):
    dialog = QFileDialog(parent, "", str(QT_CATALOGS))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.show()
    qtbot.waitExposed(dialog)
    labels = {name: dialog.findChild(QLabel, name).text() for name in ("lookInLabel", "fileNameLabel", "fileTypeLabel")}
    box = dialog.findChild(QDialogButtonBox)
    labels["open"] = box.button(QDialogButtonBox.StandardButton.Open).text()
    labels["cancel"] = box.button(QDialogButtonBox.StandardButton.Cancel).text()
    header = next(h for h in dialog.findChildren(QHeaderView) if h.model() is not None and h.count() >= 4)
    labels["headers"] = [header.model().headerData(i, header.orientation()) for i in range(4)]
    dialog.close()
    dialog.deleteLater()
    return labels


def _menu(widget) -> list[str]:
    menu = widget.createStandardContextMenu()
    texts = [a.text().split("\t")[0] for a in menu.actions() if a.text()]
    menu.deleteLater()
    return texts


@pytest.mark.parametrize("lang", ["id", "ms"])
def test_file_dialogs_and_context_menus_follow_the_language(main_window, qtbot, lang):
    if not (QT_CATALOGS / f"qtbase_{lang}.qm").is_file():
        pytest.skip("Qt catalogs not compiled: run scripts/catalogs.py compile")
    main_window.change_language(lang)
    texts = _file_dialog_texts(main_window, qtbot)
    expected = EXPECTED[lang]
    for key in ("lookInLabel", "fileNameLabel", "fileTypeLabel", "open", "cancel", "headers"):
        assert texts[key] == expected[key], key
    for widget in (QLineEdit("x"), QPlainTextEdit("x")):
        menu = _menu(widget)
        assert all(word in menu for word in expected["menu"]), menu
    main_window.change_language("en")
    texts = _file_dialog_texts(main_window, qtbot)
    assert texts["lookInLabel"] == "&Look in:" and texts["cancel"] == "Cancel"
    assert "Date Modified" in texts["headers"]
