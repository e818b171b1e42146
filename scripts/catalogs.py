#!/usr/bin/env python3
"""Translation catalogs with Babel's pybabel: extract, update, compile, check.

    python scripts/catalogs.py extract   # i18n/messages.pot from the sources
    python scripts/catalogs.py update    # merge the .pot into i18n/<lang>/LC_MESSAGES/messages.po
    python scripts/catalogs.py compile   # .po -> desktop/locale/<lang>/LC_MESSAGES/messages.mo
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "i18n"
LOCALE = ROOT / "desktop" / "locale"
LANGS = ("en", "id", "ms")


def pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)


def extract() -> None:
    pybabel("extract", "-F", str(I18N / "babel.cfg"), "-k", "_", "-k", "N_", "-k", "ngettext:1,2",
            "--no-location", "--sort-output", "--project", "Pantau", "--copyright-holder", "Pantau",
            "-o", str(I18N / "messages.pot"), "desktop")


def update() -> None:
    for lang in LANGS:
        po = I18N / lang / "LC_MESSAGES" / "messages.po"
        if po.exists():
            pybabel("update", "-i", str(I18N / "messages.pot"), "-o", str(po), "-l", lang, "--no-fuzzy-matching",
                    "--ignore-obsolete")
        else:
            po.parent.mkdir(parents=True, exist_ok=True)
            pybabel("init", "-i", str(I18N / "messages.pot"), "-o", str(po), "-l", lang)


def compile_all() -> None:
    for lang in LANGS:
        po = I18N / lang / "LC_MESSAGES" / "messages.po"
        if not po.exists():
            continue
        out = LOCALE / lang / "LC_MESSAGES" / "messages.mo"
        out.parent.mkdir(parents=True, exist_ok=True)
        if out.exists() and out.stat().st_mtime >= po.stat().st_mtime:
            continue
        pybabel("compile", "-i", str(po), "-o", str(out), "-l", lang, "--use-fuzzy")


if __name__ == "__main__":
    {"extract": extract, "update": update, "compile": compile_all}[sys.argv[1]]()
