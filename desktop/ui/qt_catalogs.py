"""Qt's own texts in the officer's language: file dialogs ("Look in", "File name", "Open",
"Cancel", the "Date Modified" column…), standard buttons, the Cut/Copy/Paste menu of text fields
and the wizard's Back/Next/Finish. Qt ships no Indonesian or Malay catalog, so Pantau compiles its
own (i18n/qt/qtbase_<lang>.ts, see scripts/catalogs.py) and installs it at start and whenever the
language changes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

QT_CATALOGS = Path(__file__).resolve().parent.parent / "locale" / "qt"
OBJECT_NAME = "pantauQtCatalog"


def install_qt_catalog(lang: str) -> bool:
    """Use Qt's texts in ``lang`` from now on (English: Qt's own); True when a catalog was loaded."""
    app = QCoreApplication.instance()
    if app is None:
        return False
    for old in app.findChildren(QTranslator, OBJECT_NAME):
        QCoreApplication.removeTranslator(old)
        old.deleteLater()
    path = QT_CATALOGS / f"qtbase_{lang}.qm"
    if lang == "en" or not path.is_file():
        return False
    translator = QTranslator(app)
    translator.setObjectName(OBJECT_NAME)
    if not translator.load(str(path)):
        return False
    return QCoreApplication.installTranslator(translator)
