#!/usr/bin/env python3
"""Every error message Pantau can show, found in the sources, and whether the guide explains it.

    python scripts/guide_errors.py list              # code, message and where it is raised
    python scripts/guide_errors.py missing [--lang id]   # messages the troubleshooting page lacks

A message is found (by reading the code, not running it) when a translated string
literal — ``_("…")`` or ``ngettext("…", …)``, possibly followed by ``.format(…)`` — is
given to an error: a call whose name ends in Error, Exception, Locked, NotFound or
Failed (``PantauError``, ``BundleError``, ``click.ClickException``…) or any call in a
``raise`` statement (``raise _record_error(what, n, _("…"))``), a name assigned from
``_("…")`` and later raised in the same function, or a ``QMessageBox.critical`` /
``warning`` text (not its title). Each message has a stable code (E- and six hex digits of its SHA-1)
that identifies its entry in every language of docs/guide/<lang>/troubleshooting.md;
the English page must also quote the message itself. tests/onboarding checks both.
"""

from __future__ import annotations

import ast
import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "desktop"
GUIDE = ROOT / "docs" / "guide"
ERROR_NAME = re.compile(r"(Error|Exception|Locked|NotFound|Failed|BadParameter|UsageError)$")
TRANSLATORS = {"_": 0, "ngettext": 0}


def code(message: str) -> str:
    return "E-" + hashlib.sha1(message.encode("utf-8")).hexdigest()[:6].upper()


def _callee(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _translated(node) -> str | None:
    """The msgid of ``_("…")`` / ``ngettext("…", …)``, also behind ``.format(…)``."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        node = node.func.value
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in TRANSLATORS
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):
        return node.args[0].value
    return None


def _messages_in(call: ast.Call, names: dict[str, str], depth: int = 0):
    for arg in list(call.args) + [k.value for k in call.keywords]:
        found = _translated(arg)
        if found:
            yield found
        elif isinstance(arg, ast.Name) and arg.id in names:
            yield names[arg.id]
        elif (
            isinstance(arg, ast.Call)
            and isinstance(arg.func, ast.Attribute)
            and arg.func.attr == "format"
            and isinstance(arg.func.value, ast.Name)
            and arg.func.value.id in names
        ):
            yield names[arg.func.value.id]
        elif isinstance(arg, ast.Call) and depth < 2 and _callee(arg) not in TRANSLATORS:
            yield from _messages_in(arg, names, depth + 1)


def _scope_names(scope) -> dict[str, str]:
    """Names assigned a translated string in this function (``bad = _("…")``)."""
    names = {}
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            found = _translated(node.value)
            if found:
                names[node.targets[0].id] = found
    return names


def user_messages(package: Path = PACKAGE) -> dict[str, list[str]]:
    """msgid → ['desktop/…py:line', …] for every error message a user can be shown."""
    found: dict[str, list[str]] = {}
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        scopes = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))] or [tree]
        for scope in scopes + [tree]:
            names = _scope_names(scope) if scope is not tree else {}
            for node in ast.walk(scope):
                calls = []
                if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                    calls.append(node.exc)
                elif isinstance(node, ast.Call):
                    name = _callee(node)
                    if ERROR_NAME.search(name) or (
                        name in ("critical", "warning")
                        and isinstance(node.func, ast.Attribute)
                        and getattr(node.func.value, "id", "") == "QMessageBox"
                    ):
                        calls.append(node)
                for call in calls:
                    if _callee(call) in ("critical", "warning") and not ERROR_NAME.search(_callee(call)):
                        call = ast.Call(func=call.func, args=call.args[2:3], keywords=[], lineno=call.lineno)
                    for message in _messages_in(call, names):
                        where = f"{path.relative_to(package.parent)}:{call.lineno}"
                        if where not in found.setdefault(message, []):
                            found[message].append(where)
    return found


def shown_form(message: str) -> str:
    """The message as the guide quotes it: placeholders stay {name}; whitespace normalised."""
    return " ".join(message.split())


def guide_text(lang: str) -> str:
    path = GUIDE / lang / "troubleshooting.md"
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def catalog(lang: str) -> dict[str, str]:
    """msgid → translation from i18n/<lang>/LC_MESSAGES/messages.po (empty for English or no catalog)."""
    path = ROOT / "i18n" / lang / "LC_MESSAGES" / "messages.po"
    if lang == "en" or not path.is_file():
        return {}
    from babel.messages.pofile import read_po

    with open(path, "rb") as fh:
        out = {}
        for item in read_po(fh, locale=lang):
            text = item.string[0] if isinstance(item.string, (list, tuple)) else item.string
            if item.id and text and not item.fuzzy:
                out[item.id if isinstance(item.id, str) else item.id[0]] = text
        return out


def missing(lang: str = "en") -> list[str]:
    text = guide_text(lang)
    flat = " ".join(text.split())
    out = []
    for message in user_messages():
        if code(message) not in text or (lang == "en" and shown_form(message) not in flat):
            out.append(message)
    return out


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "list"
    lang = argv[argv.index("--lang") + 1] if "--lang" in argv else "en"
    messages = user_messages()
    if command == "list":
        for message, where in sorted(messages.items(), key=lambda kv: kv[1][0]):
            print(f"{code(message)}\t{where[0]}\t{shown_form(message)}")
        print(f"{len(messages)} messages", file=sys.stderr)
        return 0
    if command == "missing":
        todo = missing(lang)
        translated = catalog(lang)
        for message in todo:
            print(f"- `{code(message)}` “{shown_form(translated.get(message, message))}”  ({messages[message][0]})")
        print(
            f"{len(todo)} of {len(messages)} messages are missing from docs/guide/{lang}/troubleshooting.md",
            file=sys.stderr,
        )
        return 1 if todo else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
