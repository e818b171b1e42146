#!/usr/bin/env python3
"""Translation catalogs with Babel's pybabel: extract, update, compile, check.

python scripts/catalogs.py extract   # i18n/messages.pot from the sources
python scripts/catalogs.py update    # merge the .pot into i18n/<lang>/LC_MESSAGES/messages.po
python scripts/catalogs.py compile   # .po -> desktop/locale/<lang>/LC_MESSAGES/messages.mo, and
                                     # i18n/qt/qtbase_<lang>.ts -> desktop/locale/qt/qtbase_<lang>.qm (lrelease)
python scripts/catalogs.py untranslated id > todo.json   # what still needs translating
python scripts/catalogs.py merge done.json id            # take translations from JSON or .po
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
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT, stdout=subprocess.DEVNULL
    )


def extract() -> None:
    pybabel(
        "extract",
        "-F",
        str(I18N / "babel.cfg"),
        "-k",
        "_",
        "-k",
        "N_",
        "-k",
        "ngettext:1,2",
        "--no-location",
        "--sort-output",
        "--project",
        "Pantau",
        "--copyright-holder",
        "Pantau",
        "-o",
        str(I18N / "messages.pot"),
        "desktop",
    )


def update() -> None:
    for lang in LANGS:
        po = I18N / lang / "LC_MESSAGES" / "messages.po"
        if po.exists():
            pybabel(
                "update",
                "-i",
                str(I18N / "messages.pot"),
                "-o",
                str(po),
                "-l",
                lang,
                "--no-fuzzy-matching",
                "-w",
                "100",
                "--ignore-obsolete",
            )
        else:
            po.parent.mkdir(parents=True, exist_ok=True)
            pybabel("init", "-i", str(I18N / "messages.pot"), "-o", str(po), "-l", lang)


def fill_english() -> None:
    """The source language's catalog translates every message as itself."""
    from babel.messages.pofile import read_po, write_po

    po = I18N / "en" / "LC_MESSAGES" / "messages.po"
    with open(po, "rb") as fh:
        catalog = read_po(fh, locale="en")
    for message in catalog:
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        if message.id and not all(strings):
            message.string = message.id if isinstance(message.id, str) else tuple(message.id)
    with open(po, "wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False)


def merge(source: str, lang: str) -> None:
    """Take translations for matching messages from another .po or a JSON {msgid: msgstr|[forms]} file."""
    import json

    from babel.messages.pofile import read_po, write_po

    if source.endswith(".json"):
        found = json.loads(Path(source).read_text(encoding="utf-8"))
    else:
        with open(source, "rb") as fh:
            found = {(m.id if isinstance(m.id, str) else m.id[0]): m.string for m in read_po(fh) if m.id and m.string}
    po = I18N / lang / "LC_MESSAGES" / "messages.po"
    with open(po, "rb") as fh:
        catalog = read_po(fh, locale=lang)
    count = 0
    for message in catalog:
        key = message.id if isinstance(message.id, str) else message.id[0]
        if message.id and key in found and found[key]:
            value = found[key]
            if isinstance(message.id, (tuple, list)):
                forms = list(value) if isinstance(value, (list, tuple)) else [value]
                forms += [forms[-1]] * (max(1, catalog.num_plurals) - len(forms))
                value = tuple(forms)
            elif isinstance(value, (list, tuple)):
                value = value[0]
            message.string = value
            message.flags.discard("fuzzy")
            count += 1
    with open(po, "wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False)
    print(f"{lang}: merged {count} translations from {source}")


def untranslated(lang: str) -> None:
    """Print the messages still lacking a translation, as JSON {msgid: "" or [plural, ...]}."""
    import json

    from babel.messages.pofile import read_po

    with open(I18N / lang / "LC_MESSAGES" / "messages.po", "rb") as fh:
        catalog = read_po(fh, locale=lang)
    todo = {}
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        if message.fuzzy or not all(strings):
            key = message.id if isinstance(message.id, str) else message.id[0]
            todo[key] = "" if isinstance(message.id, str) else {"plural": message.id[1]}
    print(json.dumps(todo, ensure_ascii=False, indent=1))


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


def lrelease() -> str | None:
    """The lrelease that comes with PySide6 (beside this Python, or on the PATH)."""
    import shutil

    beside = Path(sys.executable).parent / "pyside6-lrelease"
    if beside.exists():
        return str(beside)
    found = shutil.which("pyside6-lrelease")
    if found:
        return found
    try:
        import PySide6

        bundled = Path(PySide6.__file__).parent / "lrelease"
        return str(bundled) if bundled.exists() else None
    except ImportError:
        return None


def compile_qt() -> None:
    """Qt's own texts (file dialogs, standard buttons, context menus) in Indonesian and Malay: Qt ships
    no catalog for them, so Pantau keeps its own in i18n/qt/."""
    tool = lrelease()
    for ts in sorted((I18N / "qt").glob("qtbase_*.ts")):
        out = LOCALE / "qt" / (ts.stem + ".qm")
        if out.exists() and out.stat().st_mtime >= ts.stat().st_mtime:
            continue
        if tool is None:
            print(f"pyside6-lrelease not found: {ts.name} not compiled", file=sys.stderr)
            return
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([tool, "-silent", str(ts), "-qm", str(out)], check=True, cwd=ROOT)


if __name__ == "__main__":
    commands = {
        "extract": extract,
        "update": lambda: (update(), fill_english()),
        "compile": lambda: (compile_all(), compile_qt()),
        "merge": lambda: merge(sys.argv[2], sys.argv[3]),
        "untranslated": lambda: untranslated(sys.argv[2]),
    }
    commands[sys.argv[1]]()
