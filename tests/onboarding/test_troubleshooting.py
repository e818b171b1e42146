"""Every error message the code can show a user is explained in the troubleshooting page.

The messages are found by reading the code (scripts/guide_errors.py: every translated string literal
given to an error — ``raise …Error(_("…"))``, ``PantauError(_(…))``, ``click.ClickException(_(…))``,
helpers called in a ``raise``, names assigned from ``_()`` and raised, ``QMessageBox.critical`` /
``warning`` texts). The English page must quote each message exactly (placeholders shown as {name});
every language's page must hold each message's stable code (E- and six hex digits of the message's
SHA-1), because the translated wording comes from catalogs that may still be incomplete."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _guide_errors():
    spec = importlib.util.spec_from_file_location("guide_errors", ROOT / "scripts" / "guide_errors.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GUIDE_ERRORS = _guide_errors()


@pytest.fixture(scope="module")
def messages() -> dict:
    return GUIDE_ERRORS.user_messages()


def test_the_scan_finds_the_kinds_of_messages_it_promises(messages):
    assert len(messages) > 150
    assert "Wrong passphrase." in messages  # raise WrongPassphrase(_())
    assert "{what}: record {n} is not valid: {reason}" in messages  # a helper that returns the error
    assert "it is not JSON." in messages  # raise helper(…, _("…"))
    assert "{name} is not a Pantau coordinator card." in messages  # bad = _(…); raise …(bad)
    assert "Set PANTAU_NEW_PASSPHRASE or run this command in a terminal." in messages  # click.ClickException
    assert "Pantau cannot start: {message}" in messages  # QMessageBox.critical text
    assert "The record has {n} problem." in messages  # ngettext
    assert GUIDE_ERRORS.code("Wrong passphrase.") == GUIDE_ERRORS.code("Wrong passphrase.")
    assert re.fullmatch(r"E-[0-9A-F]{6}", GUIDE_ERRORS.code("Wrong passphrase."))


def test_every_message_is_explained_in_english(messages):
    missing = GUIDE_ERRORS.missing("en")
    assert not missing, (
        f"{len(missing)} error messages are not in docs/guide/en/troubleshooting.md; run "
        f"'python scripts/guide_errors.py missing' for ready-made entries, e.g. "
        f"{[(GUIDE_ERRORS.code(m), m, messages[m][0]) for m in missing[:5]]}"
    )


@pytest.mark.parametrize("lang", ["id", "ms"])
def test_every_message_has_its_entry_in_the_translations(messages, lang):
    missing = GUIDE_ERRORS.missing(lang)
    assert not missing, (
        f"{len(missing)} error messages have no entry (by code) in docs/guide/{lang}/"
        f"troubleshooting.md; run 'python scripts/guide_errors.py missing --lang {lang}', e.g. "
        f"{[(GUIDE_ERRORS.code(m), m) for m in missing[:5]]}"
    )


def test_codes_are_unique(messages):
    codes = [GUIDE_ERRORS.code(m) for m in messages]
    assert len(codes) == len(set(codes))
